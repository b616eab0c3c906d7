package dev.creor.provider.kit.transport;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatModel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The publisher {@code stream()} returns: cold, single-use, demand-driven.
 *
 * <p>Subscribing does nothing but call {@code onSubscribe}; the HTTP request goes out at the
 * first {@code request(n)}. Every signal to the subscriber happens on one Vert.x context (the
 * caller's when it is on one, else a fresh event-loop context), so signals are serialised
 * without locks; {@code request} and {@code cancel} from other threads hop onto that context.
 *
 * <p>Back-pressure reaches the server: the response is read one socket buffer at a time, and
 * only while the subscriber has demand and no parsed event is waiting. Memory is bounded by the
 * events of one buffer. Cancelling resets the request, which closes the connection.
 *
 * <p>The stream ends with exactly one {@link ChatEvent.Completed} or {@link ChatEvent.Failed},
 * then {@code onComplete}. {@code onError} is kept for broken contracts: a second subscriber, or
 * a non-positive {@code request(n)} (rule 3.9).
 */
public final class ChatEventPublisher implements Flow.Publisher<ChatEvent> {
    /** Opens the stream's HTTP exchange once there is demand. */
    public interface Source {
        /**
         * Starts the stream on the current context. The session hands every event, in order, to
         * {@code events}, and runs {@code eventsReady} after adding some (or after anything that
         * may let the subscription deliver more).
         */
        StreamSession open(Consumer<ChatEvent> events, Runnable eventsReady);
    }

    /** The running side of one stream, as the subscription sees it. */
    public interface StreamSession {
        /** The subscription has room for more events: read further if nothing is pending. */
        void readMore();

        /** The terminal event was delivered: release whatever is still held. */
        void finished();

        /** The subscriber cancelled: close the connection at once. */
        void cancel();
    }

    private static final System.Logger LOGGER = System.getLogger(ChatEventPublisher.class.getName());

    private final Vertx vertx;
    private final Source source;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    public ChatEventPublisher(Vertx vertx, Source source) {
        this.vertx = vertx;
        this.source = source;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ChatEvent> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber is null");
        if (!subscribed.compareAndSet(false, true)) {
            // Rule 1.9 allows refusing with onSubscribe then onError, here on the caller's thread.
            ChatModel.refuseSubscriber(subscriber, "this chat stream already has a subscriber;"
                    + " call stream() again for another answer");
            return;
        }
        Context context = vertx.getOrCreateContext();
        Subscription subscription = new Subscription(subscriber, context);
        try {
            context.runOnContext(ignored -> subscription.begin());
        } catch (RejectedExecutionException closed) {
            // No event loop is left to serve the stream on: fail it on the caller's threads.
            ChatModel.failedStream(CreorException.builder(ErrorCode.USAGE,
                            "the chat stream cannot run: its Vert.x instance is closed")
                    .hint("the provider was closed; create it again").build()).subscribe(subscriber);
        }
    }

    /** The subscription; every field is confined to the context. */
    private final class Subscription implements Flow.Subscription {
        private final Context context;
        private Flow.Subscriber<? super ChatEvent> subscriber;
        private final ArrayDeque<ChatEvent> pending = new ArrayDeque<>();
        private StreamSession session;
        private long demand;
        private boolean started;
        private boolean terminated;
        private boolean draining;

        Subscription(Flow.Subscriber<? super ChatEvent> subscriber, Context context) {
            this.subscriber = subscriber;
            this.context = context;
        }

        void begin() {
            // Demand requested inside onSubscribe is served after it returns, so that no onNext
            // ever runs nested inside onSubscribe (e.g. a failure known before any I/O).
            draining = true;
            try {
                subscriber.onSubscribe(this);
            } catch (Throwable broken) {
                // Rule 2.13: a subscriber that throws has broken the contract; stop serving it.
                terminated = true;
                subscriber = null;
                LOGGER.log(System.Logger.Level.WARNING, "a chat-stream subscriber threw from onSubscribe", broken);
            } finally {
                draining = false;
            }
            drain();
        }

        @Override
        public void request(long n) {
            onContext(() -> handleRequest(n));
        }

        @Override
        public void cancel() {
            onContext(this::handleCancel);
        }

        private void onContext(Runnable action) {
            if (Vertx.currentContext() == context) {
                action.run();
                return;
            }
            try {
                context.runOnContext(ignored -> action.run());
            } catch (RuntimeException closed) {
                // Rule 3.16: request and cancel return normally, even once Vert.x is shut down.
                LOGGER.log(System.Logger.Level.DEBUG, "a chat-stream signal was dropped: Vert.x is closed", closed);
            }
        }

        private void handleRequest(long n) {
            if (terminated) {
                return;
            }
            if (n <= 0) {
                Flow.Subscriber<? super ChatEvent> target = subscriber;
                stop();
                target.onError(new IllegalArgumentException(
                        "request(" + n + ") violates Reactive Streams rule 3.9: demand must be positive"));
                return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            if (!started) {
                started = true;
                try {
                    session = source.open(pending::add, this::drain);
                } catch (RuntimeException defect) {
                    pending.add(ChatEvent.Failed.of(CreorException.builder(ErrorCode.INTERNAL,
                            "the chat stream could not start: " + defect).cause(defect).build()));
                }
            }
            drain();
        }

        private void handleCancel() {
            if (!terminated) {
                stop();
            }
        }

        private void stop() {
            terminated = true;
            subscriber = null;
            pending.clear();
            if (session != null) {
                session.cancel();
            }
        }

        /** Delivers pending events while there is demand; trampolined so that onNext may call request. */
        private void drain() {
            if (draining) {
                return;
            }
            draining = true;
            try {
                while (!terminated && demand > 0 && !pending.isEmpty()) {
                    ChatEvent event = pending.poll();
                    demand--;
                    boolean last = event instanceof ChatEvent.Completed || event instanceof ChatEvent.Failed;
                    Flow.Subscriber<? super ChatEvent> target = subscriber;
                    if (last) {
                        terminated = true;
                        subscriber = null;
                        pending.clear();
                        if (session != null) {
                            session.finished();
                        }
                    }
                    try {
                        target.onNext(event);
                        if (last) {
                            target.onComplete();
                        }
                    } catch (Throwable broken) {
                        LOGGER.log(System.Logger.Level.WARNING,
                                "a chat-stream subscriber threw from onNext or onComplete; the stream is cancelled", broken);
                        if (!terminated) {
                            stop();
                        }
                        return;
                    }
                }
                if (!terminated && demand > 0 && pending.isEmpty() && session != null) {
                    session.readMore();
                }
            } finally {
                draining = false;
            }
        }
    }
}
