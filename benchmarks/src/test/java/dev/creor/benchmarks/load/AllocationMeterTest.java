package dev.creor.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AllocationMeterTest {
    private static final int MIB = 1 << 20;

    /** The old sum over the threads alive at two moments went negative when a busy thread ended between them. */
    @Test
    void aThreadThatEndsDuringThePhaseDoesNotMakeTheCountNegative() throws InterruptedException {
        CountDownLatch allocated = new CountDownLatch(1);
        CountDownLatch end = new CountDownLatch(1);
        Thread ending = new Thread(() -> {
            allocate(16 * MIB);
            allocated.countDown();
            await(end);
        });
        ending.start();
        allocated.await();

        AllocationMeter meter = AllocationMeter.start();
        end.countDown();
        ending.join();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread working = new Thread(() -> {
            allocate(2 * MIB);
            done.countDown();
            await(release);
        });
        working.start();
        done.await();
        long bytes = meter.stop();
        release.countDown();
        working.join();

        assertThat(bytes).isBetween(2L * MIB, 12L * MIB);
    }

    private static volatile byte[] sink;

    private static void allocate(int bytes) {
        for (int i = 0; i < bytes / 4096; i++) {
            sink = new byte[4096];
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
