package dev.creor.provider.openrouter.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an HTTP {@code Retry-After} header: either delta-seconds ({@code 120}) or an HTTP-date
 * ({@code Wed, 21 Oct 2026 07:28:00 GMT}, and the two obsolete forms RFC 9110 still asks
 * recipients to accept). A date is turned into a wait against the given clock; a date in the
 * past means no wait. Anything unreadable is treated as absent rather than as an error, since
 * the header is only advice.
 */
final class RetryAfter {
    private static final Pattern SECONDS = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern EPOCH = Pattern.compile("\\d{1,15}");
    /** 2001-09-09 in epoch milliseconds; as epoch seconds, the same number is in the year 33658. */
    private static final long SMALLEST_EPOCH_MILLIS = 1_000_000_000_000L;
    /** Caps absurd values, which are more likely a server bug than a real request to wait a year. */
    private static final Duration LONGEST = Duration.ofDays(1);
    private static final DateTimeFormatter RFC_850 =
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US); // HTTP dates use English names
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US); // HTTP dates use English names

    private RetryAfter() {
    }

    /** The wait the header asks for, or empty when the header is absent or unreadable. */
    static Optional<Duration> parse(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        if (SECONDS.matcher(value).matches()) {
            BigDecimal millis = new BigDecimal(value).movePointRight(3).setScale(0, RoundingMode.CEILING);
            if (millis.compareTo(BigDecimal.valueOf(LONGEST.toMillis())) > 0) {
                return Optional.of(LONGEST);
            }
            return Optional.of(Duration.ofMillis(millis.longValueExact()));
        }
        return date(value).map(instant -> {
            Duration wait = Duration.between(clock.instant(), instant);
            if (wait.isNegative()) {
                return Duration.ZERO;
            }
            return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
        });
    }

    /**
     * The wait until an {@code X-RateLimit-Reset} time: OpenRouter sends it, in epoch
     * milliseconds and without a {@code Retry-After}, when a rate limit such as a free model's
     * daily cap is used up. A reset in the past means no wait; seconds are accepted too (a value
     * too small to be milliseconds of this century); anything unreadable is absent.
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

    private static Optional<Instant> date(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException notRfc1123) {
            // try the obsolete forms
        }
        try {
            return Optional.of(LocalDateTime.parse(value, RFC_850).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notRfc850) {
            // try asctime
        }
        try {
            return Optional.of(LocalDateTime.parse(value, ASCTIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notAsctime) {
            return Optional.empty();
        }
    }
}
