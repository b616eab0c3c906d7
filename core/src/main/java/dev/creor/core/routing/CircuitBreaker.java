package dev.creor.core.routing;

import dev.creor.core.ModelRef;
import dev.creor.core.internal.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The breaker of one model (see {@link CircuitBreakerPolicy}). Open and half-open are derived
 * lazily from the clock, so no timer runs while a breaker cools down.
 */
final class CircuitBreaker {
    private final ModelRef model;
    private final CircuitBreakerPolicy policy;
    private int consecutiveFailures;
    private Instant openUntil;
    private String openReason;
    private boolean trialInFlight;

    CircuitBreaker(ModelRef model, CircuitBreakerPolicy policy) {
        this.model = Objects.requireNonNull(model, "model is null");
        this.policy = Objects.requireNonNull(policy, "policy is null");
    }

    synchronized CircuitBreakerState state(Instant now) {
        if (openUntil == null) {
            return CircuitBreakerState.CLOSED;
        }
        return now.isBefore(openUntil) ? CircuitBreakerState.OPEN : CircuitBreakerState.HALF_OPEN;
    }

    /** Lets a request through, or says why not. */
    synchronized Decision admit(Instant now) {
        switch (state(now)) {
            case CLOSED:
                return new Decision(new Admission(false), null, null);
            case HALF_OPEN:
                if (!trialInFlight) {
                    trialInFlight = true;
                    return new Decision(new Admission(true), null, null);
                }
                return new Decision(null, "circuit breaker half-open: a trial request is already in flight", null);
            default:
                Duration left = Duration.between(now, openUntil);
                return new Decision(null, "circuit breaker open (" + openReason + "); it half-opens "
                        + Durations.atAndIn(now, left), openUntil);
        }
    }

    private synchronized void succeeded(boolean trial) {
        if (openUntil == null || trial) {
            consecutiveFailures = 0;
            openUntil = null;
            trialInFlight = false;
        }
    }

    private synchronized void failed(boolean trial, Instant now) {
        if (trial) {
            trialInFlight = false;
            open(now, "the trial request after the cool-down failed");
        } else if (openUntil == null && ++consecutiveFailures >= policy.failureThreshold()) {
            open(now, consecutiveFailures + " consecutive retryable failures");
        }
    }

    private synchronized void released(boolean trial) {
        if (trial) {
            trialInFlight = false;
        }
    }

    private void open(Instant now, String reason) {
        consecutiveFailures = 0;
        openUntil = now.plus(policy.cooldown());
        openReason = reason;
    }

    @Override
    public synchronized String toString() {
        return "CircuitBreaker[" + model + ", " + (openUntil == null ? consecutiveFailures + " failures" : "open until "
                + openUntil) + "]";
    }

    /**
     * The breaker's answer to one request: an admission, or a reason to skip with the time the
     * breaker half-opens (absent when it is half-open already, with a trial in flight).
     */
    record Decision(Admission admission, String rejection, Instant halfOpensAt) {
        boolean admitted() {
            return admission != null;
        }

        Optional<Instant> halfOpensAtTime() {
            return Optional.ofNullable(halfOpensAt);
        }
    }

    /** One admitted request, whose outcome is reported to the breaker exactly once. */
    final class Admission {
        private final boolean trial;
        private boolean resolved;

        private Admission(boolean trial) {
            this.trial = trial;
        }

        ModelRef model() {
            return model;
        }

        /** The model answered. */
        void succeeded() {
            if (resolve()) {
                CircuitBreaker.this.succeeded(trial);
            }
        }

        /** The model failed in a way retrying might fix: it counts towards opening. */
        void failed(Instant now) {
            if (resolve()) {
                CircuitBreaker.this.failed(trial, now);
            }
        }

        /** The request ended without a verdict on the model (cancelled, or an error retrying cannot fix). */
        void release() {
            if (resolve()) {
                CircuitBreaker.this.released(trial);
            }
        }

        private synchronized boolean resolve() {
            boolean first = !resolved;
            resolved = true;
            return first;
        }
    }
}
