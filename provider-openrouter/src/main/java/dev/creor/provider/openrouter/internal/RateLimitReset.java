package dev.creor.provider.openrouter.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads OpenRouter's {@code X-RateLimit-Reset} header, which it sends (in epoch milliseconds and
 * without a {@code Retry-After}) when a rate limit such as a free model's daily cap is used up.
 * {@code Retry-After} itself is read by the SPI's {@code ProviderContext.Kit.retryAfter}.
 */
final class RateLimitReset {
    private static final Pattern EPOCH = Pattern.compile("\\d{1,15}");
    /** 2001-09-09 in epoch milliseconds; as epoch seconds, the same number is in the year 33658. */
    private static final long SMALLEST_EPOCH_MILLIS = 1_000_000_000_000L;
    /** Caps absurd values, which are more likely a server bug than a real request to wait a year. */
    private static final Duration LONGEST = Duration.ofDays(1);

    private RateLimitReset() {
    }

    /**
     * The wait until an {@code X-RateLimit-Reset} time. A reset in the past means no wait; seconds
     * are accepted too (a value too small to be milliseconds of this century); anything unreadable
     * is absent.
     */
    static Optional<Duration> untilReset(String header, Clock clock) {
        return resetTime(header).map(reset -> {
            Duration wait = Duration.between(clock.instant(), reset);
            if (wait.isNegative()) {
                return Duration.ZERO;
            }
            return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
        });
    }

    /** The instant an {@code X-RateLimit-Reset} header names, when it is readable. */
    static Optional<Instant> resetTime(String header) {
        if (header == null || !EPOCH.matcher(header.trim()).matches()) {
            return Optional.empty();
        }
        long value = Long.parseLong(header.trim());
        return Optional.of(value < SMALLEST_EPOCH_MILLIS ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value));
    }
}
