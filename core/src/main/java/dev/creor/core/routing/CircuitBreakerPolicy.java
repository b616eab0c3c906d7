package dev.creor.core.routing;

import java.time.Duration;
import java.util.Objects;

/**
 * When the router stops sending requests to a model that keeps failing, and when it tries
 * again.
 *
 * <p>Each model of each provider has its own breaker. It <em>opens</em> after
 * {@link #failureThreshold()} consecutive retryable failures (a success resets the count;
 * failures that retrying cannot fix, such as an unknown model, neither count nor reset). While
 * open, the router skips the model and reports the skip. After {@link #cooldown()} it is
 * <em>half-open</em>: it lets one trial request through; success closes it, a retryable failure
 * opens it for another cool-down.
 *
 * @param failureThreshold consecutive retryable failures that open the breaker; at least 1
 * @param cooldown         how long the breaker stays open before a trial; positive
 */
public record CircuitBreakerPolicy(int failureThreshold, Duration cooldown) {
    /** Failures that open a breaker unless configured otherwise. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    /** How long a breaker stays open unless configured otherwise. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);

    private static final CircuitBreakerPolicy DEFAULTS =
            new CircuitBreakerPolicy(DEFAULT_FAILURE_THRESHOLD, DEFAULT_COOLDOWN);

    /** Checks both parts. */
    public CircuitBreakerPolicy {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1: " + failureThreshold);
        }
        Objects.requireNonNull(cooldown, "cooldown is null");
        if (cooldown.isNegative() || cooldown.isZero()) {
            throw new IllegalArgumentException("cooldown must be positive: " + cooldown);
        }
    }

    /** Opens after 5 consecutive retryable failures, half-opens after 30 s. */
    public static CircuitBreakerPolicy defaults() {
        return DEFAULTS;
    }

    /** A copy with another failure threshold. */
    public CircuitBreakerPolicy withFailureThreshold(int newFailureThreshold) {
        return new CircuitBreakerPolicy(newFailureThreshold, cooldown);
    }

    /** A copy with another cool-down. */
    public CircuitBreakerPolicy withCooldown(Duration newCooldown) {
        return new CircuitBreakerPolicy(failureThreshold, newCooldown);
    }
}
