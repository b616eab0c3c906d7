package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import dev.creor.spi.Provider;
import dev.creor.testkit.RecordingSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every error status and error shape the sandbox produces, through chat() and stream(). */
class ErrorsOverHttpTest extends SandboxTestSupport {

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
        "400, INVALID_REQUEST, false",
        "401, AUTH_INVALID, false",
        "402, INSUFFICIENT_CREDITS, false",
        "403, MODERATION, false",
        "404, MODEL_NOT_FOUND, false",
        "408, TIMEOUT, true",
        "413, CONTEXT_TOO_LONG, false",
        "422, CONTEXT_TOO_LONG, false",
        "429, RATE_LIMITED, true",
        "500, PROVIDER_UNAVAILABLE, true",
        "502, PROVIDER_UNAVAILABLE, true",
        "503, PROVIDER_UNAVAILABLE, true",
        "504, PROVIDER_UNAVAILABLE, true",
        "524, PROVIDER_UNAVAILABLE, true",
        "529, PROVIDER_UNAVAILABLE, true"})
    void everyStatusBecomesItsErrorCodeInChatAndStream(int status, ErrorCode code, boolean retryable) {
        sandbox.script("vendor/failing", SandboxBehaviour.status(status).message("scripted failure " + status));
        Provider provider = provider();

        CreorException fromChat = chatError(provider, request("vendor/failing"));
        CreorException fromStream = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/failing"))).awaitError();

        for (CreorException error : new CreorException[] {fromChat, fromStream}) {
            assertThat(error.code()).isEqualTo(code);
            assertThat(error.retryable()).isEqualTo(retryable);
            assertThat(error.httpStatus()).hasValue(status);
            assertThat(error.getMessage()).contains("HTTP " + status, "vendor/failing", "scripted failure " + status);
            assertThat(error.hint()).isPresent();
        }
    }

    @Test
    void retryAfterIsReadInSecondsAndAsAnHttpDate() {
        sandbox.script("vendor/limited", SandboxBehaviour.status(429).retryAfterSeconds(17));
        sandbox.script("vendor/dated", SandboxBehaviour.status(503).retryAfterDate(
                Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS)));
        Provider provider = provider();

        assertThat(chatError(provider, request("vendor/limited")).retryAfter()).hasValue(Duration.ofSeconds(17));
        assertThat(RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/limited")))
                .awaitError().retryAfter()).hasValue(Duration.ofSeconds(17));
        assertThat(chatError(provider, request("vendor/dated")).retryAfter()).hasValueSatisfying(wait ->
                assertThat(wait).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5)));
    }

    @Test
    void theErrorTypeRefinesAndTheUpstreamProviderIsNamed() {
        sandbox.script("vendor/overloaded", SandboxBehaviour.status(400).errorType("context_length_exceeded")
                .providerName("Together").message("This model's maximum context length is 8192 tokens"));

        CreorException error = chatError(provider(), request("vendor/overloaded"));

        assertThat(error.code()).isEqualTo(ErrorCode.CONTEXT_TOO_LONG);
        assertThat(error.upstreamProvider()).hasValue("Together");
        assertThat(error.getMessage()).contains("maximum context length", "upstream provider: Together");
    }

    @Test
    void aPromptOverTheModelsContextWindowIsOpenRoutersPlain400AndBecomesContextTooLong() {
        // microsoft/phi-4's window is 16,384 tokens; the sandbox counts a token per four characters.
        ChatRequest tooLong = request("microsoft/phi-4", "x".repeat(4 * 16_384 + 4));
        Provider provider = provider();

        CreorException fromChat = chatError(provider, tooLong);
        CreorException fromStream = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(tooLong)).awaitError();

        for (CreorException error : new CreorException[] {fromChat, fromStream}) {
            assertThat(error.code()).isEqualTo(ErrorCode.CONTEXT_TOO_LONG);
            assertThat(error.httpStatus()).hasValue(400);
            assertThat(error.retryable()).isFalse();
            assertThat(error.getMessage()).contains("This endpoint's maximum context length is 16384 tokens");
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                    .startsWith("shorten the conversation, or use a model with a larger context window"));
        }
    }

    @Test
    void aBaseUrlWithoutTheApiPathIsNamedAsTheProblemNotTheModel() throws Exception {
        String root = sandbox.baseUrl().toString().replaceFirst("/api/v1$", "");
        Provider provider = provider(settings -> settings.options(options("baseURL", root)));

        CreorException fromChat = chatError(provider, request("openai/gpt-4o"));
        CreorException fromStream = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("openai/gpt-4o"))).awaitError();
        CreorException fromList = unwrap(provider.catalog().refresh());

        for (CreorException error : new CreorException[] {fromChat, fromStream, fromList}) {
            assertThat(error.code()).as(error.getMessage()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(error.getMessage()).startsWith("the base URL " + root + " looks wrong: ")
                    .contains("HTTP 404").doesNotContain("did you mean");
            assertThat(error.hint()).hasValue("OpenRouter's API is under /api/v1; check provider.openrouter.options"
                    + ".baseURL, e.g. https://openrouter.ai/api/v1");
        }
    }

    @Test
    void aModelThatIsNotFoundStaysModelNotFound() {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.status(404));

        CreorException error = chatError(provider(), request("openai/gpt-4o"));

        assertThat(error.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(error.getMessage()).contains("No endpoints found for openai/gpt-4o");
    }

    private static CreorException unwrap(java.util.concurrent.CompletionStage<?> stage) throws InterruptedException {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            return (CreorException) failed.getCause();
        } catch (java.util.concurrent.TimeoutException slow) {
            throw new AssertionError("no answer within 10 s", slow);
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void moderationNamesTheFlaggedInputAndTheReasons() {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.status(403).reasons("violence", "harassment"));

        CreorException error = chatError(provider(), request("openai/gpt-4o", "a sentence the filter dislikes"));

        assertThat(error.code()).isEqualTo(ErrorCode.MODERATION);
        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                .contains("flagged the input", "a sentence the filter dislikes", "violence, harassment"));
    }

    @Test
    void aWrongKeyIsAuthInvalidWithHowToSetOne() {
        Secret wrong = Secret.of("sk-or-v1-" + "deadbeef".repeat(8));
        Provider provider = provider(settings -> settings.credential(wrong));

        CreorException fromChat = chatError(provider, request("openai/gpt-4o"));
        CreorException fromStream = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("openai/gpt-4o"))).awaitError();

        for (CreorException error : new CreorException[] {fromChat, fromStream}) {
            assertThat(error.code()).isEqualTo(ErrorCode.AUTH_INVALID);
            assertThat(error.httpStatus()).hasValue(401);
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                    .contains("creor auth login openrouter", "OPENROUTER_API_KEY", wrong.masked()));
            assertThat(error.describe()).doesNotContain(wrong.reveal());
        }
    }

    @Test
    void withoutAKeyNothingIsSentAndTheErrorIsAuthMissing() {
        Provider provider = provider(settings -> dev.creor.spi.ProviderSettings.builder("openrouter")
                .options(sandbox.providerOptions()));

        CreorException fromChat = chatError(provider, request("openai/gpt-4o"));
        CreorException fromStream = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("openai/gpt-4o"))).awaitError();

        assertThat(fromChat.code()).isEqualTo(ErrorCode.AUTH_MISSING);
        assertThat(fromStream.code()).isEqualTo(ErrorCode.AUTH_MISSING);
        assertThat(sandbox.requests()).isEmpty();
    }

    @Test
    void anUnknownModelIsModelNotFoundWithDidYouMean() {
        Provider provider = provider();

        CreorException fromChat = chatError(provider, request("anthropic/claude-sonet-4"));
        CreorException fromStream = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("anthropic/claude-sonet-4"))).awaitError();

        for (CreorException error : new CreorException[] {fromChat, fromStream}) {
            assertThat(error.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
            assertThat(error.httpStatus()).hasValue(400);
            assertThat(error.getMessage()).contains("not a valid model ID",
                    "did you mean \"anthropic/claude-sonnet-4\"");
        }
    }

    private static CreorException chatError(Provider provider, ChatRequest request) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() ->
                provider.chatModel().chat(request).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(CreorException.class);
        return (CreorException) thrown.getCause();
    }

    @Test
    void chatNeverCompletesNormallyWithAnError() {
        sandbox.script("vendor/failing", SandboxBehaviour.status(500));

        assertThatThrownBy(() -> provider().chatModel().chat(request("vendor/failing")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    }
}
