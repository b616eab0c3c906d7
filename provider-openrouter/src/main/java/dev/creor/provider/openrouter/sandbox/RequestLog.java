package dev.creor.provider.openrouter.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The requests the sandbox received, appended on the event loop and read by test threads.
 * A plain monitor is enough: appends are short and readers wait on it rather than poll.
 */
final class RequestLog {
    private final List<RecordedRequest> requests = new ArrayList<>();

    /** Records the request that {@code recorder} makes for the next index. */
    synchronized void add(IntFunction<RecordedRequest> recorder) {
        requests.add(recorder.apply(requests.size()));
        notifyAll();
    }

    synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(requests);
    }

    /** Forgets every request so far; the next one gets index 0 again. */
    synchronized void clear() {
        requests.clear();
    }

    /**
     * The request with the given index, waiting for it to arrive.
     *
     * @throws IllegalStateException when it does not arrive in time, or was cleared
     */
    synchronized RecordedRequest await(int index, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (requests.size() <= index) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("request #" + index + " did not arrive within " + timeout
                        + "; the sandbox has received " + requests.size() + " request(s) since it started or was cleared");
            }
            waitNanos(left);
        }
        return requests.get(index);
    }

    private void waitNanos(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a request", e);
        }
    }
}
