package dev.creor.core.internal;

import java.util.Objects;

/** Argument checks shared by the value types of core. */
public final class Checks {
    private Checks() {
    }

    public static String requireText(String value, String name) {
        Objects.requireNonNull(value, () -> name + " is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value;
    }

    public static int requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    public static long requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
        return value;
    }

    public static double requireWithin(double value, double min, double max, String name) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ": " + value);
        }
        return value;
    }
}
