package dev.creor.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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

    /**
     * A scheduler that runs actions on the given executor and reads the given clock.
     *
     * <p>The caller owns the executor: it stays running until the caller shuts it down, and a
     * shut-down executor makes {@link #schedule} fail with its
     * {@link java.util.concurrent.RejectedExecutionException}.
     */
    static Scheduler using(ScheduledExecutorService executor, Clock clock) {
        Objects.requireNonNull(executor, "executor is null");
        Objects.requireNonNull(clock, "clock is null");
        return new Scheduler() {
            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable action) {
                Objects.requireNonNull(delay, "delay is null");
                Objects.requireNonNull(action, "action is null");
                long nanos = delay.isNegative() ? 0 : saturatedNanos(delay);
                ScheduledFuture<?> future = executor.schedule(action, nanos, TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public String toString() {
                return "Scheduler[" + executor + ", " + clock + "]";
            }
        };
    }

    private static long saturatedNanos(Duration delay) {
        try {
            return delay.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** A scheduled action that may still be called off. */
    @FunctionalInterface
    interface Cancellable {
        /** Calls the action off if it has not run yet; harmless afterwards. */
        void cancel();
    }
}
