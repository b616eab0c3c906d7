package dev.creor.provider.kit.transport;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.ResponseMetadata;
import io.vertx.core.Vertx;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK against the kit's publisher alone, over a session that produces one
 * event per {@code readMore()}, later on the stream's context, as a socket read would. A publisher of {@code n} elements is
 * {@code n - 1} text deltas and the {@code Completed} event. Every stream ends with a terminal
 * event, so an empty stream (0 elements) cannot be made, and provider failures are {@code Failed}
 * events, not {@code onError}, so there is no failed publisher: the TCK skips the tests that need
 * one. A publisher of more than {@value #BOUNDED_STREAM_LIMIT} elements never ends (it stops
 * producing, as a silent server would) until the subscriber cancels. The adapters' own TCK tests
 * run it over HTTP.
 */
public class ChatEventPublisherTckTest extends FlowPublisherVerification<ChatEvent> {
    private static final long DEFAULT_TIMEOUT_MILLIS = 2000;
    private static final long NO_SIGNALS_TIMEOUT_MILLIS = 100;
    private static final long POLL_TIMEOUT_MILLIS = 10;
    /**
     * Streams of up to this many elements end normally; longer ones (the TCK asks for
     * {@code Integer.MAX_VALUE} to check demand above {@code Long.MAX_VALUE}) stall after it.
     */
    private static final int BOUNDED_STREAM_LIMIT = 1024;
    private static final ModelRef MODEL = ModelRef.parse("test/tck");

    private Vertx vertx;

    public ChatEventPublisherTckTest() {
        super(new TestEnvironment(DEFAULT_TIMEOUT_MILLIS, NO_SIGNALS_TIMEOUT_MILLIS, POLL_TIMEOUT_MILLIS));
    }

    @BeforeClass
    public void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterClass
    public void stopVertx() {
        vertx.close().await();
    }

    @Override
    public Flow.Publisher<ChatEvent> createFlowPublisher(long elements) {
        return new ChatEventPublisher(vertx, (events, eventsReady) -> new CountingSession(elements, events, eventsReady));
    }

    @Override
    public Flow.Publisher<ChatEvent> createFailedFlowPublisher() {
        return null;
    }

    /** Hands out one event per read, the last one {@code Completed}; lives on the stream's context. */
    private static final class CountingSession implements ChatEventPublisher.StreamSession {
        private final long elements;
        private final Consumer<ChatEvent> events;
        private final Runnable eventsReady;
        private long produced;
        private boolean cancelled;
        private boolean reading;

        CountingSession(long elements, Consumer<ChatEvent> events, Runnable eventsReady) {
            this.elements = elements;
            this.events = events;
            this.eventsReady = eventsReady;
        }

        @Override
        public void readMore() {
            if (reading || cancelled || produced >= Math.min(elements, BOUNDED_STREAM_LIMIT)) {
                return;
            }
            // A socket read completes later, on the stream's context, never inside readMore().
            reading = true;
            Vertx.currentContext().runOnContext(ignored -> {
                reading = false;
                if (cancelled) {
                    return;
                }
                produced++;
                events.accept(produced == elements
                        ? new ChatEvent.Completed(ResponseMetadata.builder(MODEL).finishReason(FinishReason.STOP).build())
                        : new ChatEvent.TextDelta("x"));
                eventsReady.run();
            });
        }

        @Override
        public void finished() {
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
