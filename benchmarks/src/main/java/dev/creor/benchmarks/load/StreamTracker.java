package dev.creor.benchmarks.load;

import dev.creor.core.chat.ChatEvent;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts what happens to many streams at once: how many are open (subscribed, not yet ended or
 * cancelled), the most open at any moment, how many completed, failed or were cancelled, and
 * the text deltas received. Its subscribers may cancel themselves after a given number of events.
 */
final class StreamTracker {
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peakOpen = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicLong textDeltas = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>("");
    private final CountDownLatch allStarted;
    private final CountDownLatch allEnded;

    StreamTracker(int streams) {
        this.allStarted = new CountDownLatch(streams);
        this.allEnded = new CountDownLatch(streams);
    }

    /**
     * A subscriber for one stream; with {@code cancelAfterEvents} ≥ 0 it cancels upon receiving
     * that many events (0: right after its first request, before any event).
     */
    Subscriber subscriber(int cancelAfterEvents) {
        return new Subscriber(cancelAfterEvents);
    }

    int open() {
        return open.get();
    }

    int peakOpen() {
        return peakOpen.get();
    }

    int completed() {
        return completed.get();
    }

    int failed() {
        return failed.get();
    }

    int cancelled() {
        return cancelled.get();
    }

    long textDeltas() {
        return textDeltas.get();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    /** Waits until every stream has received its first event (or ended); false when the time is up. */
    boolean awaitAllStarted(Duration timeout) throws InterruptedException {
        return allStarted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until every stream has ended or been cancelled; false when the time is up. */
    boolean awaitAllEnded(Duration timeout) throws InterruptedException {
        return allEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One stream's subscriber. */
    final class Subscriber implements Flow.Subscriber<ChatEvent> {
        private final int cancelAfterEvents;
        private final AtomicInteger state = new AtomicInteger(); // 0 open, 1 ended or cancelled
        private volatile Flow.Subscription subscription;
        private final java.util.concurrent.atomic.AtomicBoolean startCounted = new java.util.concurrent.atomic.AtomicBoolean();
        private int events;

        private Subscriber(int cancelAfterEvents) {
            this.cancelAfterEvents = cancelAfterEvents;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            subscription.request(Long.MAX_VALUE);
            if (cancelAfterEvents == 0) {
                cancel();
            }
        }

        @Override
        public void onNext(ChatEvent event) {
            if (state.get() != 0) {
                return;
            }
            countStarted();
            events++;
            if (event instanceof ChatEvent.TextDelta) {
                textDeltas.incrementAndGet();
            } else if (event instanceof ChatEvent.Completed) {
                end(completed);
                return;
            } else if (event instanceof ChatEvent.Failed failure) {
                firstFailure.compareAndSet("", failure.error().toString());
                end(failed);
                return;
            }
            if (events == cancelAfterEvents) {
                cancel();
            }
        }

        @Override
        public void onError(Throwable error) {
            firstFailure.compareAndSet("", error.toString());
            end(failed);
        }

        @Override
        public void onComplete() {
            // Completed or Failed came first and was counted.
        }

        /** Cancels the stream unless it already ended; true when this call cancelled it. */
        boolean cancel() {
            if (end(cancelled)) {
                subscription.cancel();
                return true;
            }
            return false;
        }

        private void countStarted() {
            if (startCounted.compareAndSet(false, true)) {
                started.incrementAndGet();
                allStarted.countDown();
            }
        }

        private boolean end(AtomicInteger outcome) {
            if (!state.compareAndSet(0, 1)) {
                return false;
            }
            outcome.incrementAndGet();
            open.decrementAndGet();
            countStarted();
            allEnded.countDown();
            return true;
        }
    }
}
