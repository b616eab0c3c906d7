package dev.creor.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A provider's {@code retry} section. Each setting is present only when configured; the router's
 * defaults apply to the others.
 */
public final class RetrySettings {
    private final Integer maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;

    RetrySettings(Integer maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxRetryAfter = maxRetryAfter;
    }

    /** {@code maxAttempts}: attempts per model, the first one included. */
    public OptionalInt maxAttempts() {
        return maxAttempts == null ? OptionalInt.empty() : OptionalInt.of(maxAttempts);
    }

    /** {@code initialBackoffMs}: the wait before the first retry. */
    public Optional<Duration> initialBackoff() {
        return Optional.ofNullable(initialBackoff);
    }

    /** {@code maxBackoffMs}: the longest wait between two attempts. */
    public Optional<Duration> maxBackoff() {
        return Optional.ofNullable(maxBackoff);
    }

    /** {@code maxRetryAfterMs}: the longest Retry-After worth waiting for. */
    public Optional<Duration> maxRetryAfter() {
        return Optional.ofNullable(maxRetryAfter);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RetrySettings settings && Objects.equals(maxAttempts, settings.maxAttempts)
                && Objects.equals(initialBackoff, settings.initialBackoff) && Objects.equals(maxBackoff, settings.maxBackoff)
                && Objects.equals(maxRetryAfter, settings.maxRetryAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter);
    }

    /** The configured settings. */
    @Override
    public String toString() {
        return "RetrySettings[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", maxRetryAfter=" + maxRetryAfter + "]";
    }
}
