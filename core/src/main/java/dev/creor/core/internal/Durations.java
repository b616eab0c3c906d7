package dev.creor.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Durations and instants as the router's messages show them. */
public final class Durations {
    private Durations() {
    }

    /** {@code 250 ms}, {@code 1.5 s}, {@code 2 min 5 s}, {@code 1 h 30 min}. */
    public static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return (millis % 1_000 == 0 ? String.valueOf(millis / 1_000)
                    : String.valueOf(millis / 1_000.0).replaceAll("0+$", "")) + " s";
        }
        long seconds = duration.toSeconds();
        if (seconds < 3_600) {
            long rest = seconds % 60;
            return seconds / 60 + " min" + (rest == 0 ? "" : " " + rest + " s");
        }
        long minutes = (seconds % 3_600) / 60;
        return seconds / 3_600 + " h" + (minutes == 0 ? "" : " " + minutes + " min");
    }

    /** The instant rounded up to a whole second, so "try again at" is never too early. */
    public static Instant ceilToSecond(Instant instant) {
        Instant truncated = instant.truncatedTo(ChronoUnit.SECONDS);
        return truncated.equals(instant) ? instant : truncated.plusSeconds(1);
    }

    /** {@code at 2026-01-01T00:01:00Z (in 1 min)}. */
    public static String atAndIn(Instant now, Duration wait) {
        return "at " + ceilToSecond(now.plus(wait)) + " (in " + describe(wait) + ")";
    }
}
