package dev.creor.core.routing;

/**
 * A client-side limit on how many requests the router sends to one provider at a time.
 *
 * <p>Up to {@link #maxConcurrent()} attempts are in flight at once (a stream counts until it
 * ends or is cancelled); further ones wait in a first-in, first-out queue of at most
 * {@link #maxQueued()}, and the time they wait is reported as the attempt's wait. When the
 * queue is full, a request fails at once with {@link dev.creor.core.ErrorCode#QUEUE_FULL}
 * rather than hanging. Without a limit (the default of {@link RouteTarget}), requests go out as
 * they come.
 *
 * @param maxConcurrent attempts in flight at once; at least 1
 * @param maxQueued     attempts that may wait for a free slot; not negative (0 means a request
 *                      either goes out at once or fails)
 */
public record ConcurrencyLimit(int maxConcurrent, int maxQueued) {
    /** Checks both parts. */
    public ConcurrencyLimit {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1: " + maxConcurrent);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued must not be negative: " + maxQueued);
        }
    }
}
