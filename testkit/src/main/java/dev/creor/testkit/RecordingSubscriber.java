package dev.creor.testkit;

import dev.creor.core.CreorException;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.internal.chat.ChatResponseCollector;
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
 * <p>For a stream of {@link ChatEvent}s it has conveniences: {@link #requestingAll()} and
 * {@link #requesting(long)} ask for events as soon as they subscribe, {@link #awaitCompletion()}
 * checks the stream's contract (no violation, exactly one {@link ChatEvent.Completed} or
 * {@link ChatEvent.Failed}, last), {@link #awaitResponse()} assembles the answer, and
 * {@link #text()}, {@link #textDeltas()}, {@link #completed()} and {@link #failed()} read it.
 *
 * <pre>{@code
 * ChatResponse answer = RecordingSubscriber.<ChatEvent>requestingAll()
 *         .subscribeTo(model.stream(request))
 *         .awaitResponse();
 * }</pre>
 *
 * @param <T> the type of the events
 */
public final class RecordingSubscriber<T> implements Flow.Subscriber<T> {
    /** How long the waits without a timeout of their own wait. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final Object lock = new Object();
    private final long initialRequest;
    private final List<T> events = new ArrayList<>();
    private final List<String> threads = new ArrayList<>();
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
        this(0);
    }

    private RecordingSubscriber(long initialRequest) {
        if (initialRequest < 0) {
            throw new IllegalArgumentException("the initial request must not be negative: " + initialRequest);
        }
        this.initialRequest = initialRequest;
    }

    /**
     * A subscriber that requests every event as soon as it subscribes. Name the event type at
     * the call when nothing else does: {@code RecordingSubscriber.<ChatEvent>requestingAll()}.
     */
    public static <T> RecordingSubscriber<T> requestingAll() {
        return new RecordingSubscriber<>(Long.MAX_VALUE);
    }

    /** A subscriber that requests {@code n} events as soon as it subscribes, then only what the test requests. */
    public static <T> RecordingSubscriber<T> requesting(long n) {
        return new RecordingSubscriber<>(n);
    }

    /** Subscribes to the publisher and returns this subscriber, for chaining. */
    public RecordingSubscriber<T> subscribeTo(Flow.Publisher<? extends T> publisher) {
        publisher.subscribe(this);
        return this;
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
        // Outside the signal: a publisher may deliver within request(), and that is no overlap.
        if (initialRequest > 0 && newSubscription != null) {
            request(initialRequest);
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
                threads.add(Thread.currentThread().getName());
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
            lock.notifyAll();
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
     * Waits until at least {@code count} events have arrived, within {@link #DEFAULT_WAIT}, and
     * returns them all.
     *
     * @throws IllegalStateException as {@link #awaitEvents(int, Duration)}
     */
    public List<T> awaitEvents(int count) {
        return awaitEvents(count, DEFAULT_WAIT);
    }

    /**
     * Waits until the publisher has called {@code onSubscribe}.
     *
     * @throws IllegalStateException when it does not within five seconds
     */
    public void awaitSubscribed() {
        awaitSubscription(Duration.ofSeconds(5));
    }

    /**
     * Waits until the stream ended or this subscriber cancelled.
     *
     * @return whether it did within {@code timeout}
     */
    public boolean awaitSettled(Duration timeout) {
        synchronized (lock) {
            try {
                awaitUntil(() -> completed || error != null || cancelled, timeout, () -> "");
                return true;
            } catch (IllegalStateException late) {
                if (late.getCause() instanceof TimeoutException) {
                    return false;
                }
                throw late;
            }
        }
    }

    /**
     * Waits, within {@link #DEFAULT_WAIT}, until a stream of {@link ChatEvent}s completes, and
     * checks its contract: no violation, no {@code onError}, exactly one
     * {@link ChatEvent.Completed} or {@link ChatEvent.Failed}, and it last.
     *
     * @return every event
     * @throws AssertionError when the contract was broken
     */
    public List<T> awaitCompletion() {
        awaitTermination(DEFAULT_WAIT);
        synchronized (lock) {
            if (!violations.isEmpty()) {
                throw new AssertionError("the stream broke the Reactive Streams rules: " + violations);
            }
            if (error != null) {
                throw new AssertionError("the stream ended with onError instead of a terminal event", error);
            }
            long terminals = events.stream().filter(RecordingSubscriber::isTerminal).count();
            if (terminals != 1) {
                throw new AssertionError("expected exactly one terminal event (Completed or Failed); got " + terminals
                        + " in " + events);
            }
            if (!isTerminal(events.get(events.size() - 1))) {
                throw new AssertionError("the terminal event is not the last: " + events);
            }
            return List.copyOf(events);
        }
    }

    /**
     * Waits for a stream of {@link ChatEvent}s to complete (see {@link #awaitCompletion()}) with
     * an answer, and returns it assembled.
     *
     * @throws AssertionError when the stream failed or broke its contract
     */
    public ChatResponse awaitResponse() {
        ChatResponseCollector collector = new ChatResponseCollector();
        awaitCompletion().forEach(event -> collector.accept((ChatEvent) event));
        if (collector.failure().isPresent()) {
            throw new AssertionError("the stream failed: " + collector.failure().get().error().describe(),
                    collector.failure().get().error());
        }
        return collector.response().orElseThrow(() -> new AssertionError("the stream assembled no answer"));
    }

    /**
     * Waits for a stream of {@link ChatEvent}s to complete (see {@link #awaitCompletion()}) with
     * a failure, and returns it.
     *
     * @throws AssertionError when the stream answered or broke its contract
     */
    public ChatEvent.Failed awaitFailure() {
        awaitCompletion();
        return failed();
    }

    /** The error a stream of {@link ChatEvent}s that must fail ends with (see {@link #awaitFailure()}). */
    public CreorException awaitError() {
        return awaitFailure().error();
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

    /** The name of the thread each event came on, in the order of the events. */
    public List<String> threads() {
        synchronized (lock) {
            return List.copyOf(threads);
        }
    }

    /** The text of the {@link ChatEvent.TextDelta}s received, joined. */
    public String text() {
        return String.join("", textDeltas());
    }

    /** The text of each {@link ChatEvent.TextDelta} received, in order. */
    public List<String> textDeltas() {
        synchronized (lock) {
            List<String> texts = new ArrayList<>();
            for (T event : events) {
                if (event instanceof ChatEvent.TextDelta delta) {
                    texts.add(delta.text());
                }
            }
            return texts;
        }
    }

    /**
     * The last event received.
     *
     * @throws AssertionError when none has arrived
     */
    public T last() {
        synchronized (lock) {
            if (events.isEmpty()) {
                throw new AssertionError("no event has arrived");
            }
            return events.get(events.size() - 1);
        }
    }

    /**
     * The closing {@link ChatEvent.Failed} of a stream of {@link ChatEvent}s.
     *
     * @throws AssertionError when the last event is something else
     */
    public ChatEvent.Failed failed() {
        T last = last();
        if (last instanceof ChatEvent.Failed failed) {
            return failed;
        }
        throw new AssertionError("the stream did not fail; its last event is " + last);
    }

    /**
     * The closing {@link ChatEvent.Completed} of a stream of {@link ChatEvent}s.
     *
     * @throws AssertionError when the last event is something else
     */
    public ChatEvent.Completed completed() {
        T last = last();
        if (last instanceof ChatEvent.Completed completed) {
            return completed;
        }
        throw new AssertionError("the stream did not complete; its last event is " + last
                + (last instanceof ChatEvent.Failed failed ? ": " + failed.error() : ""));
    }

    /** Whether {@code onComplete} or {@code onError} has been called. */
    public boolean hasEnded() {
        synchronized (lock) {
            return completed || error != null;
        }
    }

    /** Whether this subscriber cancelled its subscription. */
    public boolean isCancelled() {
        synchronized (lock) {
            return cancelled;
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

    private static boolean isTerminal(Object event) {
        return event instanceof ChatEvent.Completed || event instanceof ChatEvent.Failed;
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
