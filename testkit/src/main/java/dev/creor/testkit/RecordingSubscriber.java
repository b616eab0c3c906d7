package dev.creor.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A {@link Flow.Subscriber} for tests: it requests nothing by itself, records every signal and
 * every breach of the Reactive Streams rules it can see, and lets the test wait for events.
 *
 * <p>The test drives the demand with {@link #request(long)} and waits with
 * {@link #awaitEvents(int, Duration)} and {@link #awaitTermination(Duration)}. The subscriber
 * notes, in {@link #violations()}: an {@code onNext} beyond the demand requested so far, signals
 * that overlap (the publisher called it from two threads at once), any signal after
 * {@code onComplete} or {@code onError}, a second {@code onSubscribe}, a {@code null} event, and
 * an {@code onNext} after {@link #cancel()} returned with no demand outstanding.
 *
 * <pre>{@code
 * RecordingSubscriber<ChatEvent> subscriber = new RecordingSubscriber<>();
 * model.stream(request).subscribe(subscriber);
 * subscriber.request(1);
 * ChatEvent first = subscriber.awaitEvents(1, Duration.ofSeconds(5)).get(0);
 * }</pre>
 *
 * @param <T> the type of the events
 */
public final class RecordingSubscriber<T> implements Flow.Subscriber<T> {
    private final Object lock = new Object();
    private final List<T> events = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private Flow.Subscription subscription;
    private long requested;
    private boolean inSignal;
    private boolean completed;
    private Throwable error;
    private boolean cancelled;
    private long demandAtCancel;

    /** Creates a subscriber that requests nothing until told to. */
    public RecordingSubscriber() {
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        enter("onSubscribe");
        try {
            synchronized (lock) {
                if (newSubscription == null) {
                    violations.add("onSubscribe was called with null (rule 1.9)");
                } else if (subscription != null) {
                    violations.add("onSubscribe was called twice (rule 2.12)");
                } else {
                    subscription = newSubscription;
                }
                lock.notifyAll();
            }
        } finally {
            leave();
        }
    }

    @Override
    public void onNext(T event) {
        enter("onNext");
        try {
            synchronized (lock) {
                if (subscription == null) {
                    violations.add("onNext came before onSubscribe (rule 1.9)");
                }
                if (completed || error != null) {
                    violations.add("onNext came after the stream ended (rule 1.7): " + event);
                }
                if (event == null) {
                    violations.add("onNext delivered null (rule 2.13)");
                }
                if (events.size() >= requested) {
                    violations.add("onNext #" + (events.size() + 1) + " (" + event + ") exceeded the demand of "
                            + requested + " requested so far (rule 1.1)");
                }
                if (cancelled && events.size() >= demandAtCancel) {
                    violations.add("onNext (" + event + ") came after cancel(), beyond the demand outstanding then "
                            + "(rules 3.6 and 3.12)");
                }
                events.add(event);
                lock.notifyAll();
            }
        } finally {
            leave();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        enter("onError");
        try {
            synchronized (lock) {
                if (subscription == null) {
                    violations.add("onError came before onSubscribe (rule 1.9)");
                }
                if (completed || error != null) {
                    violations.add("onError came after the stream ended (rule 1.7): " + throwable);
                }
                error = throwable == null ? new NullPointerException("onError(null)") : throwable;
                lock.notifyAll();
            }
        } finally {
            leave();
        }
    }

    @Override
    public void onComplete() {
        enter("onComplete");
        try {
            synchronized (lock) {
                if (subscription == null) {
                    violations.add("onComplete came before onSubscribe (rule 1.9)");
                }
                if (completed || error != null) {
                    violations.add("onComplete came after the stream ended (rule 1.7)");
                }
                completed = true;
                lock.notifyAll();
            }
        } finally {
            leave();
        }
    }

    /**
     * Requests {@code n} more events, once the publisher has called {@code onSubscribe}.
     *
     * @throws IllegalStateException when {@code onSubscribe} does not come within five seconds
     */
    public void request(long n) {
        Flow.Subscription current = awaitSubscription(Duration.ofSeconds(5));
        synchronized (lock) {
            // Counted before the call: a publisher may deliver within request() itself.
            if (n > 0 && !cancelled) {
                requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
            }
        }
        current.request(n);
    }

    /** Cancels the subscription, once the publisher has called {@code onSubscribe}. */
    public void cancel() {
        Flow.Subscription current = awaitSubscription(Duration.ofSeconds(5));
        synchronized (lock) {
            cancelled = true;
            demandAtCancel = requested;
        }
        current.cancel();
    }

    /**
     * Waits until at least {@code count} events have arrived and returns them all.
     *
     * @throws IllegalStateException when they do not arrive within {@code timeout}, or the stream
     *                               ends with fewer
     */
    public List<T> awaitEvents(int count, Duration timeout) {
        synchronized (lock) {
            awaitUntil(() -> events.size() >= count || completed || error != null, timeout,
                    () -> "waited " + timeout + " for " + count + " events; got " + events.size());
            if (events.size() < count) {
                throw new IllegalStateException("the stream ended after " + events.size() + " events, before the "
                        + count + " awaited" + (error == null ? "" : "; it failed with " + error));
            }
            return List.copyOf(events);
        }
    }

    /**
     * Waits until the stream ends with {@code onComplete} or {@code onError}.
     *
     * @throws IllegalStateException when it does not end within {@code timeout}
     */
    public void awaitTermination(Duration timeout) {
        synchronized (lock) {
            awaitUntil(() -> completed || error != null, timeout,
                    () -> "waited " + timeout + " for the stream to end; got " + events.size() + " events");
        }
    }

    /** The events received so far, in order. */
    public List<T> events() {
        synchronized (lock) {
            return List.copyOf(events);
        }
    }

    /** Whether {@code onComplete} was called. */
    public boolean isCompleted() {
        synchronized (lock) {
            return completed;
        }
    }

    /** What {@code onError} was called with, if it was. */
    public Optional<Throwable> error() {
        synchronized (lock) {
            return Optional.ofNullable(error);
        }
    }

    /** The breaches of the Reactive Streams rules seen so far, in the order seen. */
    public List<String> violations() {
        synchronized (lock) {
            return List.copyOf(violations);
        }
    }

    private Flow.Subscription awaitSubscription(Duration timeout) {
        synchronized (lock) {
            awaitUntil(() -> subscription != null, timeout,
                    () -> "the publisher did not call onSubscribe within " + timeout + " (rule 1.9)");
            return subscription;
        }
    }

    private void awaitUntil(BooleanSupplier condition, Duration timeout,
                            Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new IllegalStateException(failure.get(), new TimeoutException());
            }
            try {
                lock.wait(Math.max(1, remaining / 1_000_000));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting", interrupted);
            }
        }
    }

    private void enter(String signal) {
        synchronized (lock) {
            if (inSignal) {
                violations.add(signal + " overlapped another signal: the publisher called the subscriber from two "
                        + "threads at once (rule 1.3)");
            }
            inSignal = true;
        }
    }

    private void leave() {
        synchronized (lock) {
            inSignal = false;
        }
    }

    /** The events, whether it ended and how; for assertion messages. */
    @Override
    public String toString() {
        synchronized (lock) {
            return "RecordingSubscriber[" + events.size() + " events, " + (completed ? "completed"
                    : error != null ? "failed: " + error : "open") + ", " + violations.size() + " violations]";
        }
    }
}
