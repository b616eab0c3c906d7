package dev.creor.core.routing;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Models, requests and errors shared by the router tests. */
final class RouterFixtures {
    static final ModelRef A = ModelRef.parse("openrouter/anthropic/claude-sonnet-4");
    static final ModelRef B = ModelRef.parse("openrouter/openai/gpt-4o");
    static final ModelRef C = ModelRef.parse("openrouter/google/gemini-2.5-flash");
    static final ModelRef LOCAL = ModelRef.parse("local/qwen3");

    private RouterFixtures() {
    }

    static ChatRequest request(ModelRef model, ModelRef... fallbacks) {
        return ChatRequest.builder().model(model).fallbacks(Arrays.asList(fallbacks))
                .addMessage(Message.user("a private prompt")).build();
    }

    static CreorException unavailable() {
        return CreorException.builder(ErrorCode.PROVIDER_UNAVAILABLE, "upstream answered 503").httpStatus(503).build();
    }

    static CreorException rateLimited(Duration retryAfter) {
        return CreorException.builder(ErrorCode.RATE_LIMITED, "rate limited").httpStatus(429).retryAfter(retryAfter)
                .build();
    }

    /** The exception a failed future holds. */
    static CreorException failure(CompletableFuture<?> future) {
        try {
            future.get();
        } catch (ExecutionException failed) {
            return (CreorException) failed.getCause();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError(interrupted);
        }
        throw new AssertionError("the future succeeded: " + future.join());
    }
}
