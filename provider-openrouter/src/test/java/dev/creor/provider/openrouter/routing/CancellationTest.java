package dev.creor.provider.openrouter.routing;

import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.dripEvery;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallAfterChunks;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallBeforeFirstChunk;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallBeforeHeaders;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.routing.ConcurrencyLimit;
import dev.creor.core.routing.ModelRouter;
import dev.creor.core.routing.RouteTarget;
import dev.creor.testkit.RecordingSubscriber;
import dev.creor.core.testing.VirtualScheduler;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import dev.creor.spi.Provider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault matrix, part three: cancelling at every phase of a routed request closes the
 * upstream connection, stops any pending retry, and silences the stream; a thousand cancelled
 * streams leave no connection open and no thread behind.
 */
class CancellationTest extends RouterOverSandbox {

    @BeforeEach
    void noConnectionLeftFromEarlierTests() {
        sandbox.awaitOpenConnections(0, WAIT);
    }

    /** A router whose provider waits long for chunks, so that only cancelling ends a stall. */
    private ModelRouter patientRouter(VirtualScheduler scheduler) {
        Provider provider = provider("openrouter", settings -> settings.chunkTimeout(Duration.ofSeconds(30)));
        return ModelRouter.builder(scheduler)
                .provider("openrouter", RouteTarget.builder(provider.chatModel()).nativeFallbacks(true).build())
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"before headers", "before the first chunk", "mid-stream", "while streaming"})
    void cancellingAStreamClosesItsConnectionAndSilencesIt(String phase) throws Exception {
        SandboxBehaviour step = switch (phase) {
            case "before headers" -> stallBeforeHeaders();
            case "before the first chunk" -> stallBeforeFirstChunk();
            case "mid-stream" -> reply(REPLY).and(stallAfterChunks(2));
            default -> reply(REPLY).and(dripEvery(Duration.ofMillis(300)));
        };
        int eventsBeforeCancel = phase.startsWith("before") ? 0 : phase.equals("mid-stream") ? 2 : 1;
        sandbox.script(PRIMARY, step);
        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll();

        patientRouter(time).stream(request(PRIMARY_REF, FALLBACK_REF)).subscribe(subscriber);
        sandbox.awaitRequest(0, WAIT);
        subscriber.awaitEvents(eventsBeforeCancel, WAIT);
        sandbox.awaitOpenConnections(1, WAIT);
        subscriber.cancel();

        sandbox.awaitOpenConnections(0, WAIT);
        assertThat(subscriber.events()).hasSize(eventsBeforeCancel);
        assertThat(subscriber.hasEnded()).isFalse();
        assertThat(subscriber.violations()).isEmpty();
        assertThat(chatRequests()).containsExactly(PRIMARY);
        assertThat(time.elapsed()).isZero();
    }

    @Test
    void cancellingAStreamDuringTheRoutersBackoffCancelsTheRetry() throws Exception {
        VirtualScheduler manual = new VirtualScheduler();
        sandbox.script(PRIMARY, status(503), reply(REPLY));
        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll();

        patientRouter(manual).stream(request(PRIMARY_REF)).subscribe(subscriber);
        assertThat(manual.awaitPending(1, WAIT)).as("the router is waiting to retry").isTrue();
        subscriber.cancel();

        assertThat(manual.awaitIdle(WAIT)).as("the retry is called off").isTrue();
        manual.advance(Duration.ofMinutes(1));
        assertThat(chatRequests()).containsExactly(PRIMARY);
        assertThat(subscriber.events()).isEmpty();
        assertThat(subscriber.violations()).isEmpty();
    }

    @Test
    void cancellingAChatDuringTheRoutersBackoffCancelsTheRetry() throws Exception {
        VirtualScheduler manual = new VirtualScheduler();
        sandbox.script(PRIMARY, status(429).retryAfterSeconds(30), reply(REPLY));

        CompletableFuture<ChatResponse> answer = patientRouter(manual).chat(request(PRIMARY_REF));
        assertThat(manual.awaitPending(1, WAIT)).isTrue();
        answer.cancel(true);

        assertThat(manual.awaitIdle(WAIT)).as("the retry is called off").isTrue();
        manual.advance(Duration.ofMinutes(1));
        assertThat(chatRequests()).containsExactly(PRIMARY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"before headers", "before the body"})
    void cancellingAChatInFlightClosesItsConnection(String phase) throws Exception {
        sandbox.script(PRIMARY, phase.equals("before headers") ? stallBeforeHeaders() : stallBeforeFirstChunk());

        CompletableFuture<ChatResponse> answer = patientRouter(time).chat(request(PRIMARY_REF, FALLBACK_REF));
        sandbox.awaitRequest(0, WAIT);
        sandbox.awaitOpenConnections(1, WAIT);
        answer.cancel(true);

        sandbox.awaitOpenConnections(0, WAIT);
        assertThat(chatRequests()).containsExactly(PRIMARY);
    }

    @Test
    void cancellingARequestQueuedForAConcurrencyPermitNeverSendsIt() throws Exception {
        sandbox.script(PRIMARY, stallBeforeFirstChunk());
        Provider provider = provider("openrouter", settings -> settings.chunkTimeout(Duration.ofSeconds(30)));
        ModelRouter limited = ModelRouter.builder(time)
                .provider("openrouter", RouteTarget.builder(provider.chatModel())
                        .concurrencyLimit(new ConcurrencyLimit(1, 1)).build())
                .build();
        RecordingSubscriber<ChatEvent> inFlight = RecordingSubscriber.<ChatEvent>requestingAll();
        RecordingSubscriber<ChatEvent> queued = RecordingSubscriber.<ChatEvent>requestingAll();

        limited.stream(request(PRIMARY_REF)).subscribe(inFlight);
        sandbox.awaitRequest(0, WAIT);
        limited.stream(request(PRIMARY_REF)).subscribe(queued);
        queued.cancel();
        inFlight.cancel();

        sandbox.awaitOpenConnections(0, WAIT);
        assertThat(chatRequests()).containsExactly(PRIMARY);
        assertThat(queued.events()).isEmpty();
        assertThat(inFlight.events()).isEmpty();
    }

    @Test
    void aThousandCancelledStreamsLeaveNoConnectionOpenAndNoThreadBehind() throws Exception {
        List<String> phases = List.of("test/before-headers", "test/before-first-chunk", "test/mid-stream");
        sandbox.script(phases.get(0), stallBeforeHeaders());
        sandbox.script(phases.get(1), stallBeforeFirstChunk());
        sandbox.script(phases.get(2), reply(REPLY).and(stallAfterChunks(1)));
        ModelRouter router = patientRouter(time);
        runCancelledBatch(router, phases, 30, 0);
        sandbox.awaitOpenConnections(0, WAIT);
        Set<Thread> before = liveThreads();

        int sent = 30;
        for (int batch = 0; batch < 10; batch++) {
            runCancelledBatch(router, phases, 100, sent);
            sent += 100;
        }

        sandbox.awaitOpenConnections(0, WAIT);
        assertThat(chatRequests()).hasSize(sent);
        Set<String> newThreads = liveThreads().stream().filter(thread -> !before.contains(thread))
                .map(Thread::getName).collect(Collectors.toSet());
        assertThat(newThreads).as("threads started by the cancelled streams").isEmpty();
        assertThat(time.elapsed()).isZero();
    }

    /** Starts {@code count} streams spread over the phases, waits until each is in its phase, then cancels them all. */
    private static void runCancelledBatch(ModelRouter router, List<String> phases, int count, int alreadySent)
            throws Exception {
        List<RecordingSubscriber<ChatEvent>> subscribers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String model = phases.get(i % phases.size());
            ChatRequest request = request(ModelRef.parse("openrouter/" + model));
            RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll();
            router.stream(request).subscribe(subscriber);
            subscribers.add(subscriber);
        }
        sandbox.awaitRequest(alreadySent + count - 1, WAIT);
        for (int i = 0; i < count; i++) {
            int expectedEvents = phases.get(i % phases.size()).endsWith("mid-stream") ? 1 : 0;
            subscribers.get(i).awaitEvents(expectedEvents, WAIT);
        }
        subscribers.forEach(RecordingSubscriber::cancel);
        sandbox.awaitOpenConnections(0, WAIT);
        for (RecordingSubscriber<ChatEvent> subscriber : subscribers) {
            assertThat(subscriber.hasEnded()).isFalse();
            assertThat(subscriber.violations()).isEmpty();
        }
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }
}
