package dev.creor.core.routing;

/** The state of one model's circuit breaker (see {@link CircuitBreakerPolicy}). */
enum CircuitBreakerState {
    /** Requests go through; consecutive retryable failures are counted. */
    CLOSED,
    /** Requests are skipped until the cool-down ends. */
    OPEN,
    /** The cool-down has ended: one trial request may go through to decide between the other two states. */
    HALF_OPEN
}
