package dev.creor.core.routing;

import static dev.creor.core.routing.FakeChatModel.Behaviour.answer;
import static dev.creor.core.routing.FakeChatModel.Behaviour.fail;
import static dev.creor.core.routing.FakeChatModel.Behaviour.hang;
import static dev.creor.core.routing.FakeChatModel.Behaviour.hangAfter;
import static dev.creor.core.routing.RouterFixtures.A;
import static dev.creor.core.routing.RouterFixtures.B;
import static dev.creor.core.routing.RouterFixtures.LOCAL;
import static dev.creor.core.routing.RouterFixtures.rateLimited;
import static dev.creor.core.routing.RouterFixtures.request;
import static dev.creor.core.routing.RouterFixtures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.RouteAttempt.Outcome;
import dev.creor.core.RouteAttempt;
import dev.creor.core.Scheduler;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.testing.VirtualScheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A provider's {@code timeout} bounds the whole request — every attempt, back-off, Retry-After
 * wait, queue wait and fallback — not each attempt (issue 14: three attempts ran 31.8 s under
 * {@code timeout: 10000}). All on virtual time.
 */
class TotalTimeoutTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private final VirtualScheduler time = new VirtualScheduler();
    private final FakeChatModel openRouter = new FakeChatModel(time);
    private final FakeChatModel local = new FakeChatModel(time);

    private ModelRouter router(RouteTarget.Builder openRouterTarget, RouteTarget.Builder localTarget) {
        return ModelRouter.builder(time).random(new SplittableRandom(5))
                .provider("openrouter", openRouterTarget.build())
                .provider("local", localTarget.build())
                .build();
    }

    private ModelRouter router() {
        return router(RouteTarget.builder(openRouter).totalTimeout(LIMIT), RouteTarget.builder(local));
    }

    /** What the OpenRouter adapter does at its own per-attempt total limit. */
    private static CreorException attemptTimedOut() {
        return CreorException.of(ErrorCode.TIMEOUT, "total timeout: the request for anthropic/claude-sonnet-4 took"
                + " longer than 10 s");
    }

    @Test
    void attemptsThatEachRunOutTheProvidersLimitDoNotAddUp() {
        // The reported bug: every attempt timed out after the full limit, and the router retried twice.
        openRouter.script(A, fail(attemptTimedOut()).after(LIMIT));

        CompletableFuture<ChatResponse> answer = router().chat(request(A));
        time.runUntilIdle();

        CreorException error = failed(answer);
        assertThat(time.elapsed()).isEqualTo(LIMIT);
        assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(error.getMessage()).isEqualTo("total timeout: the request for " + A + " took longer than 10 s"
                + " (1 attempt); the limit covers every attempt, retry and fallback");
        assertThat(error.hint()).hasValue("raise provider.openrouter.timeout, or set it to false to remove the limit");
        assertThat(openRouter.requestedModels()).containsExactly(A);
        assertThat(error.route().summary()).isEqualTo(A + " FAILED TIMEOUT");
        assertThat(time.pending()).as("no timer outlives the request").isZero();
    }

    @Test
    void theLimitCutsTheAttemptInFlightAndCancelsIt() {
        openRouter.script(A, fail(unavailable()).after(Duration.ofSeconds(4)), hang());

        CompletableFuture<ChatResponse> answer = router().chat(request(A, B));
        time.runUntilIdle();

        CreorException error = failed(answer);
        assertThat(time.elapsed()).isEqualTo(LIMIT);
        assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(error.getMessage()).contains("(2 attempts)");
        List<RouteAttempt> attempts = error.route().attempts();
        assertThat(attempts).extracting(RouteAttempt::outcome).containsExactly(Outcome.FAILED, Outcome.FAILED);
        RouteAttempt cut = attempts.get(1);
        assertThat(cut.errorCode()).hasValue(ErrorCode.TIMEOUT);
        assertThat(cut.detail()).hasValue("cut off: the request's total time limit of 10 s ran out");
        assertThat(Duration.ofSeconds(4).plus(cut.waitBefore()).plus(cut.latency())).isEqualTo(LIMIT);
        assertThat(openRouter.calls().get(1).isCancelled()).as("the hanging call is cancelled").isTrue();
        assertThat(time.pending()).isZero();
    }

    @Test
    void aRetryThatWouldStartAfterTheLimitIsNotWaitedForAndTheFallbackAnswers() {
        openRouter.script(A, fail(rateLimited(Duration.ofSeconds(8))).after(Duration.ofSeconds(3)));

        CompletableFuture<ChatResponse> answer = router().chat(request(A, LOCAL));
        time.runUntilIdle();

        assertThat(answer).isCompleted();
        ChatResponse response = answer.join();
        assertThat(response.text()).isEqualTo("answer from qwen3");
        assertThat(response.route().summary()).isEqualTo(A + " FAILED RATE_LIMITED → " + LOCAL + " SUCCEEDED");
        assertThat(time.elapsed()).as("no Retry-After wait past the limit").isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void withoutAFallbackARetryPastTheLimitEndsTheRequestAtOnceWithItsOwnError() {
        openRouter.script(A, fail(rateLimited(Duration.ofSeconds(8))).after(Duration.ofSeconds(3)));

        CompletableFuture<ChatResponse> answer = router().chat(request(A));
        time.runUntilIdle();

        CreorException error = failed(answer);
        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(3));
        assertThat(openRouter.requestedModels()).containsExactly(A);
    }

    @Test
    void aFallbackToAProviderWithALongerLimitGetsOnlyWhatIsLeft() {
        openRouter.script(A, fail(unavailable()).after(Duration.ofSeconds(6)));
        local.script(LOCAL, hang());
        ModelRouter router = router(RouteTarget.builder(openRouter).totalTimeout(LIMIT)
                .retryPolicy(RetryPolicy.noRetries()), RouteTarget.builder(local).totalTimeout(Duration.ofMinutes(10)));

        CompletableFuture<ChatResponse> answer = router.chat(request(A, LOCAL));
        time.runUntilIdle();

        CreorException error = failed(answer);
        assertThat(time.elapsed()).isEqualTo(LIMIT);
        assertThat(error.getMessage()).startsWith("total timeout: the request for " + A + " took longer than 10 s");
        assertThat(error.route().summary()).isEqualTo(A + " FAILED PROVIDER_UNAVAILABLE → " + LOCAL + " FAILED TIMEOUT");
        assertThat(error.route().attempts().get(1).latency()).isEqualTo(Duration.ofSeconds(4));
        assertThat(local.calls().get(0).isCancelled()).isTrue();
    }

    @Test
    void aFallbackToAProviderWithAShorterLimitKeepsToItForEachAttempt() {
        openRouter.script(A, fail(unavailable()));
        local.script(LOCAL, hang(), hang(), answer("late but fine"));
        ModelRouter router = router(RouteTarget.builder(openRouter).totalTimeout(Duration.ofMinutes(1))
                        .retryPolicy(RetryPolicy.noRetries()),
                RouteTarget.builder(local).totalTimeout(Duration.ofSeconds(5)));

        CompletableFuture<ChatResponse> answer = router.chat(request(A, LOCAL));
        time.runUntilIdle();

        assertThat(answer).isCompleted();
        ChatResponse response = answer.join();
        assertThat(response.text()).isEqualTo("late but fine");
        List<RouteAttempt> attempts = response.route().attempts();
        assertThat(response.route().summary()).isEqualTo(A + " FAILED PROVIDER_UNAVAILABLE → " + LOCAL
                + " FAILED TIMEOUT → " + LOCAL + " FAILED TIMEOUT → " + LOCAL + " SUCCEEDED");
        assertThat(attempts.get(1).latency()).isEqualTo(Duration.ofSeconds(5));
        assertThat(attempts.get(1).detail()).hasValue("total timeout: the attempt at " + LOCAL
                + " took longer than 5 s, the timeout of provider local");
        assertThat(local.calls().get(0).isCancelled()).isTrue();
        assertThat(time.pending()).isZero();
    }

    @Test
    void aStreamThatStallsAfterItsFirstEventsEndsAtTheLimitWithWhatWasDelivered() {
        openRouter.script(A, hangAfter("Hel", "lo"));
        RecordingChatSubscriber subscriber = RecordingChatSubscriber.unbounded();

        router().stream(request(A)).subscribe(subscriber);
        time.runUntilIdle();

        assertThat(time.elapsed()).isEqualTo(LIMIT);
        ChatEvent.Failed failed = subscriber.failed();
        assertThat(failed.error().code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failed.error().getMessage()).startsWith("total timeout: the request for " + A);
        assertThat(failed.partialText()).isEqualTo("Hello");
        assertThat(subscriber.completions()).isEqualTo(1);
        assertThat(subscriber.violations()).isEmpty();
        assertThat(openRouter.streams().get(0).cancelled()).as("the upstream stream is cancelled").isTrue();
    }

    @Test
    void aStreamRetriedBeforeItsFirstEventStaysWithinTheLimit() {
        openRouter.script(A, fail(attemptTimedOut()).after(LIMIT));
        RecordingChatSubscriber subscriber = RecordingChatSubscriber.unbounded();

        router().stream(request(A)).subscribe(subscriber);
        time.runUntilIdle();

        assertThat(time.elapsed()).isEqualTo(LIMIT);
        assertThat(subscriber.failed().error().getMessage()).contains("(1 attempt)");
        assertThat(openRouter.requestedModels()).containsExactly(A);
    }

    @Test
    void aRequestStillQueuedForAConcurrencyPermitWhenTheLimitRunsOutIsNeverSent() {
        ModelRouter router = router(RouteTarget.builder(openRouter).totalTimeout(LIMIT)
                .concurrencyLimit(new ConcurrencyLimit(1, 5)), RouteTarget.builder(local));
        openRouter.script(A, hang());
        CompletableFuture<ChatResponse> first = router.chat(request(A));
        CompletableFuture<ChatResponse> second = router.chat(request(A));
        time.runUntilIdle();

        assertThat(failed(first).code()).isEqualTo(ErrorCode.TIMEOUT);
        CreorException error = failed(second);
        assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(error.getMessage()).contains("(nothing was sent)");
        RouteAttempt queued = error.route().attempts().get(0);
        assertThat(queued.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(queued.waitBefore()).isEqualTo(LIMIT);
        assertThat(queued.detail()).hasValue("never sent: the request's total time limit of 10 s ran out");
        assertThat(openRouter.requests()).hasSize(1);
    }

    @Test
    void anAnswerInTimeLeavesNoTimerBehindAndNoLimitMeansNoTimer() {
        openRouter.script(A, answer("quick").after(Duration.ofSeconds(1)));

        CompletableFuture<ChatResponse> answer = router().chat(request(A));
        time.advance(Duration.ofSeconds(1));

        assertThat(answer).isCompleted();
        assertThat(answer.join().text()).isEqualTo("quick");
        assertThat(time.pending()).isZero();

        ModelRouter unlimited = router(RouteTarget.builder(openRouter), RouteTarget.builder(local));
        openRouter.script(A, hang());
        CompletableFuture<ChatResponse> hanging = unlimited.chat(request(A));
        assertThat(time.pending()).isZero();
        hanging.cancel(true);
    }

    @Test
    void whenTheRuntimeClosesAndRunsEveryWaitingActionEarlyTheLimitStaysSilent() {
        // As the app's scheduler does on close: run what waits at once, then refuse new work.
        ClosingScheduler scheduler = new ClosingScheduler(time);
        ModelRouter router = ModelRouter.builder(scheduler)
                .provider("openrouter", RouteTarget.builder(openRouter).totalTimeout(LIMIT).build()).build();
        openRouter.script(A, hang());
        CompletableFuture<ChatResponse> answer = router.chat(request(A));

        scheduler.closeAndRunWaitingNow();

        assertThat(answer).as("not timed out early; ends when its provider closes").isNotDone();
        openRouter.calls().get(0).completeExceptionally(CreorException.of(ErrorCode.CANCELLED, "closed"));
        assertThat(failed(answer).code()).isEqualTo(ErrorCode.CANCELLED);
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> RouteTarget.builder(openRouter).totalTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("totalTimeout must be positive: PT0S");
        RouteTarget target = RouteTarget.builder(openRouter).totalTimeout(LIMIT).build();
        assertThat(target.totalTimeout()).hasValue(LIMIT);
        assertThat(target.toBuilder().noTotalTimeout().build().totalTimeout()).isEmpty();
        assertThat(target.toString()).contains("total timeout 10 s");
    }

    /** The failure of a request that must have ended by now; never blocks, so a request left hanging fails the test. */
    private static CreorException failed(CompletableFuture<ChatResponse> answer) {
        assertThat(answer).as("the request has ended").isDone();
        return RouterFixtures.failure(answer);
    }

    /** Runs waiting actions at once on close and refuses to schedule afterwards. */
    private static final class ClosingScheduler implements Scheduler {
        private final VirtualScheduler time;
        private final List<Runnable> waiting = new ArrayList<>();
        private boolean closed;

        ClosingScheduler(VirtualScheduler time) {
            this.time = time;
        }

        @Override
        public Clock clock() {
            return time.clock();
        }

        @Override
        public synchronized Cancellable schedule(Duration delay, Runnable action) {
            if (closed) {
                throw new RejectedExecutionException("closed");
            }
            waiting.add(action);
            return () -> {
                synchronized (this) {
                    waiting.remove(action);
                }
            };
        }

        void closeAndRunWaitingNow() {
            List<Runnable> now;
            synchronized (this) {
                closed = true;
                now = List.copyOf(waiting);
                waiting.clear();
            }
            now.forEach(Runnable::run);
        }
    }
}
