package dev.creor.core.routing;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the router retries one step of a route (one model, or one group of models a provider
 * tries natively) before it falls back to the next.
 *
 * <p>Only failures whose {@link dev.creor.core.CreorException#retryable()} is true are retried.
 * Between attempts the router waits a random time in {@code [0, min(maxBackoff,
 * initialBackoff·2^n)]} for the {@code n}-th retry (counting from 0): exponential back-off with
 * full jitter, which spreads the retries of many clients instead of synchronising them. When
 * the provider says how long to wait ({@code Retry-After}), the router waits exactly that long
 * instead, if it is at most {@link #maxRetryAfter()}; a longer wait is not retried at all, and
 * the failure says when to try again.
 *
 * <pre>{@code
 * RetryPolicy patient = RetryPolicy.defaults().withMaxAttempts(5).withMaxRetryAfter(Duration.ofMinutes(2));
 * }</pre>
 *
 * @param maxAttempts    attempts per step in total, the first one included; at least 1
 * @param initialBackoff the back-off cap before the first retry, doubled for each further one;
 *                       not negative
 * @param maxBackoff     the most a back-off may be; at least {@code initialBackoff}
 * @param maxRetryAfter  the longest {@code Retry-After} the router honours by waiting; not negative
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
    /** Attempts per step unless configured otherwise. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** The first back-off cap unless configured otherwise. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
    /** The largest back-off unless configured otherwise. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** The longest honoured {@code Retry-After} unless configured otherwise. */
    public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

    private static final RetryPolicy DEFAULTS = new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF,
            DEFAULT_MAX_BACKOFF, DEFAULT_MAX_RETRY_AFTER);

    /** Checks every part; see the parameter descriptions for the rules. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        requireNonNegative(initialBackoff, "initialBackoff");
        requireNonNegative(maxBackoff, "maxBackoff");
        requireNonNegative(maxRetryAfter, "maxRetryAfter");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be less than initialBackoff ("
                    + initialBackoff + ")");
        }
    }

    /** 3 attempts, 500 ms initial back-off doubling up to 30 s, {@code Retry-After} honoured up to 60 s. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** One attempt per step: failures fall back (or fail) at once. */
    public static RetryPolicy noRetries() {
        return DEFAULTS.withMaxAttempts(1);
    }

    /** A copy with another number of attempts per step. */
    public RetryPolicy withMaxAttempts(int newMaxAttempts) {
        return new RetryPolicy(newMaxAttempts, initialBackoff, maxBackoff, maxRetryAfter);
    }

    /** A copy with another initial back-off. */
    public RetryPolicy withInitialBackoff(Duration newInitialBackoff) {
        return new RetryPolicy(maxAttempts, newInitialBackoff, maxBackoff, maxRetryAfter);
    }

    /** A copy with another back-off cap. */
    public RetryPolicy withMaxBackoff(Duration newMaxBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, newMaxBackoff, maxRetryAfter);
    }

    /** A copy with another longest honoured {@code Retry-After}. */
    public RetryPolicy withMaxRetryAfter(Duration newMaxRetryAfter) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, newMaxRetryAfter);
    }

    /**
     * The upper bound of the back-off before retry {@code retry} (0 for the first retry):
     * {@code min(maxBackoff, initialBackoff·2^retry)}.
     */
    public Duration backoffCap(int retry) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must not be negative: " + retry);
        }
        Duration cap = initialBackoff;
        for (int doubling = 0; doubling < retry && cap.compareTo(maxBackoff) < 0; doubling++) {
            cap = cap.multipliedBy(2);
        }
        return cap.compareTo(maxBackoff) > 0 ? maxBackoff : cap;
    }

    /**
     * A back-off before retry {@code retry} (0 for the first retry): uniformly random in whole
     * milliseconds from zero to {@link #backoffCap(int)}, both included.
     */
    public Duration backoff(int retry, RandomGenerator random) {
        Objects.requireNonNull(random, "random is null");
        long capMillis = backoffCap(retry).toMillis();
        return Duration.ofMillis(capMillis == 0 ? 0 : random.nextLong(capMillis + 1));
    }

    private static void requireNonNegative(Duration duration, String name) {
        Objects.requireNonNull(duration, name + " is null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + duration);
        }
    }
}
