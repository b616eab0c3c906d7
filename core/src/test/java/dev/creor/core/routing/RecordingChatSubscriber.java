package dev.creor.core.routing;

import dev.creor.core.chat.ChatEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A subscriber to a stream of {@link ChatEvent}s for core's router tests (core cannot use
 * testkit's RecordingSubscriber, which every other module's tests use): records what arrives and checks the
 * Reactive Streams rules a subscriber can observe. {@link #violations()} lists every breach:
 * overlapping signals, an event without demand, a signal after the end, or a signal on the
 * cancelling thread after it cancelled (one racing a cancel from another thread is allowed,
 * since the rules only promise that signals stop <em>eventually</em>).
 *
 * <pre>{@code
 * RecordingChatSubscriber subscriber = RecordingChatSubscriber.unbounded();
 * router.stream(request).subscribe(subscriber);
 * assertThat(subscriber.awaitSettled(Duration.ofSeconds(10))).isTrue();
 * assertThat(subscriber.text()).isEqualTo("Hello");
 * assertThat(subscriber.violations()).isEmpty();
 * }</pre>
 *
 * <p>Thread-safe; the queries return snapshots.
 */
final class RecordingChatSubscriber implements Flow.Subscriber<ChatEvent> {
    private final long initialRequest;
    private final Executor replenish;
    private final int cancelAfter;
    private final List<ChatEvent> events = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final AtomicBoolean inSignal = new AtomicBoolean();
    private final CountDownLatch settled = new CountDownLatch(1);
    private Flow.Subscription subscription;
    private long outstanding;
    private boolean cancelled;
    private Thread cancelledBy;
    private int completions;
    private Throwable error;

    /** A subscriber that requests {@code initialRequest} events on subscribing (none if 0). */
    public RecordingChatSubscriber(long initialRequest) {
        this(initialRequest, null, Integer.MAX_VALUE);
    }

    /**
     * A subscriber that, after each event, asks for one more from the {@code replenish}
     * executor's thread, and cancels from that thread once it holds {@code cancelAfter} events:
     * a consumer on another thread, racing the publisher.
     */
    public RecordingChatSubscriber(long initialRequest, Executor replenish, int cancelAfter) {
        if (initialRequest < 0) {
            throw new IllegalArgumentException("initialRequest must not be negative: " + initialRequest);
        }
        this.initialRequest = initialRequest;
        this.replenish = replenish;
        this.cancelAfter = cancelAfter;
    }

    /** A subscriber that requests every event at once. */
    public static RecordingChatSubscriber unbounded() {
        return new RecordingChatSubscriber(Long.MAX_VALUE);
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        Objects.requireNonNull(newSubscription, "subscription is null");
        enter("onSubscribe");
        try {
            synchronized (this) {
                if (subscription != null) {
                    violations.add("onSubscribe twice");
                }
                subscription = newSubscription;
            }
            if (initialRequest > 0) {
                request(initialRequest);
            }
        } finally {
            exit();
        }
    }

    @Override
    public void onNext(ChatEvent event) {
        enter("onNext");
        try {
            int received;
            synchronized (this) {
                check("onNext");
                if (outstanding == 0) {
                    violations.add("onNext without demand: " + event);
                } else if (outstanding != Long.MAX_VALUE) {
                    outstanding--;
                }
                events.add(event);
                received = events.size();
                notifyAll();
            }
            if (replenish != null) {
                replenish.execute(received >= cancelAfter ? this::cancel : () -> request(1));
            }
        } finally {
            exit();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        enter("onError");
        try {
            synchronized (this) {
                check("onError");
                error = throwable;
                notifyAll();
            }
            settled.countDown();
        } finally {
            exit();
        }
    }

    @Override
    public void onComplete() {
        enter("onComplete");
        try {
            synchronized (this) {
                check("onComplete");
                completions++;
                notifyAll();
            }
            settled.countDown();
        } finally {
            exit();
        }
    }

    /** Asks for {@code n} more events. */
    public void request(long n) {
        Flow.Subscription current;
        synchronized (this) {
            outstanding = outstanding + n < 0 ? Long.MAX_VALUE : outstanding + n;
            current = requireSubscribed();
        }
        current.request(n);
    }

    /** Cancels the subscription. */
    public void cancel() {
        Flow.Subscription current;
        synchronized (this) {
            cancelled = true;
            cancelledBy = Thread.currentThread();
            current = requireSubscribed();
            notifyAll();
        }
        current.cancel();
        settled.countDown();
    }

    /** The events received, in order. */
    public synchronized List<ChatEvent> events() {
        return List.copyOf(events);
    }

    /** The text of the {@link ChatEvent.TextDelta}s received, joined. */
    public synchronized String text() {
        StringBuilder text = new StringBuilder();
        for (ChatEvent event : events) {
            if (event instanceof ChatEvent.TextDelta delta) {
                text.append(delta.text());
            }
        }
        return text.toString();
    }

    /** The text deltas received, one string each. */
    public synchronized List<String> textDeltas() {
        return events.stream().filter(ChatEvent.TextDelta.class::isInstance)
                .map(event -> ((ChatEvent.TextDelta) event).text()).toList();
    }

    /** The last event received. */
    public synchronized ChatEvent last() {
        if (events.isEmpty()) {
            throw new AssertionError("no event has arrived");
        }
        return events.get(events.size() - 1);
    }

    /** The closing {@link ChatEvent.Failed}; fails the test when the stream did not end so. */
    public synchronized ChatEvent.Failed failed() {
        if (last() instanceof ChatEvent.Failed failed) {
            return failed;
        }
        throw new AssertionError("the stream did not fail; its last event is " + last());
    }

    /** The closing {@link ChatEvent.Completed}; fails the test when the stream did not end so. */
    public synchronized ChatEvent.Completed completed() {
        if (last() instanceof ChatEvent.Completed completed) {
            return completed;
        }
        throw new AssertionError("the stream did not complete; its last event is " + last()
                + (last() instanceof ChatEvent.Failed failed ? ": " + failed.error() : ""));
    }

    /** How many times {@code onComplete} was called (a well-behaved stream: at most once). */
    public synchronized int completions() {
        return completions;
    }

    /** What {@code onError} carried, or {@code null} when it was not called. */
    public synchronized Throwable error() {
        return error;
    }

    /** Every rule the publisher broke, as seen by this subscriber; empty for a well-behaved stream. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** Whether this subscriber cancelled. */
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Whether {@code onComplete} or {@code onError} has been called. */
    public synchronized boolean hasEnded() {
        return completions > 0 || error != null;
    }

    /** Waits (for real) until the stream ended or this subscriber cancelled; whether it did in time. */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        return settled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits (for real) until at least {@code count} events have arrived, or the stream ended;
     * whether the events arrived in time.
     */
    public synchronized boolean awaitEvents(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.size() < count && !hasEnded()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return events.size() >= count;
    }

    @Override
    public synchronized String toString() {
        return "RecordingChatSubscriber[" + events.size() + " events" + (hasEnded() ? ", ended" : "")
                + (cancelled ? ", cancelled" : "") + (violations.isEmpty() ? "" : ", violations " + violations) + "]";
    }

    private Flow.Subscription requireSubscribed() {
        if (subscription == null) {
            throw new IllegalStateException("not subscribed yet");
        }
        return subscription;
    }

    private void check(String signal) {
        if (completions > 0 || error != null) {
            violations.add(signal + " after the end");
        }
        if (cancelled && cancelledBy == Thread.currentThread()) {
            violations.add(signal + " after cancel");
        }
    }

    private void enter(String signal) {
        if (!inSignal.compareAndSet(false, true)) {
            synchronized (this) {
                violations.add(signal + " overlaps another signal");
            }
        }
    }

    private void exit() {
        inSignal.set(false);
    }
}
