package dev.creor.core.testing;

import dev.creor.core.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Scheduler} on virtual time, for tests: nothing waits for real, so a test can assert
 * "the router waited exactly 1 s" in microseconds of wall time, without sleeping.
 *
 * <p>Time stands still until a test moves it. Scheduled actions run in order of due time
 * (first scheduled first among equals), with the clock set to each action's due time while it
 * runs. Two ways to drive it:
 * <ul>
 * <li><b>manual</b> ({@code new VirtualScheduler()}): nothing runs until the test calls
 *     {@link #advance(Duration)}, {@link #runDue()} or {@link #runUntilIdle()}, which run the
 *     actions on the calling thread;</li>
 * <li><b>auto-advancing</b> ({@link #autoAdvancing()}): a daemon thread runs each action as soon
 *     as nothing else is runnable, jumping the clock to its due time. Use it when the code under
 *     test also does real I/O (an HTTP sandbox), so waits cost no wall time while everything
 *     else happens for real. {@link #close()} stops the thread.</li>
 * </ul>
 *
 * <pre>{@code
 * VirtualScheduler time = new VirtualScheduler();
 * ModelRouter router = ModelRouter.builder(time).provider("fake", target).build();
 * CompletableFuture<ChatResponse> answer = router.chat(request);   // first attempt fails with 429, Retry-After 1 s
 * time.runUntilIdle();
 * assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>Thread-safe: actions may be scheduled and cancelled from any thread. An action never runs
 * inside the call that schedules it, and never two run at once. An action that throws stops {@link #advance} and
 * {@link #runUntilIdle} with its exception; in auto-advancing mode the first such exception is
 * kept and thrown by {@link #close()}.
 */
public final class VirtualScheduler implements Scheduler, AutoCloseable {
    /** Where virtual time starts unless told otherwise: 2026-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int RUN_LIMIT = 1_000_000;

    private final Instant start;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final Thread runner;
    private Instant now;
    private long sequence;
    private boolean running;
    private boolean closed;
    private Throwable firstFailure;
    private final Clock clock = new VirtualClock(ZoneOffset.UTC);

    /** A manual scheduler starting at {@link #DEFAULT_START}. */
    public VirtualScheduler() {
        this(DEFAULT_START, false);
    }

    /** A manual scheduler starting at the given instant. */
    public VirtualScheduler(Instant start) {
        this(start, false);
    }

    private VirtualScheduler(Instant start, boolean autoAdvance) {
        this.start = Objects.requireNonNull(start, "start is null");
        this.now = start;
        if (autoAdvance) {
            runner = new Thread(this::autoAdvance, "virtual-scheduler");
            runner.setDaemon(true);
            runner.start();
        } else {
            runner = null;
        }
    }

    /** An auto-advancing scheduler starting at {@link #DEFAULT_START}; close it when done. */
    public static VirtualScheduler autoAdvancing() {
        return autoAdvancing(DEFAULT_START);
    }

    /** An auto-advancing scheduler starting at the given instant; close it when done. */
    public static VirtualScheduler autoAdvancing(Instant start) {
        return new VirtualScheduler(start, true);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** The current virtual time. */
    public Instant now() {
        lock.lock();
        try {
            return now;
        } finally {
            lock.unlock();
        }
    }

    /** Virtual time passed since the start. */
    public Duration elapsed() {
        return Duration.between(start, now());
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
        Objects.requireNonNull(delay, "delay is null");
        Objects.requireNonNull(action, "action is null");
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the virtual scheduler is closed");
            }
            Instant due = delay.isNegative() ? now : saturatedPlus(now, delay);
            Task task = new Task(due, sequence++, action);
            queue.add(task);
            changed.signalAll();
            return () -> cancel(task);
        } finally {
            lock.unlock();
        }
    }

    /** How many actions are scheduled and not yet run or cancelled. */
    public int pending() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** The delay until the next scheduled action, measured from now; empty when none is scheduled. */
    public Optional<Duration> nextDelay() {
        lock.lock();
        try {
            Task next = queue.peek();
            return next == null ? Optional.empty()
                    : Optional.of(next.due.isAfter(now) ? Duration.between(now, next.due) : Duration.ZERO);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves time forward by {@code duration}, running every action that falls due on the way,
     * including actions they schedule within the window. Manual mode only.
     *
     * @return how many actions ran
     */
    public int advance(Duration duration) {
        Objects.requireNonNull(duration, "duration is null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time cannot go back: " + duration);
        }
        return drive(saturatedPlus(now(), duration), true);
    }

    /** Runs the actions due now, including those they schedule for now, without moving time. Manual mode only. */
    public int runDue() {
        return drive(now(), true);
    }

    /**
     * Runs every scheduled action in due order, moving time to each, until none is left. Manual
     * mode only.
     *
     * @return how many actions ran
     * @throws IllegalStateException when actions keep scheduling more for over a million runs
     */
    public int runUntilIdle() {
        return drive(Instant.MAX, false);
    }

    /**
     * Waits (for real, up to {@code timeout}) until at least {@code count} actions are scheduled:
     * e.g. until code running on other threads has started a back-off wait.
     *
     * @return whether they were scheduled in time
     */
    public boolean awaitPending(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (queue.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits (for real, up to {@code timeout}) until no action is scheduled or running: in
     * auto-advancing mode, until its thread has run them all; in manual mode, until code on
     * other threads has cancelled them (e.g. a retry called off by a cancellation).
     *
     * @return whether it became idle in time
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!queue.isEmpty() || running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the auto-advancing thread and refuses further actions; pending ones never run.
     *
     * @throws IllegalStateException carrying the first exception an action threw in
     *                               auto-advancing mode, so that a test does not miss it
     */
    @Override
    public void close() {
        Throwable failure;
        lock.lock();
        try {
            closed = true;
            queue.clear();
            changed.signalAll();
            failure = firstFailure;
            firstFailure = null;
        } finally {
            lock.unlock();
        }
        if (runner != null && runner != Thread.currentThread()) {
            try {
                runner.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw new IllegalStateException("an action scheduled on the virtual scheduler threw", failure);
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "VirtualScheduler[" + now + ", " + queue.size() + " pending" + (runner == null ? "" : ", auto") + "]";
        } finally {
            lock.unlock();
        }
    }

    private void cancel(Task task) {
        lock.lock();
        try {
            if (queue.remove(task)) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs due actions up to {@code until}; a bounded drive then leaves the clock at {@code until}. */
    private int drive(Instant until, boolean bounded) {
        if (runner != null) {
            throw new IllegalStateException("an auto-advancing virtual scheduler drives itself");
        }
        int ran = 0;
        while (true) {
            Task task;
            lock.lock();
            try {
                if (running) {
                    throw new IllegalStateException("the virtual scheduler is already running actions;"
                            + " an action must not drive it");
                }
                task = queue.peek();
                if (task == null || task.due.isAfter(until)) {
                    if (bounded && until.isAfter(now)) {
                        now = until;
                    }
                    return ran;
                }
                queue.poll();
                if (task.due.isAfter(now)) {
                    now = task.due;
                }
                running = true;
            } finally {
                lock.unlock();
            }
            try {
                task.action.run();
            } finally {
                lock.lock();
                try {
                    running = false;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
            if (++ran > RUN_LIMIT) {
                throw new IllegalStateException("over " + RUN_LIMIT + " actions ran; do they keep rescheduling?");
            }
        }
    }

    private void autoAdvance() {
        while (true) {
            Task task;
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    changed.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                task = queue.poll();
                if (task.due.isAfter(now)) {
                    now = task.due;
                }
                running = true;
            } finally {
                lock.unlock();
            }
            Throwable failure = null;
            try {
                task.action.run();
            } catch (RuntimeException | Error thrown) {
                failure = thrown;
            }
            lock.lock();
            try {
                running = false;
                if (failure != null && firstFailure == null) {
                    firstFailure = failure;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static Instant saturatedPlus(Instant instant, Duration duration) {
        try {
            Instant sum = instant.plus(duration);
            return sum.isAfter(Instant.MAX) ? Instant.MAX : sum;
        } catch (ArithmeticException | java.time.DateTimeException tooFar) {
            return Instant.MAX;
        }
    }

    private record Task(Instant due, long sequence, Runnable action) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byDue = due.compareTo(other.due);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }

    /** A clock that reads the scheduler's virtual time. */
    private final class VirtualClock extends Clock {
        private final ZoneId zone;

        VirtualClock(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId newZone) {
            return new VirtualClock(newZone);
        }

        @Override
        public Instant instant() {
            return now();
        }

        @Override
        public String toString() {
            return "VirtualClock[" + now() + "]";
        }
    }
}
