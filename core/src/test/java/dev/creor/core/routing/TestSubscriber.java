package dev.creor.core.routing;

import dev.creor.core.ChatEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records what a stream delivers and checks the Reactive Streams rules a subscriber can see:
 * signals never overlap, nothing arrives after the end or after cancelling, and no event
 * arrives without demand.
 */
final class TestSubscriber implements Flow.Subscriber<ChatEvent> {
    private final long initialRequest;
    private final java.util.concurrent.Executor replenish;
    private final int cancelAfter;
    private final List<ChatEvent> events = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final AtomicBoolean inSignal = new AtomicBoolean();
    private final CountDownLatch ended = new CountDownLatch(1);
    private Flow.Subscription subscription;
    private long outstanding;
    private boolean cancelled;
    private Thread cancelledBy;
    private int completions;
    private Throwable error;

    TestSubscriber(long initialRequest) {
        this(initialRequest, null, Integer.MAX_VALUE);
    }

    /**
     * A subscriber that asks for one more event from another thread after each one it gets,
     * and cancels from that thread once it has {@code cancelAfter} events.
     */
    TestSubscriber(long initialRequest, java.util.concurrent.Executor replenish, int cancelAfter) {
        this.initialRequest = initialRequest;
        this.replenish = replenish;
        this.cancelAfter = cancelAfter;
    }

    static TestSubscriber unbounded() {
        return new TestSubscriber(Long.MAX_VALUE);
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
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
            synchronized (this) {
                check("onNext");
                if (outstanding == 0) {
                    violations.add("onNext without demand: " + event);
                } else if (outstanding != Long.MAX_VALUE) {
                    outstanding--;
                }
                events.add(event);
            }
            if (replenish != null) {
                boolean enough = events().size() >= cancelAfter;
                replenish.execute(enough ? this::cancel : () -> request(1));
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
            }
            ended.countDown();
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
            }
            ended.countDown();
        } finally {
            exit();
        }
    }

    void request(long n) {
        Flow.Subscription current;
        synchronized (this) {
            outstanding = outstanding + n < 0 ? Long.MAX_VALUE : outstanding + n;
            current = subscription;
        }
        current.request(n);
    }

    void cancel() {
        Flow.Subscription current;
        synchronized (this) {
            cancelled = true;
            cancelledBy = Thread.currentThread();
            current = subscription;
        }
        current.cancel();
        ended.countDown();
    }

    synchronized List<ChatEvent> events() {
        return List.copyOf(events);
    }

    synchronized String text() {
        StringBuilder text = new StringBuilder();
        events.stream().filter(ChatEvent.TextDelta.class::isInstance)
                .forEach(event -> text.append(((ChatEvent.TextDelta) event).text()));
        return text.toString();
    }

    synchronized ChatEvent last() {
        return events.get(events.size() - 1);
    }

    synchronized ChatEvent.Failed failed() {
        return (ChatEvent.Failed) last();
    }

    synchronized ChatEvent.Completed completed() {
        return (ChatEvent.Completed) last();
    }

    synchronized int completions() {
        return completions;
    }

    synchronized Throwable error() {
        return error;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** Waits until the stream ended or this subscriber cancelled it. */
    boolean awaitSettled(long seconds) throws InterruptedException {
        return ended.await(seconds, TimeUnit.SECONDS);
    }

    synchronized boolean isCancelled() {
        return cancelled;
    }

    synchronized boolean hasEnded() {
        return completions > 0 || error != null;
    }

    private void check(String signal) {
        if (completions > 0 || error != null) {
            violations.add(signal + " after the end");
        }
        // A signal racing a cancel from another thread is allowed (Reactive Streams rule 3.12
        // says "eventually"); one on the cancelling thread after it cancelled is not.
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
