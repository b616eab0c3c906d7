package dev.creor.runtime;

import dev.creor.core.chat.ChatEvent;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * A stream whose real publisher is known only later (after an asynchronous check): it accepts
 * its subscriber at once, remembers demand and cancellation meanwhile, and hands both on when
 * the publisher arrives. It is cold: the work that yields the publisher starts when the
 * subscriber subscribes, not before.
 */
final class DeferredStream implements Flow.Publisher<ChatEvent> {
    private final Supplier<CompletionStage<Flow.Publisher<ChatEvent>>> publisher;
    private boolean subscribed;

    DeferredStream(Supplier<CompletionStage<Flow.Publisher<ChatEvent>>> publisher) {
        this.publisher = publisher;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ChatEvent> subscriber) {
        synchronized (this) {
            if (subscribed) {
                dev.creor.core.chat.ChatModel.refuseSubscriber(subscriber, "this stream accepts one subscriber only");
                return;
            }
            subscribed = true;
        }
        Relay relay = new Relay(subscriber);
        subscriber.onSubscribe(relay);
        CompletionStage<Flow.Publisher<ChatEvent>> pending;
        try {
            pending = publisher.get();
        } catch (RuntimeException failure) {
            relay.fail(failure);
            return;
        }
        pending.whenComplete((inner, failure) -> {
            if (failure != null) {
                relay.fail(failure);
            } else {
                inner.subscribe(relay);
            }
        });
    }

    /** Passes the inner stream's signals to the subscriber, and the subscriber's demand and cancel inwards. */
    private static final class Relay implements Flow.Subscription, Flow.Subscriber<ChatEvent> {
        private final Flow.Subscriber<? super ChatEvent> downstream;
        private Flow.Subscription upstream;
        private long pendingDemand;
        private boolean cancelled;

        Relay(Flow.Subscriber<? super ChatEvent> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void request(long n) {
            Flow.Subscription target;
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                if (upstream == null && n > 0) {
                    pendingDemand = saturatedAdd(pendingDemand, n);
                    return;
                }
                if (upstream == null) {
                    // Rule 3.9, now: remembered as demand, a bad request would be lost in the sum
                    // (5 then 0 requests 5) or hang the stream (0 alone). The inner stream, when it
                    // arrives, is cancelled, so nothing follows the error.
                    cancelled = true;
                }
                target = upstream;
            }
            if (target == null) {
                downstream.onError(new IllegalArgumentException(
                        "a subscriber must request a positive number of events (Reactive Streams rule 3.9), got " + n));
                return;
            }
            target.request(n);
        }

        @Override
        public void cancel() {
            Flow.Subscription target;
            synchronized (this) {
                cancelled = true;
                target = upstream;
            }
            if (target != null) {
                target.cancel();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            long demand;
            synchronized (this) {
                if (cancelled) {
                    subscription.cancel();
                    return;
                }
                upstream = subscription;
                demand = pendingDemand;
                pendingDemand = 0;
            }
            if (demand != 0) {
                subscription.request(demand);
            }
        }

        @Override
        public void onNext(ChatEvent item) {
            downstream.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            downstream.onError(throwable);
        }

        @Override
        public void onComplete() {
            downstream.onComplete();
        }

        void fail(Throwable failure) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            dev.creor.core.CreorException error = cause instanceof dev.creor.core.CreorException creor ? creor
                    : dev.creor.core.CreorException.builder(dev.creor.core.ErrorCode.INTERNAL,
                            "the request could not be prepared: " + cause).cause(cause).build();
            dev.creor.core.chat.ChatModel.failedStream(error).subscribe(this);
        }

        private static long saturatedAdd(long a, long b) {
            long sum = a + b;
            return sum < 0 ? Long.MAX_VALUE : sum;
        }
    }
}
