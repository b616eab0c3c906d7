package dev.creor.runtime.internal.wiring;

import dev.creor.core.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The runtime's {@link Scheduler}: actions run on the scheduler thread, and the ones still
 * waiting when the runtime closes can be run at once by {@link #runWaitingNow()}.
 *
 * <p>The router waits here before each retry. Dropped with the scheduler thread, such a wait
 * would leave its request unanswered for ever; run at once after the providers are closed, the
 * retry meets a closed provider and the request ends with {@code CANCELLED}.
 */
final class RuntimeScheduler implements Scheduler {
    private static final System.Logger LOGGER = System.getLogger(RuntimeScheduler.class.getName());

    /** Does the timing; this class only remembers what still waits. */
    private final Scheduler timer;
    private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();

    RuntimeScheduler(ScheduledExecutorService executor, Clock clock) {
        this.timer = Scheduler.using(executor, clock);
    }

    @Override
    public Clock clock() {
        return timer.clock();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        Objects.requireNonNull(delay, "delay is null");
        Waiting entry = new Waiting(Objects.requireNonNull(action, "action is null"));
        waiting.add(entry);
        try {
            entry.scheduled = timer.schedule(delay, entry::run);
        } catch (RuntimeException rejected) {
            waiting.remove(entry);
            throw rejected;
        }
        return entry::cancel;
    }

    /** Runs, on the calling thread, every action still waiting; for after the scheduler thread has stopped. */
    void runWaitingNow() {
        for (Waiting entry : List.copyOf(waiting)) {
            try {
                entry.run();
            } catch (RuntimeException failure) {
                LOGGER.log(System.Logger.Level.WARNING, "an action run early because the runtime closed failed: " + failure);
            }
        }
    }

    @Override
    public String toString() {
        return "RuntimeScheduler[" + waiting.size() + " waiting, " + timer.clock() + "]";
    }

    /** One scheduled action, which runs or is cancelled once. */
    private final class Waiting {
        private final Runnable action;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private volatile Cancellable scheduled;

        Waiting(Runnable action) {
            this.action = action;
        }

        void run() {
            if (claimed.compareAndSet(false, true)) {
                waiting.remove(this);
                action.run();
            }
        }

        void cancel() {
            if (claimed.compareAndSet(false, true)) {
                waiting.remove(this);
                Cancellable pending = scheduled;
                if (pending != null) {
                    pending.cancel();
                }
            }
        }
    }
}
