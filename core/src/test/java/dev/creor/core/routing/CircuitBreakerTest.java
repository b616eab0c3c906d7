package dev.creor.core.routing;

import static dev.creor.core.routing.FakeChatModel.Behaviour.answer;
import static dev.creor.core.routing.FakeChatModel.Behaviour.fail;
import static dev.creor.core.routing.FakeChatModel.Behaviour.hang;
import static dev.creor.core.routing.RouterFixtures.A;
import static dev.creor.core.routing.RouterFixtures.B;
import static dev.creor.core.routing.RouterFixtures.LOCAL;
import static dev.creor.core.routing.RouterFixtures.failure;
import static dev.creor.core.routing.RouterFixtures.request;
import static dev.creor.core.routing.RouterFixtures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.RouteAttempt;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.testing.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final FakeChatModel openRouter = new FakeChatModel(time);
    private final FakeChatModel local = new FakeChatModel(time);
    private final ModelRouter router = ModelRouter.builder(time)
            .provider("openrouter", RouteTarget.builder(openRouter)
                    .nativeFallbacks(true)
                    .retryPolicy(RetryPolicy.noRetries())
                    .circuitBreaker(new CircuitBreakerPolicy(3, Duration.ofSeconds(30)))
                    .build())
            .provider("local", RouteTarget.builder(local).build())
            .build();

    private CompletableFuture<ChatResponse> chat(dev.creor.core.chat.ChatRequest request) {
        CompletableFuture<ChatResponse> answer = router.chat(request);
        time.runUntilIdle();
        return answer;
    }

    private void failTimes(int times) {
        openRouter.script(A, fail(unavailable()));
        for (int i = 0; i < times; i++) {
            assertThat(chat(request(A))).isCompletedExceptionally();
        }
    }

    @Test
    void opensAfterTheThresholdOfConsecutiveRetryableFailures() {
        failTimes(2);
        assertThat(router.circuitBreakerState(A)).isEqualTo(CircuitBreakerState.CLOSED);

        failTimes(1);

        assertThat(router.circuitBreakerState(A)).isEqualTo(CircuitBreakerState.OPEN);
        assertThat(router.circuitBreakerState(B)).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void anOpenModelIsSkippedAndTheSkipReported() {
        failTimes(3);
        time.advance(Duration.ofSeconds(10));

        ChatResponse response = chat(request(A, LOCAL)).join();

        assertThat(response.route().summary()).isEqualTo(A + " SKIPPED CIRCUIT_OPEN → " + LOCAL + " SUCCEEDED");
        assertThat(response.route().attempts().get(0).detail()).hasValue("circuit breaker open (3 consecutive"
                + " retryable failures); it half-opens at 2026-01-01T00:00:30Z (in 20 s)");
        assertThat(openRouter.requests()).hasSize(3);
    }

    @Test
    void whenEveryModelIsSkippedTheFailureSaysWhenTheFirstBreakerHalfOpens() {
        failTimes(3);
        time.advance(Duration.ofSeconds(5));
        openRouter.script(B, fail(unavailable()));
        for (int i = 0; i < 3; i++) {
            chat(request(B));
        }
        time.advance(Duration.ofSeconds(1));

        CreorException error = failure(chat(request(B, A)));

        assertThat(error.code()).isEqualTo(ErrorCode.CIRCUIT_OPEN);
        assertThat(error.getMessage()).isEqualTo("every model of the route is skipped because its circuit breaker is"
                + " open after repeated failures (" + B + ", " + A + "); the first half-opens at"
                + " 2026-01-01T00:00:30Z (in 24 s)");
        assertThat(error.route().summary()).isEqualTo(B + " SKIPPED CIRCUIT_OPEN → " + A + " SKIPPED CIRCUIT_OPEN");
    }

    @Test
    void halfOpensAfterTheCooldownAndASuccessfulTrialClosesIt() {
        failTimes(3);
        time.advance(Duration.ofSeconds(30));
        assertThat(router.circuitBreakerState(A)).isEqualTo(CircuitBreakerState.HALF_OPEN);
        openRouter.script(A, answer("back"));

        ChatResponse response = chat(request(A)).join();

        assertThat(response.text()).isEqualTo("back");
        assertThat(router.circuitBreakerState(A)).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void halfOpenLetsOneTrialThroughAtATime() {
        failTimes(3);
        time.advance(Duration.ofSeconds(30));
        openRouter.script(A, hang());

        CompletableFuture<ChatResponse> trial = chat(request(A));
        ChatResponse meanwhile = chat(request(A, LOCAL)).join();

        assertThat(trial).isNotDone();
        assertThat(meanwhile.route().summary()).isEqualTo(A + " SKIPPED CIRCUIT_OPEN → " + LOCAL + " SUCCEEDED");
        assertThat(meanwhile.route().attempts().get(0).detail())
                .hasValue("circuit breaker half-open: a trial request is already in flight");
    }

    @Test
    void aCancelledTrialLetsTheNextRequestTry() {
        failTimes(3);
        time.advance(Duration.ofSeconds(30));
        openRouter.script(A, hang());
        chat(request(A)).cancel(true);
        openRouter.script(A, answer("ok"));

        assertThat(chat(request(A)).join().text()).isEqualTo("ok");
        assertThat(router.circuitBreakerState(A)).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void aFailedTrialReopensForAnotherCooldown() {
        failTimes(3);
        time.advance(Duration.ofSeconds(30));

        failTimes(1);

        assertThat(router.circuitBreakerState(A)).isEqualTo(CircuitBreakerState.OPEN);
        time.advance(Duration.ofSeconds(29));
        assertThat(router.circuitBreakerState(A)).isEqualTo(CircuitBreakerState.OPEN);
        time.advance(Duration.ofSeconds(1));
        assertThat(router.circuitBreakerState(A)).isEqualTo(CircuitBreakerState.HALF_OPEN);
    }

    @Test
    void aSuccessResetsTheCount() {
        failTimes(2);
        openRouter.script(A, answer("ok"));
        chat(request(A)).join();

        failTimes(2);

        assertThat(router.circuitBreakerState(A)).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void failuresThatRetryingCannotFixDoNotCount() {
        openRouter.script(A, fail(ErrorCode.CONTEXT_TOO_LONG));
        for (int i = 0; i < 5; i++) {
            chat(request(A));
        }

        assertThat(router.circuitBreakerState(A)).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void retriesWithinOneRequestCountAndAnOpeningBreakerEndsTheStep() {
        ModelRouter retrying = ModelRouter.builder(time)
                .provider("openrouter", RouteTarget.builder(openRouter)
                        .retryPolicy(RetryPolicy.defaults().withMaxAttempts(5))
                        .circuitBreaker(new CircuitBreakerPolicy(2, Duration.ofSeconds(30)))
                        .build())
                .provider("local", RouteTarget.builder(local).build())
                .build();
        openRouter.script(A, fail(unavailable()));

        CompletableFuture<ChatResponse> answer = retrying.chat(request(A, LOCAL));
        time.runUntilIdle();

        assertThat(answer.join().route().summary()).isEqualTo(A + " FAILED PROVIDER_UNAVAILABLE → " + A
                + " FAILED PROVIDER_UNAVAILABLE → " + A + " SKIPPED CIRCUIT_OPEN → " + LOCAL + " SUCCEEDED");
    }

    @Test
    void aNativeGroupDropsItsOpenModelsAndCreditsTheServedOne() {
        failTimes(3);
        openRouter.script(B, answer("from b"));

        ChatResponse response = chat(request(A, B)).join();

        assertThat(openRouter.requests().get(3).model()).isEqualTo(B);
        assertThat(openRouter.requests().get(3).fallbacks()).isEmpty();
        assertThat(response.route().summary()).isEqualTo(A + " SKIPPED CIRCUIT_OPEN → " + B + " SUCCEEDED");
        RouteAttempt served = response.route().attempts().get(1);
        assertThat(served.nativeFallbacks()).isEmpty();
    }

    @Test
    void aNativeGroupFailureIsChargedToItsFirstModel() {
        openRouter.script(A, fail(unavailable()));
        for (int i = 0; i < 3; i++) {
            chat(request(A, B));
        }

        assertThat(router.circuitBreakerState(A)).isEqualTo(CircuitBreakerState.OPEN);
        assertThat(router.circuitBreakerState(B)).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void validatesThePolicy() {
        assertThat(CircuitBreakerPolicy.defaults()).isEqualTo(new CircuitBreakerPolicy(5, Duration.ofSeconds(30)));
        assertThat(CircuitBreakerPolicy.defaults().withFailureThreshold(2).withCooldown(Duration.ofSeconds(1)))
                .isEqualTo(new CircuitBreakerPolicy(2, Duration.ofSeconds(1)));
        assertThatThrownBy(() -> new CircuitBreakerPolicy(0, Duration.ofSeconds(1)))
                .hasMessage("failureThreshold must be at least 1: 0");
        assertThatThrownBy(() -> new CircuitBreakerPolicy(1, Duration.ZERO)).hasMessage("cooldown must be positive: PT0S");
    }
}
