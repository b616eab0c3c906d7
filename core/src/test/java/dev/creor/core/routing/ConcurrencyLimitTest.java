package dev.creor.core.routing;

import static dev.creor.core.routing.FakeChatModel.Behaviour.answer;
import static dev.creor.core.routing.FakeChatModel.Behaviour.fail;
import static dev.creor.core.routing.FakeChatModel.Behaviour.hang;
import static dev.creor.core.routing.FakeChatModel.Behaviour.hangAfter;
import static dev.creor.core.routing.RouterFixtures.A;
import static dev.creor.core.routing.RouterFixtures.B;
import static dev.creor.core.routing.RouterFixtures.C;
import static dev.creor.core.routing.RouterFixtures.LOCAL;
import static dev.creor.core.routing.RouterFixtures.failure;
import static dev.creor.core.routing.RouterFixtures.request;
import static dev.creor.core.routing.RouterFixtures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.testing.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final FakeChatModel openRouter = new FakeChatModel(time);
    private final FakeChatModel local = new FakeChatModel(time);
    private final ModelRouter router = ModelRouter.builder(time)
            .provider("openrouter", RouteTarget.builder(openRouter)
                    .concurrencyLimit(new ConcurrencyLimit(1, 1))
                    .build())
            .provider("local", RouteTarget.builder(local).build())
            .build();
    private final ConcurrencyGate gate = router.gate("openrouter").orElseThrow();

    @AfterEach
    void noPermitLeaks() {
        time.runUntilIdle();
        assertThat(gate.inFlight()).as("permits in flight").isZero();
        assertThat(gate.queued()).as("queued").isZero();
    }

    @Test
    void queuesBeyondTheLimitAndReportsTheQueueTimeAsTheWait() {
        openRouter.script(A, answer("first").after(Duration.ofSeconds(2)));
        openRouter.script(B, answer("second"));

        CompletableFuture<ChatResponse> first = router.chat(request(A));
        CompletableFuture<ChatResponse> second = router.chat(request(B));
        time.runDue();
        assertThat(gate.inFlight()).isEqualTo(1);
        assertThat(gate.queued()).isEqualTo(1);
        assertThat(openRouter.requestedModels()).containsExactly(A);

        time.runUntilIdle();

        assertThat(first.join().text()).isEqualTo("first");
        assertThat(second.join().route().attempts().get(0).waitBefore()).isEqualTo(Duration.ofSeconds(2));
        assertThat(openRouter.requestedModels()).containsExactly(A, B);
    }

    @Test
    void aFullQueueFailsAtOnceWithAClearMessage() {
        openRouter.script(A, hang());
        CompletableFuture<ChatResponse> inFlight = router.chat(request(A));
        CompletableFuture<ChatResponse> queued = router.chat(request(A));

        CompletableFuture<ChatResponse> rejected = router.chat(request(B, LOCAL));

        assertThat(rejected).isCompletedExceptionally();
        CreorException error = failure(rejected);
        assertThat(error.code()).isEqualTo(ErrorCode.QUEUE_FULL);
        assertThat(error.getMessage()).isEqualTo("too many requests to provider openrouter: 1 are in flight and the"
                + " queue of 1 waiting requests is full");
        assertThat(error.hint()).hasValue("send fewer requests at once, or raise provider.openrouter.concurrency"
                + " (maxConcurrent, maxQueued)");
        assertThat(error.route().summary()).isEqualTo(B + " SKIPPED QUEUE_FULL");
        assertThat(local.requests()).as("a full queue does not fall back").isEmpty();
        inFlight.cancel(true);
        queued.cancel(true);
    }

    @Test
    void cancellingAQueuedRequestLeavesTheQueue() {
        openRouter.script(A, hang());
        CompletableFuture<ChatResponse> inFlight = router.chat(request(A));
        CompletableFuture<ChatResponse> queued = router.chat(request(A));
        assertThat(gate.queued()).isEqualTo(1);

        queued.cancel(true);
        assertThat(gate.queued()).isZero();

        inFlight.cancel(true);
        time.runUntilIdle();
        assertThat(openRouter.requests()).hasSize(1);
    }

    @Test
    void aPermitHandedToARequestCancelledMeanwhileIsReleased() {
        openRouter.script(A, answer("done"));
        openRouter.script(B, hang());
        CompletableFuture<ChatResponse> inFlight = router.chat(request(B));
        CompletableFuture<ChatResponse> queued = router.chat(request(A));

        inFlight.cancel(true);
        assertThat(gate.queued()).as("the permit went to the queued request").isZero();
        queued.cancel(true);
        time.runUntilIdle();

        assertThat(openRouter.requestedModels()).containsExactly(B);
    }

    @Test
    void everyEndingReleasesItsPermit() {
        openRouter.script(A, fail(unavailable()), fail(ErrorCode.MODEL_NOT_FOUND));
        openRouter.script(B, answer("ok"));
        openRouter.script(C, fail(CreorException.of(ErrorCode.AUTH_INVALID, "bad key")));

        CompletableFuture<ChatResponse> retried = router.chat(request(A, B));
        time.runUntilIdle();
        CompletableFuture<ChatResponse> stopped = router.chat(request(C));
        time.runUntilIdle();

        assertThat(retried.join().route().summary()).isEqualTo(A + " FAILED PROVIDER_UNAVAILABLE → " + A
                + " FAILED MODEL_NOT_FOUND → " + B + " SUCCEEDED");
        assertThat(failure(stopped).code()).isEqualTo(ErrorCode.AUTH_INVALID);
    }

    @Test
    void aStreamHoldsItsPermitUntilItEnds() {
        openRouter.script(A, hangAfter("partial"));
        RecordingChatSubscriber streaming = new RecordingChatSubscriber(Long.MAX_VALUE);
        router.stream(request(A)).subscribe(streaming);
        time.runUntilIdle();
        assertThat(gate.inFlight()).isEqualTo(1);

        RecordingChatSubscriber waiting = new RecordingChatSubscriber(Long.MAX_VALUE);
        router.stream(request(B)).subscribe(waiting);
        assertThat(gate.queued()).isEqualTo(1);

        streaming.cancel();
        time.runUntilIdle();

        assertThat(waiting.text()).isEqualTo("answer from openai/gpt-4o");
        assertThat(streaming.violations()).isEmpty();
        assertThat(waiting.violations()).isEmpty();
    }

    @Test
    void aStreamCancelledWhileQueuedNeverStarts() {
        openRouter.script(A, hang());
        CompletableFuture<ChatResponse> inFlight = router.chat(request(A));
        RecordingChatSubscriber queued = new RecordingChatSubscriber(Long.MAX_VALUE);
        router.stream(request(B)).subscribe(queued);

        queued.cancel();
        inFlight.cancel(true);
        time.runUntilIdle();

        assertThat(openRouter.requestedModels()).containsExactly(A);
        assertThat(queued.events()).isEmpty();
    }

    @Test
    void providersWithoutALimitAreNotQueued() {
        local.script(LOCAL, hang());
        for (int i = 0; i < 10; i++) {
            router.chat(request(LOCAL));
        }

        assertThat(local.requests()).hasSize(10);
        assertThat(router.gate("local")).isEmpty();
        local.calls().forEach(call -> call.cancel(true));
    }

    @Test
    void validatesTheLimit() {
        assertThatThrownBy(() -> new ConcurrencyLimit(0, 1)).hasMessage("maxConcurrent must be at least 1: 0");
        assertThatThrownBy(() -> new ConcurrencyLimit(1, -1)).hasMessage("maxQueued must not be negative: -1");
        assertThat(new ConcurrencyLimit(1, 0).maxQueued()).isZero();
    }
}
