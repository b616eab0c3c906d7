package dev.creor.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A provider's {@code circuitBreaker} section. Each setting is present only when configured;
 * the router's defaults apply to the others.
 */
public final class CircuitBreakerSettings {
    private final Integer failureThreshold;
    private final Duration cooldown;

    CircuitBreakerSettings(Integer failureThreshold, Duration cooldown) {
        this.failureThreshold = failureThreshold;
        this.cooldown = cooldown;
    }

    /** {@code failureThreshold}: consecutive retryable failures that open the circuit. */
    public OptionalInt failureThreshold() {
        return failureThreshold == null ? OptionalInt.empty() : OptionalInt.of(failureThreshold);
    }

    /** {@code cooldownMs}: how long the circuit stays open. */
    public Optional<Duration> cooldown() {
        return Optional.ofNullable(cooldown);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CircuitBreakerSettings settings && Objects.equals(failureThreshold, settings.failureThreshold)
                && Objects.equals(cooldown, settings.cooldown);
    }

    @Override
    public int hashCode() {
        return Objects.hash(failureThreshold, cooldown);
    }

    /** The configured settings. */
    @Override
    public String toString() {
        return "CircuitBreakerSettings[failureThreshold=" + failureThreshold + ", cooldown=" + cooldown + "]";
    }
}
