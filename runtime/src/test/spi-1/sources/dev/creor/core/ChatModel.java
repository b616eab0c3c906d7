package dev.creor.core;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Something that answers chat requests: a provider's adapter, or a router in front of several.
 *
 * <p>Both methods return at once and never block the caller; the work happens asynchronously.
 * Failures are {@link CreorException}s: {@link #chat} completes exceptionally with one, and
 * {@link #stream} ends with a {@link ChatEvent.Failed} event carrying one.
 */
public interface ChatModel {

    /** Asks for one complete answer. */
    CompletionStage<ChatResponse> chat(ChatRequest request);

    /**
     * Asks for an answer delivered as it is written.
     *
     * <p>The publisher is cold and single-use: nothing is sent before a subscriber subscribes,
     * and only one subscriber is accepted. Events are delivered only as the subscriber requests
     * them; when it stops requesting, the provider stops reading from the network. Cancelling
     * the subscription closes the connection. The stream ends with exactly one
     * {@link ChatEvent.Completed} or {@link ChatEvent.Failed}, then {@code onComplete}.
     */
    Flow.Publisher<ChatEvent> stream(ChatRequest request);

    /**
     * Refuses a subscriber the way Reactive Streams rule 1.9 allows, for single-use streams
     * offered a second subscriber: {@code onSubscribe} with a subscription that does nothing, then
     * {@code onError} with an {@link IllegalStateException} carrying {@code reason}.
     */
    static void refuseSubscriber(Flow.Subscriber<?> subscriber, String reason) {
        java.util.Objects.requireNonNull(subscriber, "subscriber is null");
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onError(new IllegalStateException(reason));
    }

    /**
     * A stream that fails before anything is sent: on the first demand it delivers one
     * {@link ChatEvent.Failed} carrying {@code error}, then {@code onComplete}. For models that
     * know at once that they cannot answer (no credential, a broken plugin, a bad request).
     */
    static Flow.Publisher<ChatEvent> failedStream(CreorException error) {
        java.util.Objects.requireNonNull(error, "error is null");
        return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private final java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();

            @Override
            public void request(long n) {
                if (!done.compareAndSet(false, true)) {
                    return;
                }
                if (n <= 0) {
                    subscriber.onError(new IllegalArgumentException("demand must be positive, got " + n));
                    return;
                }
                subscriber.onNext(ChatEvent.Failed.of(error));
                subscriber.onComplete();
            }

            @Override
            public void cancel() {
                done.set(true);
            }
        });
    }
}
