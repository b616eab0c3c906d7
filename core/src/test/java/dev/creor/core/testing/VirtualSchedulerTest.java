package dev.creor.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {

    @Test
    void timeStandsStillUntilAdvancedAndActionsRunInDueOrderAtTheirDueTime() {
        VirtualScheduler time = new VirtualScheduler();
        List<String> ran = new ArrayList<>();
        time.schedule(Duration.ofSeconds(2), () -> ran.add("b at " + time.elapsed()));
        time.schedule(Duration.ofSeconds(1), () -> ran.add("a at " + time.elapsed()));
        time.schedule(Duration.ofSeconds(2), () -> ran.add("c at " + time.elapsed()));

        assertThat(time.clock().instant()).isEqualTo(VirtualScheduler.DEFAULT_START);
        assertThat(ran).isEmpty();
        assertThat(time.pending()).isEqualTo(3);
        assertThat(time.nextDelay()).hasValue(Duration.ofSeconds(1));

        assertThat(time.advance(Duration.ofMillis(1500))).isEqualTo(1);
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(1500));
        assertThat(time.advance(Duration.ofSeconds(10))).isEqualTo(2);

        assertThat(ran).containsExactly("a at PT1S", "b at PT2S", "c at PT2S");
        assertThat(time.elapsed()).isEqualTo(Duration.ofMillis(11500));
        assertThat(time.nextDelay()).isEmpty();
    }

    @Test
    void advanceRunsActionsScheduledWithinTheWindowByOtherActions() {
        VirtualScheduler time = new VirtualScheduler(Instant.parse("2030-05-01T10:00:00Z"));
        List<Duration> ran = new ArrayList<>();
        time.schedule(Duration.ofSeconds(1), () -> {
            ran.add(time.elapsed());
            time.schedule(Duration.ofSeconds(1), () -> ran.add(time.elapsed()));
            time.schedule(Duration.ofSeconds(5), () -> ran.add(time.elapsed()));
        });

        time.advance(Duration.ofSeconds(3));

        assertThat(ran).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(time.now()).isEqualTo(Instant.parse("2030-05-01T10:00:03Z"));
        assertThat(time.pending()).isEqualTo(1);
    }

    @Test
    void runDueRunsZeroDelayActionsWithoutMovingTime() {
        VirtualScheduler time = new VirtualScheduler();
        AtomicInteger ran = new AtomicInteger();
        time.schedule(Duration.ZERO, ran::incrementAndGet);
        time.schedule(Duration.ofMillis(-5), ran::incrementAndGet);
        time.schedule(Duration.ofMillis(1), ran::incrementAndGet);

        assertThat(ran).hasValue(0);
        assertThat(time.runDue()).isEqualTo(2);
        assertThat(time.elapsed()).isZero();
    }

    @Test
    void runUntilIdleJumpsToEachActionUntilNoneIsLeft() {
        VirtualScheduler time = new VirtualScheduler();
        AtomicInteger countdown = new AtomicInteger(3);
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            if (countdown.decrementAndGet() > 0) {
                time.schedule(Duration.ofMinutes(1), tick[0]);
            }
        };
        time.schedule(Duration.ofMinutes(1), tick[0]);

        assertThat(time.runUntilIdle()).isEqualTo(3);
        assertThat(time.elapsed()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void aCancelledActionNeverRuns() {
        VirtualScheduler time = new VirtualScheduler();
        AtomicInteger ran = new AtomicInteger();
        Scheduler.Cancellable cancellable = time.schedule(Duration.ofSeconds(1), ran::incrementAndGet);

        cancellable.cancel();
        cancellable.cancel();

        assertThat(time.pending()).isZero();
        time.advance(Duration.ofSeconds(2));
        assertThat(ran).hasValue(0);
    }

    @Test
    void anActionThatThrowsStopsTheDriveWithItsException() {
        VirtualScheduler time = new VirtualScheduler();
        AtomicInteger ran = new AtomicInteger();
        time.schedule(Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("boom");
        });
        time.schedule(Duration.ofSeconds(2), ran::incrementAndGet);

        assertThatThrownBy(() -> time.advance(Duration.ofSeconds(5))).hasMessage("boom");
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(1));
        time.runUntilIdle();
        assertThat(ran).hasValue(1);
    }

    @Test
    void anActionMustNotDriveTheScheduler() {
        VirtualScheduler time = new VirtualScheduler();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        time.schedule(Duration.ZERO, () -> {
            try {
                time.advance(Duration.ofSeconds(1));
            } catch (IllegalStateException expected) {
                thrown.set(expected);
            }
        });

        time.runDue();

        assertThat(thrown.get()).hasMessageContaining("must not drive it");
    }

    @Test
    void timeNeverGoesBack() {
        VirtualScheduler time = new VirtualScheduler();

        assertThatThrownBy(() -> time.advance(Duration.ofSeconds(-1))).hasMessage("time cannot go back: PT-1S");
    }

    @Test
    void anEnormousDelayStaysPendingWithoutOverflow() {
        VirtualScheduler time = new VirtualScheduler();
        time.schedule(Duration.ofSeconds(Long.MAX_VALUE), () -> { });

        time.advance(Duration.ofDays(365));

        assertThat(time.pending()).isEqualTo(1);
    }

    @Test
    void isSafeToScheduleFromManyThreads() throws Exception {
        VirtualScheduler time = new VirtualScheduler();
        List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            int base = thread * 1_000;
            writers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 1_000; i++) {
                    int value = base + i;
                    time.schedule(Duration.ofMillis(value), () -> ran.add(value));
                }
            }));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        time.runUntilIdle();

        assertThat(ran).hasSize(8_000).isSorted();
    }

    @Test
    void awaitPendingReturnsOnceAnotherThreadHasScheduled() throws Exception {
        VirtualScheduler time = new VirtualScheduler();
        assertThat(time.awaitPending(1, Duration.ofMillis(1))).isFalse();

        Thread other = new Thread(() -> time.schedule(Duration.ofSeconds(1), () -> { }));
        other.start();

        assertThat(time.awaitPending(1, Duration.ofSeconds(5))).isTrue();
        other.join();
    }

    @Test
    void autoAdvancingRunsEachActionAsSoonAsNothingElseIsRunnable() throws Exception {
        try (VirtualScheduler time = VirtualScheduler.autoAdvancing()) {
            CountDownLatch done = new CountDownLatch(1);
            List<Duration> ran = Collections.synchronizedList(new ArrayList<>());
            time.schedule(Duration.ofHours(1), () -> {
                ran.add(time.elapsed());
                time.schedule(Duration.ofSeconds(1), () -> {
                    ran.add(time.elapsed());
                    done.countDown();
                });
            });

            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(time.awaitIdle(Duration.ofSeconds(5))).isTrue();
            assertThat(ran).containsExactly(Duration.ofHours(1), Duration.ofHours(1).plusSeconds(1));
            assertThatThrownBy(() -> time.advance(Duration.ofSeconds(1))).hasMessageContaining("drives itself");
        }
    }

    @Test
    void closingStopsTheThreadAndReportsAFailedAction() throws Exception {
        VirtualScheduler time = VirtualScheduler.autoAdvancing();
        time.schedule(Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("in an action");
        });
        assertThat(time.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThatThrownBy(time::close).hasRootCauseMessage("in an action");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread -> thread.getName().equals("virtual-scheduler")
                && thread.isAlive());
        assertThatThrownBy(() -> time.schedule(Duration.ZERO, () -> { })).hasMessage("the virtual scheduler is closed");
    }
}
