package dev.creor.config;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A provider's {@code concurrency} section. Each setting is present only when configured; the
 * router's defaults apply to the others.
 */
public final class ConcurrencySettings {
    private final Integer maxConcurrent;
    private final Integer maxQueued;

    ConcurrencySettings(Integer maxConcurrent, Integer maxQueued) {
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
    }

    /** {@code maxConcurrent}: requests in flight at once. */
    public OptionalInt maxConcurrent() {
        return maxConcurrent == null ? OptionalInt.empty() : OptionalInt.of(maxConcurrent);
    }

    /** {@code maxQueued}: requests that may wait for a free slot. */
    public OptionalInt maxQueued() {
        return maxQueued == null ? OptionalInt.empty() : OptionalInt.of(maxQueued);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConcurrencySettings settings && Objects.equals(maxConcurrent, settings.maxConcurrent)
                && Objects.equals(maxQueued, settings.maxQueued);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxConcurrent, maxQueued);
    }

    /** The configured settings. */
    @Override
    public String toString() {
        return "ConcurrencySettings[maxConcurrent=" + maxConcurrent + ", maxQueued=" + maxQueued + "]";
    }
}
