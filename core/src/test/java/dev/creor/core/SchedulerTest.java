package dev.creor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final Scheduler scheduler = Scheduler.using(executor, Clock.systemUTC());

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    @Test
    void runsActionsOnTheExecutorNotTheCallingThread() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<Thread> runner = new AtomicReference<>();

        scheduler.schedule(Duration.ofMillis(-5), () -> {
            runner.set(Thread.currentThread());
            ran.countDown();
        });

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.get()).isNotSameAs(Thread.currentThread());
    }

    @Test
    void aCancelledActionNeverRuns() throws InterruptedException {
        // The scheduler's one thread is held until the action is cancelled, so the action cannot
        // run first however late this thread gets to cancel it.
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        scheduler.schedule(Duration.ZERO, () -> {
            held.countDown();
            awaitQuietly(cancelled);
        });
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean ran = new AtomicBoolean();
        Scheduler.Cancellable cancellable = scheduler.schedule(Duration.ofMillis(1), () -> ran.set(true));

        cancellable.cancel();
        cancelled.countDown();
        CountDownLatch later = new CountDownLatch(1);
        // Due after the action (scheduled later, with a delay as long), so it runs after the action's turn.
        scheduler.schedule(Duration.ofMillis(1), later::countDown);

        assertThat(later.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anEnormousDelayDoesNotOverflow() {
        Scheduler.Cancellable cancellable = scheduler.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> { });

        cancellable.cancel();
        assertThat(scheduler.clock()).isEqualTo(Clock.systemUTC());
    }
}
