package dev.creor.core;

import java.time.Clock;
import java.time.Duration;

/**
 * Time as the rest of Creor sees it: a clock to read and a way to run something later.
 *
 * <p>Retry back-off, circuit-breaker cool-downs and timeouts all go through this port, so tests
 * can drive them with a virtual clock instead of sleeping. Actions run on the scheduler's own
 * thread and must not block.
 */
public interface Scheduler {

    /** The clock that durations are measured against. */
    Clock clock();

    /**
     * Runs {@code action} once after {@code delay}; a zero or negative delay runs it as soon as
     * possible, never on the calling thread.
     */
    Cancellable schedule(Duration delay, Runnable action);

    /** A scheduled action that may still be called off. */
    @FunctionalInterface
    interface Cancellable {
        /** Calls the action off if it has not run yet; harmless afterwards. */
        void cancel();
    }
}
