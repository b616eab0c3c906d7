package dev.creor.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A time limit that may be switched off: {@code "timeout": 600000} or {@code "timeout": false}.
 */
public final class TimeLimit {
    private static final TimeLimit DISABLED = new TimeLimit(null);

    private final Duration duration;

    private TimeLimit(Duration duration) {
        this.duration = duration;
    }

    /** A limit of the given positive duration. */
    public static TimeLimit of(Duration duration) {
        Objects.requireNonNull(duration, "duration is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a time limit must be positive: " + duration);
        }
        return new TimeLimit(duration);
    }

    /** No limit. */
    public static TimeLimit disabled() {
        return DISABLED;
    }

    /** The limit, or empty when it is switched off. */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /** Whether the limit is switched off. */
    public boolean isDisabled() {
        return duration == null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TimeLimit limit && Objects.equals(duration, limit.duration);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(duration);
    }

    /** {@code TimeLimit[PT10M]} or {@code TimeLimit[disabled]}. */
    @Override
    public String toString() {
        return "TimeLimit[" + (duration == null ? "disabled" : duration) + "]";
    }
}
