package dev.creor.testkit;

import dev.creor.core.chat.ChatEvent;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/** A single-use publisher of precomputed events, delivered on the requesting thread. */
final class FakeStream implements Flow.Publisher<ChatEvent> {
    private final List<ChatEvent> events;
    private final boolean failAsOnError;
    private final Set<Defect> defects;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    FakeStream(List<ChatEvent> events, boolean failAsOnError, Set<Defect> defects) {
        this.events = events;
        this.failAsOnError = failAsOnError;
        this.defects = defects;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ChatEvent> subscriber) {
        if (!subscribed.compareAndSet(false, true) && !defects.contains(Defect.ALLOWS_SECOND_SUBSCRIBER)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("this stream already has a subscriber"));
            return;
        }
        subscriber.onSubscribe(new Delivery(subscriber));
    }

    private final class Delivery implements Flow.Subscription {
        private final Flow.Subscriber<? super ChatEvent> subscriber;
        private long demand;
        private int next;
        private boolean draining;
        private boolean cancelled;
        private boolean done;
        private boolean connected;

        Delivery(Flow.Subscriber<? super ChatEvent> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                if (done || (cancelled && !defects.contains(Defect.IGNORES_CANCEL))) {
                    return;
                }
                if (n <= 0 && !defects.contains(Defect.ACCEPTS_ZERO_REQUEST)) {
                    done = true;
                    disconnect();
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    if (draining) {
                        return;
                    }
                    draining = true;
                }
            }
            if (n <= 0 && !defects.contains(Defect.ACCEPTS_ZERO_REQUEST)) {
                subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                return;
            }
            drain();
        }

        private void drain() {
            while (true) {
                ChatEvent event;
                boolean last;
                synchronized (this) {
                    if (!connected) {
                        connected = true;
                        FakeConnections.INSTANCE.opened();
                    }
                    boolean stopped = cancelled && !defects.contains(Defect.IGNORES_CANCEL);
                    if (done || stopped || next >= events.size()
                            || (demand == 0 && !defects.contains(Defect.IGNORES_DEMAND))) {
                        draining = false;
                        return;
                    }
                    demand--;
                    event = events.get(next++);
                    last = next == events.size();
                    if (last) {
                        done = true;
                        disconnect();
                    }
                }
                if (last && failAsOnError && event instanceof ChatEvent.Failed failed) {
                    subscriber.onError(failed.error());
                    return;
                }
                subscriber.onNext(event);
                if (last) {
                    subscriber.onComplete();
                    return;
                }
            }
        }

        @Override
        public void cancel() {
            synchronized (this) {
                cancelled = true;
                if (!defects.contains(Defect.CANCEL_KEEPS_CONNECTION)) {
                    disconnect();
                }
            }
        }

        private void disconnect() {
            if (connected) {
                connected = false;
                FakeConnections.INSTANCE.closed();
            }
        }
    }
}
