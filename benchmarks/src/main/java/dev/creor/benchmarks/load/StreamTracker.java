package dev.creor.benchmarks.load;

import dev.creor.core.chat.ChatEvent;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts what happens to many streams at once: how many are open (subscribed, not yet ended or
 * cancelled), the most open at any moment, how many completed, failed or were cancelled, and
 * the text events received. Its streams may cancel themselves after a given number of text events.
 */
final class StreamTracker {
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peakOpen = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicLong textDeltas = new AtomicLong();
    private final AtomicLong longestCancelNanos = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>("");
    private final CountDownLatch allStarted;
    private final CountDownLatch allEnded;

    StreamTracker(int streams) {
        this.allStarted = new CountDownLatch(streams);
        this.allEnded = new CountDownLatch(streams);
    }

    /**
     * Starts a stream of {@code model} through {@code client}; with {@code cancelAfterTexts} ≥ 0 it is
     * cancelled upon receiving that many text events (0: right after it was started, before any).
     */
    Tracked start(LoadClient client, String model, int cancelAfterTexts) {
        Tracked tracked = new Tracked(cancelAfterTexts);
        peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        tracked.attach(client.stream(model, tracked));
        if (cancelAfterTexts == 0) {
            tracked.cancel();
        }
        return tracked;
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

    /** The longest a client's {@link StreamCall#cancel()} kept the thread that called it, in µs. */
    double longestCancelMicros() {
        return longestCancelNanos.get() / 1e3;
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

    /** One stream: its listener, and its cancel. */
    final class Tracked implements StreamListener {
        private final int cancelAfterTexts;
        private final AtomicInteger state = new AtomicInteger(); // 0 open, 1 ended or cancelled
        private final AtomicBoolean startCounted = new AtomicBoolean();
        private final AtomicInteger texts = new AtomicInteger();
        private volatile StreamCall call;
        private volatile boolean cancelRequested;

        private Tracked(int cancelAfterTexts) {
            this.cancelAfterTexts = cancelAfterTexts;
        }

        /** The call is known only once {@code stream} returns; a cancel asked for before then is done here. */
        private void attach(StreamCall started) {
            call = started;
            if (cancelRequested) {
                started.cancel();
            }
        }

        @Override
        public void onText() {
            if (state.get() != 0) {
                return;
            }
            countStarted();
            textDeltas.incrementAndGet();
            if (texts.incrementAndGet() == cancelAfterTexts) {
                cancel();
            }
        }

        @Override
        public void onCompleted() {
            end(completed);
        }

        @Override
        public void onFailed(Throwable error) {
            if (end(failed)) {
                firstFailure.compareAndSet("", String.valueOf(error));
            }
        }

        /** Cancels the stream unless it already ended; true when this call cancelled it. */
        boolean cancel() {
            if (!end(cancelled)) {
                return false;
            }
            cancelRequested = true;
            StreamCall started = call;
            if (started != null) {
                long start = System.nanoTime();
                started.cancel();
                longestCancelNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
            }
            return true;
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
