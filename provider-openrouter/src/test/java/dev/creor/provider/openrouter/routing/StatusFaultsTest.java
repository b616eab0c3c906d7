package dev.creor.provider.openrouter.routing;

import static dev.creor.core.RouteAttempt.Outcome.FAILED;
import static dev.creor.core.RouteAttempt.Outcome.SUCCEEDED;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.errorIn200;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.RouteAttempt;
import dev.creor.core.RouteReport;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.routing.ModelRouter;
import dev.creor.core.routing.RetryPolicy;
import dev.creor.testkit.RecordingSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault matrix, part one: error statuses and error bodies from the sandbox, through the real
 * adapter and the router. Each case checks the final text, the attempts, the error and how long
 * the router waited on its virtual clock.
 */
class StatusFaultsTest extends RouterOverSandbox {

    @Test
    void a429WithRetryAfterOneSecondIsRetriedAfterExactlyOneSecond() throws Exception {
        sandbox.script(PRIMARY, status(429).retryAfterSeconds(1), reply(REPLY));

        ChatResponse answer = chat(router(), request(PRIMARY_REF));

        assertThat(answer.text()).isEqualTo(REPLY);
        RouteReport route = answer.route();
        assertThat(route.summary()).isEqualTo(PRIMARY_REF + " FAILED RATE_LIMITED → " + PRIMARY_REF + " SUCCEEDED");
        assertThat(route.attempts()).extracting(RouteAttempt::waitBefore)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(route.attempts().get(0).detail().orElseThrow()).startsWith("OpenRouter answered HTTP 429 for "
                + PRIMARY);
        assertWaited(route, Duration.ofSeconds(1));
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(1));
        assertThat(chatRequests()).containsExactly(PRIMARY, PRIMARY);
    }

    @Test
    void aStreamed429WithRetryAfterIsRetriedBeforeAnythingIsDelivered() throws Exception {
        sandbox.script(PRIMARY, status(429).retryAfterSeconds(1), reply(REPLY));

        RecordingSubscriber<ChatEvent> subscriber = stream(router(), request(PRIMARY_REF));

        assertThat(subscriber.text()).isEqualTo(REPLY);
        assertThat(subscriber.textDeltas()).containsExactly("alpha ", "beta ", "gamma ", "delta");
        assertThat(outcomes(subscriber.completed().metadata().route())).containsExactly(FAILED, SUCCEEDED);
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void a429WithRetryAfterOverTheCapFailsAtOnceSayingWhenToTryAgain() throws Exception {
        sandbox.script(PRIMARY, status(429).retryAfterSeconds(120), reply(REPLY));

        CreorException error = chatFailure(router(), request(PRIMARY_REF));

        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.getMessage()).startsWith(PRIMARY_REF + " asks to wait 2 min before trying again, longer than"
                + " the 1 min the retry policy waits (maxRetryAfter); try again at 2026-01-01T00:02:00Z (in 2 min)."
                + " The provider said: OpenRouter answered HTTP 429");
        assertThat(error.retryAfter()).hasValue(Duration.ofSeconds(120));
        assertThat(error.httpStatus()).hasValue(429);
        assertThat(error.route().summary()).isEqualTo(PRIMARY_REF + " FAILED RATE_LIMITED");
        assertThat(time.elapsed()).isZero();
        assertThat(chatRequests()).containsExactly(PRIMARY);
    }

    @Test
    void aRetryAfterGivenAsAnHttpDateIsHonouredToo() throws Exception {
        sandbox.script(PRIMARY, status(429).retryAfterDate(java.time.Instant.now().plusSeconds(3)), reply(REPLY));

        ChatResponse answer = chat(router(), request(PRIMARY_REF));

        assertThat(answer.text()).isEqualTo(REPLY);
        Duration waited = answer.route().attempts().get(1).waitBefore();
        // Whole seconds on the wire, measured against the real clock: up to 3 s, minus the time the request took.
        assertThat(waited).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(time.elapsed()).isEqualTo(waited);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503})
    void serverErrorsAreRetriedWithJitteredBackoffUntilTheySucceed(int status) throws Exception {
        sandbox.script(PRIMARY, status(status).times(2), reply(REPLY));

        ChatResponse answer = chat(router(), request(PRIMARY_REF));

        assertThat(answer.text()).isEqualTo(REPLY);
        RouteReport route = answer.route();
        assertThat(route.summary()).isEqualTo(PRIMARY_REF + " FAILED PROVIDER_UNAVAILABLE → " + PRIMARY_REF
                + " FAILED PROVIDER_UNAVAILABLE → " + PRIMARY_REF + " SUCCEEDED");
        SplittableRandom same = new SplittableRandom(SEED);
        assertThat(route.attempts()).extracting(RouteAttempt::waitBefore).containsExactly(Duration.ZERO,
                RetryPolicy.defaults().backoff(0, same), RetryPolicy.defaults().backoff(1, same));
        assertWaited(route, Duration.ofMillis(500 + 1000));
        assertThat(route.attempts().get(0).detail().orElseThrow()).startsWith("OpenRouter answered HTTP " + status);
        assertThat(chatRequests()).containsExactly(PRIMARY, PRIMARY, PRIMARY);
    }

    @Test
    void aStreamedServerErrorIsRetriedAndTheTextArrivesOnce() throws Exception {
        sandbox.script(PRIMARY, status(503).times(2), reply(REPLY));

        RecordingSubscriber<ChatEvent> subscriber = stream(router(), request(PRIMARY_REF));

        assertThat(subscriber.textDeltas()).containsExactly("alpha ", "beta ", "gamma ", "delta");
        assertThat(outcomes(subscriber.completed().metadata().route())).containsExactly(FAILED, FAILED, SUCCEEDED);
        assertWaited(subscriber.completed().metadata().route(), Duration.ofMillis(1500));
    }

    @Test
    void a503ForeverFallsBackNativelyWithinOneRequest() throws Exception {
        sandbox.script(PRIMARY, status(503));
        sandbox.script(FALLBACK, reply(REPLY));

        ChatResponse answer = chat(router(), request(PRIMARY_REF, FALLBACK_REF));

        assertThat(answer.text()).isEqualTo(REPLY);
        assertThat(answer.servedModel()).isEqualTo(FALLBACK_REF);
        RouteAttempt attempt = answer.route().attempts().get(0);
        assertThat(answer.route().attempts()).hasSize(1);
        assertThat(attempt.model()).isEqualTo(PRIMARY_REF);
        assertThat(attempt.nativeFallbacks()).containsExactly(FALLBACK_REF);
        assertThat(attempt.servedModel()).hasValue(FALLBACK_REF);
        assertThat(chatRequests()).containsExactly(PRIMARY);
        assertThat(nativeModels(0)).containsExactly(PRIMARY, FALLBACK);
        assertThat(time.elapsed()).isZero();
    }

    @Test
    void a503ForeverFallsBackClientSideAfterTheRetries() throws Exception {
        sandbox.script(PRIMARY, status(503));
        sandbox.script(FALLBACK, reply(REPLY));

        ChatResponse answer = chat(clientSideRouter(), request(PRIMARY_REF, FALLBACK_REF));

        assertThat(answer.text()).isEqualTo(REPLY);
        assertThat(answer.route().summary()).isEqualTo(PRIMARY_REF + " FAILED PROVIDER_UNAVAILABLE → " + PRIMARY_REF
                + " FAILED PROVIDER_UNAVAILABLE → " + PRIMARY_REF + " FAILED PROVIDER_UNAVAILABLE → " + FALLBACK_REF
                + " SUCCEEDED");
        assertThat(answer.route().attempts().get(3).waitBefore()).isZero();
        assertWaited(answer.route(), Duration.ofMillis(1500));
        assertThat(chatRequests()).containsExactly(PRIMARY, PRIMARY, PRIMARY, FALLBACK);
        assertThat(nativeModels(0)).isEmpty();
    }

    @Test
    void a503ForeverOnEveryModelFailsWithTheLastErrorAndTheWholeRoute() throws Exception {
        sandbox.script("*", status(503).message("Upstream overloaded"));

        RecordingSubscriber<ChatEvent> subscriber = stream(clientSideRouter(), request(PRIMARY_REF, FALLBACK_REF));

        CreorException error = subscriber.failed().error();
        assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(error.getMessage()).isEqualTo("OpenRouter answered HTTP 503 for " + FALLBACK
                + ": Upstream overloaded (upstream provider: OpenAI)");
        assertThat(error.upstreamProvider()).hasValue("OpenAI");
        assertThat(error.hint()).isPresent();
        assertThat(subscriber.failed().partialText()).isEmpty();
        assertThat(outcomes(subscriber.failed().route())).containsExactly(FAILED, FAILED, FAILED, FAILED, FAILED,
                FAILED);
        assertThat(error.route()).isEqualTo(subscriber.failed().route());
        assertWaited(subscriber.failed().route(), Duration.ofSeconds(3));
    }

    @Test
    void a404MovesToTheFallbackWithoutRetrying() throws Exception {
        sandbox.script(PRIMARY, status(404));
        sandbox.script(FALLBACK, reply(REPLY));

        ChatResponse answer = chat(clientSideRouter(), request(PRIMARY_REF, FALLBACK_REF));

        assertThat(answer.text()).isEqualTo(REPLY);
        assertThat(answer.route().summary()).isEqualTo(PRIMARY_REF + " FAILED MODEL_NOT_FOUND → " + FALLBACK_REF
                + " SUCCEEDED");
        assertThat(chatRequests()).containsExactly(PRIMARY, FALLBACK);
        assertThat(time.elapsed()).isZero();
    }

    @Test
    void a404FallsBackNativelyWhenTheProviderCan() throws Exception {
        sandbox.script(PRIMARY, status(404));
        sandbox.script(FALLBACK, reply(REPLY));

        RecordingSubscriber<ChatEvent> subscriber = stream(router(), request(PRIMARY_REF, FALLBACK_REF));

        assertThat(subscriber.text()).isEqualTo(REPLY);
        assertThat(subscriber.completed().metadata().servedModel()).isEqualTo(FALLBACK_REF);
        assertThat(subscriber.completed().metadata().route().summary()).isEqualTo(PRIMARY_REF + " SUCCEEDED");
        assertThat(chatRequests()).containsExactly(PRIMARY);
    }

    @ParameterizedTest
    @ValueSource(ints = {413, 422})
    void aContextTooLongMovesToTheFallbackWithoutRetrying(int status) throws Exception {
        sandbox.script(PRIMARY, status(status));
        sandbox.script(FALLBACK, reply(REPLY));

        RecordingSubscriber<ChatEvent> subscriber = stream(clientSideRouter(), request(PRIMARY_REF, FALLBACK_REF));

        assertThat(subscriber.text()).isEqualTo(REPLY);
        assertThat(subscriber.completed().metadata().route().summary()).isEqualTo(PRIMARY_REF
                + " FAILED CONTEXT_TOO_LONG → " + FALLBACK_REF + " SUCCEEDED");
        assertThat(chatRequests()).containsExactly(PRIMARY, FALLBACK);
        assertThat(time.elapsed()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 402})
    void authAndCreditErrorsStopAtOnceWithoutRetryOrFallback(int status) throws Exception {
        sandbox.script(PRIMARY, status(status));
        sandbox.script(FALLBACK, reply(REPLY));
        ErrorCode expected = status == 401 ? ErrorCode.AUTH_INVALID : ErrorCode.INSUFFICIENT_CREDITS;

        CreorException chatError = chatFailure(clientSideRouter(), request(PRIMARY_REF, FALLBACK_REF));
        RecordingSubscriber<ChatEvent> subscriber = stream(router(), request(PRIMARY_REF, FALLBACK_REF));

        for (CreorException error : List.of(chatError, subscriber.failed().error())) {
            assertThat(error.code()).isEqualTo(expected);
            assertThat(error.getMessage()).startsWith("OpenRouter answered HTTP " + status + " for " + PRIMARY);
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint)
                    .contains(status == 401 ? "creor auth login openrouter" : "openrouter.ai/settings/credits"));
            assertThat(error.route().summary()).isEqualTo(PRIMARY_REF + " FAILED " + expected);
        }
        assertThat(subscriber.failed().partialText()).isEmpty();
        assertThat(chatRequests()).containsExactly(PRIMARY, PRIMARY);
        assertThat(time.elapsed()).isZero();
    }

    @Test
    void aRejectedKeyStopsTheRouteWithTheAdaptersAdvice() throws Exception {
        ModelRouter router = ModelRouter.builder(time)
                .provider("openrouter", dev.creor.core.routing.RouteTarget.builder(provider("openrouter",
                        settings -> settings.credential(dev.creor.core.Secret.of("sk-or-v1-" + "0".repeat(64))))
                        .chatModel()).build())
                .build();

        CreorException error = chatFailure(router, request(PRIMARY_REF, FALLBACK_REF));

        assertThat(error.code()).isEqualTo(ErrorCode.AUTH_INVALID);
        assertThat(error.getMessage()).doesNotContain("0".repeat(64));
        assertThat(error.route().summary()).isEqualTo(PRIMARY_REF + " FAILED AUTH_INVALID");
        assertThat(chatRequests()).containsExactly(PRIMARY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"502", "server_error"})
    void a200CarryingAnErrorIsRetriedByItsCode(String code) throws Exception {
        Object wireCode = code.equals("502") ? (Object) 502 : code;
        sandbox.script(PRIMARY, errorIn200(wireCode, "Upstream hiccup"), reply(REPLY));

        ChatResponse chatAnswer = chat(router(), request(PRIMARY_REF));
        sandbox.script(PRIMARY, errorIn200(wireCode, "Upstream hiccup"), reply(REPLY));
        RecordingSubscriber<ChatEvent> subscriber = stream(router(), request(PRIMARY_REF));

        assertThat(chatAnswer.text()).isEqualTo(REPLY);
        assertThat(subscriber.text()).isEqualTo(REPLY);
        for (RouteReport route : List.of(chatAnswer.route(), subscriber.completed().metadata().route())) {
            assertThat(route.summary()).isEqualTo(PRIMARY_REF + " FAILED PROVIDER_UNAVAILABLE → " + PRIMARY_REF
                    + " SUCCEEDED");
            assertThat(route.attempts().get(0).detail().orElseThrow()).contains("Upstream hiccup");
        }
        assertThat(chatRequests()).hasSize(4);
    }
}
