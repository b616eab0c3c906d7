package dev.creor.provider.kit.transport;

import java.time.Duration;

/** Durations as Vert.x timers and options take them. */
public final class VertxTimers {
    private VertxTimers() {
    }

    /** Milliseconds for a Vert.x timer or option, at least 1 (Vert.x rejects 0). */
    public static long millis(Duration duration) {
        try {
            return Math.max(1, duration.toMillis());
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
