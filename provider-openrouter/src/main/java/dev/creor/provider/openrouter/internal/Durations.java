package dev.creor.provider.openrouter.internal;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as people read them in messages: {@code 250 ms}, {@code 1.5 s}, {@code 10 s}, {@code 10 min}. */
final class Durations {
    private Durations() {
    }

    static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + " s";
    }

    /** Milliseconds for a Vert.x timer or option, at least 1 (Vert.x rejects 0). */
    static long timerMillis(Duration duration) {
        try {
            return Math.max(1, duration.toMillis());
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
