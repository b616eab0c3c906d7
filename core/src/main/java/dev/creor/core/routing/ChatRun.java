package dev.creor.core.routing;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.RouteReport;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Usage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A routed {@link ModelRouter#chat} call: each attempt is one upstream {@code chat}. */
final class ChatRun extends RouteRun {
    private final CompletableFuture<ChatResponse> result = new CompletableFuture<>();

    ChatRun(ModelRouter router, ChatRequest request) {
        super(router, request);
        // Cancelling (or otherwise completing) the caller's future stops whatever is under way.
        result.whenComplete((response, error) -> execute(this::cancelRoute));
    }

    CompletableFuture<ChatResponse> result() {
        return result;
    }

    @Override
    void send(Attempt attempt, ChatRequest attemptRequest) {
        CompletionStage<ChatResponse> call = attempt.step.target().chatModel().chat(attemptRequest);
        if (call == null) {
            throw new IllegalStateException("chat returned null");
        }
        attempt.call = call;
        call.whenComplete((response, error) -> execute(() -> completed(attempt, response, error)));
    }

    private void completed(Attempt attempt, ChatResponse response, Throwable error) {
        if (!isCurrent(attempt)) {
            return;
        }
        if (error != null) {
            attemptFailed(attempt, asCreorException(error, attempt.step.providerId()), false);
        } else if (response == null) {
            attemptFailed(attempt, CreorException.of(ErrorCode.INTERNAL, "provider " + attempt.step.providerId()
                    + " answered with nothing"), false);
        } else {
            RouteReport report = withPromptCache(attemptSucceeded(attempt, response.servedModel(),
                    response.upstreamProvider()), response.usage());
            result.complete(response.withMetadata(response.metadata().withRoute(report)));
        }
    }

    /** The report with the answer's prompt-cache figures, taken from its usage (a stream's too). */
    static RouteReport withPromptCache(RouteReport report, Usage usage) {
        if (usage.cachedTokens() == 0 && usage.cacheWriteTokens() == 0 && usage.cacheSavings().isEmpty()) {
            return report; // the common case allocates nothing more
        }
        RouteReport.PromptCache cache = RouteReport.PromptCache.of(usage.cachedTokens(), usage.cacheWriteTokens());
        return report.withPromptCache(usage.cacheSavings().map(cache::withSavings).orElse(cache));
    }

    @Override
    void abort(Attempt attempt) {
        if (attempt.call != null) {
            try {
                attempt.call.toCompletableFuture().cancel(true);
            } catch (UnsupportedOperationException notCancellable) {
                LOG.log(System.Logger.Level.DEBUG, () -> "route " + id + ": the upstream call of "
                        + attempt.models.get(0) + " cannot be cancelled; its answer will be ignored");
            }
        }
    }

    @Override
    void deliverFailure(CreorException error, RouteReport report) {
        result.completeExceptionally(error);
    }
}
