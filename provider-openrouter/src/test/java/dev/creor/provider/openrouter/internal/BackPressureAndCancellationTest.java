package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.internal.chat.ChatResponseCollector;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import dev.creor.spi.Provider;
import dev.creor.testkit.RecordingSubscriber;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Demand reaches the socket, and cancelling closes the connection. The evidence is the
 * kernel's: while the subscriber requests nothing, the client's receive queue stays full and
 * unchanged and the server's send queue stays non-empty, i.e. TCP flow control has stopped the
 * server; and the sandbox sees the connection close when the subscriber cancels.
 */
class BackPressureAndCancellationTest extends SandboxTestSupport {
    /** Far more than loopback socket buffers and Vert.x's inbound queue hold together (about 5 MiB). */
    private static final String LONG_TEXT = "0123456789abcdef".repeat(1024 * 1024);
    private static final int CHUNKS = 512;

    @BeforeEach
    void noConnectionsLeftFromEarlierTests() {
        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void aSubscriberThatStopsRequestingStopsTheReadsAndTcpStopsTheServer() throws Exception {
        assumeThat(TcpQueues.available()).as("needs /proc/net/tcp (Linux)").isTrue();
        sandbox.script("vendor/long", SandboxBehaviour.reply(LONG_TEXT).and(SandboxBehaviour.textChunks(CHUNKS)));
        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requesting(1)
                .subscribeTo(provider().chatModel().stream(request("vendor/long")));

        subscriber.awaitEvents(1);
        TcpQueues stalled = awaitSteadyFullWindow();

        assertThat(stalled.serverSendQueue()).isPositive();
        assertThat(stalled.clientReceiveQueue()).isPositive();
        assertThat(subscriber.events()).hasSize(1);
        assertThat(subscriber.isCompleted()).isFalse();

        subscriber.request(Long.MAX_VALUE);
        List<ChatEvent> events = subscriber.awaitCompletion();
        assertThat(events).hasSize(CHUNKS + 1);
        ChatResponseCollector collector = new ChatResponseCollector();
        events.forEach(collector::accept);
        assertThat(collector.response().map(ChatResponse::text)).hasValue(LONG_TEXT);
    }

    @Test
    void eventsComeOnlyAsRequested() {
        sandbox.script("vendor/ten", SandboxBehaviour.textChunks(10));
        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requesting(3)
                .subscribeTo(provider().chatModel().stream(request("vendor/ten")));

        assertThat(subscriber.awaitEvents(3)).hasSize(3);
        subscriber.request(2);
        assertThat(subscriber.awaitEvents(5)).hasSize(5);
        subscriber.request(6);

        assertThat(subscriber.awaitCompletion()).hasSize(11);
    }

    @Test
    void cancellingAStreamTheSubscriberStoppedReadingClosesTheConnection() {
        sandbox.script("vendor/long", SandboxBehaviour.reply(LONG_TEXT).and(SandboxBehaviour.textChunks(CHUNKS)));
        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requesting(1)
                .subscribeTo(provider().chatModel().stream(request("vendor/long")));
        subscriber.awaitEvents(1);
        assertThat(sandbox.openConnections()).isEqualTo(1);

        subscriber.cancel();

        sandbox.awaitOpenConnections(0, WAIT);
        assertThat(subscriber.isCompleted()).isFalse();
        assertThat(subscriber.violations()).isEmpty();
    }

    @Test
    void cancellingBeforeTheAnswerArrivesClosesTheConnection() {
        sandbox.script("vendor/slow", SandboxBehaviour.latency(Duration.ofSeconds(30)));
        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requesting(1)
                .subscribeTo(provider().chatModel().stream(request("vendor/slow")));
        sandbox.awaitRequest(0, WAIT);
        assertThat(sandbox.openConnections()).isEqualTo(1);

        subscriber.cancel();

        sandbox.awaitOpenConnections(0, WAIT);
        assertThat(subscriber.events()).isEmpty();
    }

    @Test
    void cancellingAWholeAnswersFutureClosesTheConnection() {
        sandbox.script("vendor/slow", SandboxBehaviour.latency(Duration.ofSeconds(30)));
        Provider provider = provider();
        CompletableFuture<ChatResponse> answer = provider.chatModel().chat(request("vendor/slow")).toCompletableFuture();
        sandbox.awaitRequest(0, WAIT);
        assertThat(sandbox.openConnections()).isEqualTo(1);

        answer.cancel(true);

        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void nothingIsSentBeforeTheFirstRequestForEvents() throws Exception {
        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requesting(0)
                .subscribeTo(provider().chatModel().stream(request("openai/gpt-4o")));
        subscriber.awaitSubscribed();
        assertThat(sandbox.requests()).isEmpty();

        subscriber.request(Long.MAX_VALUE);

        subscriber.awaitResponse();
        assertThat(sandbox.requests()).hasSize(1);
    }

    @Test
    void aSecondSubscriberIsRefusedWithOnError() throws Exception {
        var publisher = provider().chatModel().stream(request("openai/gpt-4o"));
        RecordingSubscriber<ChatEvent> first = RecordingSubscriber.<ChatEvent>requestingAll().subscribeTo(publisher);
        CompletableFuture<Throwable> refused = new CompletableFuture<>();
        publisher.subscribe(new java.util.concurrent.Flow.Subscriber<>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            }

            @Override
            public void onNext(ChatEvent item) {
                refused.completeExceptionally(new AssertionError("a second subscriber got an event"));
            }

            @Override
            public void onError(Throwable throwable) {
                refused.complete(throwable);
            }

            @Override
            public void onComplete() {
                refused.completeExceptionally(new AssertionError("a second subscriber completed"));
            }
        });

        assertThat(refused.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already has a subscriber");
        first.awaitResponse();
    }

    /**
     * Polls the kernel's queues until both are non-empty and unchanged over several polls: a
     * transfer in progress changes them constantly, a stalled one does not.
     */
    private static TcpQueues awaitSteadyFullWindow() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        TcpQueues previous = null;
        int steady = 0;
        while (System.nanoTime() < deadline) {
            TcpQueues now = TcpQueues.of(sandbox.port());
            boolean full = now.serverSendQueue() > 0 && now.clientReceiveQueue() > 0;
            steady = full && now.equals(previous) ? steady + 1 : 0;
            if (steady >= 5) {
                return now;
            }
            previous = now;
            TimeUnit.MILLISECONDS.sleep(20); // a sampling interval, not synchronisation
        }
        throw new AssertionError("TCP flow control never stopped the server; last queues " + previous);
    }
}
