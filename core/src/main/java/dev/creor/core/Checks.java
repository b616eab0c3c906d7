package dev.creor.core;

import java.util.Objects;

/** Argument checks shared by the value types of this package. */
final class Checks {
    private Checks() {
    }

    static String requireText(String value, String name) {
        Objects.requireNonNull(value, () -> name + " is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value;
    }

    static int requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    static long requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
        return value;
    }

    static double requireWithin(double value, double min, double max, String name) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be within " + min + ".." + max + ": " + value);
        }
        return value;
    }
}
