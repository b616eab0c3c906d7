package dev.creor.core.routing;

import dev.creor.core.Scheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;

/**
 * The client-side concurrency limit of one provider: permits for attempts in flight and a
 * bounded first-in, first-out queue of attempts waiting for one.
 */
final class ConcurrencyGate {
    private enum State { WAITING, GRANTED, DONE }

    private final ConcurrencyLimit limit;
    private final Scheduler scheduler;
    private final Deque<Ticket> queue = new ArrayDeque<>();
    private int inFlight;

    ConcurrencyGate(ConcurrencyLimit limit, Scheduler scheduler) {
        this.limit = Objects.requireNonNull(limit, "limit is null");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler is null");
    }

    ConcurrencyLimit limit() {
        return limit;
    }

    /**
     * A permit now, a place in the queue ({@code onGranted} runs on the scheduler when a permit
     * frees up), or empty when the queue is full.
     */
    synchronized Optional<Ticket> acquire(Runnable onGranted) {
        Objects.requireNonNull(onGranted, "onGranted is null");
        if (inFlight < limit.maxConcurrent()) {
            inFlight++;
            return Optional.of(new Ticket(State.GRANTED, onGranted));
        }
        if (queue.size() < limit.maxQueued()) {
            Ticket ticket = new Ticket(State.WAITING, onGranted);
            queue.addLast(ticket);
            return Optional.of(ticket);
        }
        return Optional.empty();
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int queued() {
        return queue.size();
    }

    private void release(Ticket ticket) {
        Ticket next;
        synchronized (this) {
            if (ticket.state == State.WAITING) {
                queue.remove(ticket);
                ticket.state = State.DONE;
                return;
            }
            if (ticket.state != State.GRANTED) {
                return;
            }
            ticket.state = State.DONE;
            next = queue.pollFirst();
            if (next == null) {
                inFlight--;
                return;
            }
            // The permit passes straight to the next in line; inFlight does not change.
            next.state = State.GRANTED;
        }
        handOver(next);
    }

    private void handOver(Ticket next) {
        try {
            scheduler.schedule(Duration.ZERO, next.onGranted);
        } catch (RuntimeException rejected) {
            // A scheduler that no longer runs anything must not strand the permit with a waiter
            // that would never hear of it.
            next.onGranted.run();
        }
    }

    @Override
    public synchronized String toString() {
        return "ConcurrencyGate[" + inFlight + "/" + limit.maxConcurrent() + " in flight, " + queue.size() + "/"
                + limit.maxQueued() + " queued]";
    }

    /** A permit or a place in the queue; {@link #release()} gives either back, once. */
    final class Ticket {
        private State state;
        private final Runnable onGranted;

        private Ticket(State state, Runnable onGranted) {
            this.state = state;
            this.onGranted = onGranted;
        }

        boolean granted() {
            synchronized (ConcurrencyGate.this) {
                return state == State.GRANTED;
            }
        }

        /** Frees the permit or leaves the queue; harmless when already done. */
        void release() {
            ConcurrencyGate.this.release(this);
        }
    }
}
