package dev.creor.settings;

/** A provider's {@code timeout}: how long one whole request may take. */
public sealed interface RequestTimeout permits RequestTimeout.Default, RequestTimeout.Limited, RequestTimeout.Unlimited {
    /** The largest limit the config accepts: one day. */
    long MAX_MILLIS = 86_400_000L;

    /** Not set: Creor's default applies. */
    record Default() implements RequestTimeout {
    }

    /**
     * A limit in milliseconds, from 1 to {@link #MAX_MILLIS}.
     *
     * @param millis the limit
     */
    record Limited(long millis) implements RequestTimeout {
        /** Checks the range. */
        public Limited {
            if (millis <= 0 || millis > MAX_MILLIS) {
                throw new IllegalArgumentException("a request timeout must be 1 to " + MAX_MILLIS + " ms: " + millis);
            }
        }
    }

    /** No limit ({@code false} in the config). */
    record Unlimited() implements RequestTimeout {
    }
}
