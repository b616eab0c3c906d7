package dev.creor.provider.openrouter.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The requests the sandbox received, appended on the event loop and read by test threads.
 * Keeps the most recent {@code limit}, so that a long-running sandbox stays bounded. A plain
 * monitor is enough: appends are short and readers wait on it rather than poll.
 */
final class RequestLog {
    private final int limit;
    private final ArrayDeque<RecordedRequest> requests = new ArrayDeque<>();
    private int received;

    RequestLog(int limit) {
        this.limit = limit;
    }

    /** Records the request that {@code recorder} makes for the next index. */
    synchronized void add(IntFunction<RecordedRequest> recorder) {
        if (limit == 0) {
            received++;
            notifyAll();
            return;
        }
        requests.addLast(recorder.apply(received++));
        if (requests.size() > limit) {
            requests.removeFirst();
        }
        notifyAll();
    }

    synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(requests);
    }

    /** Forgets every request so far; the next one gets index 0 again. */
    synchronized void clear() {
        requests.clear();
        received = 0;
    }

    /**
     * The request with the given index, waiting for it to arrive.
     *
     * @throws IllegalStateException when it does not arrive in time, or is no longer kept
     */
    synchronized RecordedRequest await(int index, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received <= index) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("request #" + index + " did not arrive within " + timeout
                        + "; the sandbox has received " + received + " request(s) since it started or was cleared");
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a request", e);
            }
        }
        int oldestKept = received - requests.size();
        if (index < oldestKept) {
            throw new IllegalStateException("request #" + index + " is no longer kept: the sandbox keeps the last "
                    + limit + " request(s)");
        }
        Iterator<RecordedRequest> kept = requests.iterator();
        for (int i = oldestKept; i < index; i++) {
            kept.next();
        }
        return kept.next();
    }
}
