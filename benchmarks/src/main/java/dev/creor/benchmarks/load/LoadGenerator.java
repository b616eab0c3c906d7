package dev.creor.benchmarks.load;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Drives a {@link LoadClient}: at a fixed rate (open loop) or as fast as it answers (closed loop). */
final class LoadGenerator {
    private static final long MAX_RECORDABLE = 60_000_000_000L;
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);

    private LoadGenerator() {
    }

    /**
     * Sends requests on a fixed schedule, {@code rate} per second for {@code duration}, whether
     * or not earlier ones have answered, and measures each from the moment the schedule says it
     * should start. A stall of the client therefore shows in the latencies of every request
     * that should have gone out during it (no coordinated omission), not just the one in flight.
     */
    static Phase openLoop(LoadClient client, LoadClient.Kind kind, int rate, Duration duration) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        int count = Math.toIntExact(Math.max(1, duration.toNanos() / interval));
        Recorders recorders = new Recorders();
        CountDownLatch answered = new CountDownLatch(count);
        long cpuBefore = JvmProbe.processCpuNanos();
        AllocationMeter allocation = AllocationMeter.start();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
        for (int i = 0; i < count; i++) {
            long scheduled = start + i * interval;
            long now = System.nanoTime();
            while (now < scheduled) {
                LockSupport.parkNanos(scheduled - now);
                now = System.nanoTime();
            }
            recorders.sendLag.recordValue(clamp(now - scheduled));
            long sent = now;
            client.send(kind).whenComplete((firstToken, failure) -> {
                long end = System.nanoTime();
                recorders.record(scheduled, sent, end, firstToken, failure);
                answered.countDown();
            });
        }
        await(answered);
        long end = System.nanoTime();
        Phase phase = recorders.phase();
        phase.elapsedNanos = end - start;
        phase.cpuNanos = JvmProbe.processCpuNanos() - cpuBefore;
        phase.allocatedBytes = allocation.stop();
        return phase;
    }

    /**
     * Keeps {@code concurrency} requests in flight for {@code duration}: each answer sends the
     * next request at once, from the thread that read it. Counts the answers that arrive
     * within the period: the client's maximum throughput at that concurrency.
     *
     * <p>A period in which no answer arrived measures nothing (a loaded machine can take longer
     * than a short period for one round trip): then the period lasts until the first answer, and
     * that one is counted, so the throughput is one answer in that time, never zero.
     */
    static Phase closedLoop(LoadClient client, LoadClient.Kind kind, int concurrency, Duration duration) {
        Recorders recorders = new Recorders();
        CountDownLatch chainsEnded = new CountDownLatch(concurrency);
        long cpuBefore = JvmProbe.processCpuNanos();
        AllocationMeter allocation = AllocationMeter.start();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        Period period = new Period(deadline);
        for (int i = 0; i < concurrency; i++) {
            new Chain(client, kind, period, recorders, chainsEnded).next();
        }
        await(chainsEnded);
        Phase phase = recorders.phase();
        phase.elapsedNanos = period.end() - start;
        phase.cpuNanos = JvmProbe.processCpuNanos() - cpuBefore;
        phase.allocatedBytes = allocation.stop();
        return phase;
    }

    /** When a closed loop's period ends: at its deadline, or at its first answer if none came before. */
    private static final class Period {
        private final long deadline;
        private final AtomicBoolean answered = new AtomicBoolean();
        private volatile long lateEnd;

        Period(long deadline) {
            this.deadline = deadline;
        }

        /** Whether an answer that arrived at {@code end} counts; the first one always does. */
        boolean counts(long end) {
            if (end <= deadline) {
                answered.set(true);
                return true;
            }
            if (answered.compareAndSet(false, true)) {
                lateEnd = end;
                return true;
            }
            return false;
        }

        boolean over(long now) {
            return now > deadline;
        }

        long end() {
            return Math.max(deadline, lateEnd);
        }
    }

    /** One request after another until the period is over; answers after it are not counted. */
    private record Chain(LoadClient client, LoadClient.Kind kind, Period period, Recorders recorders,
                         CountDownLatch ended) {
        void next() {
            long sent = System.nanoTime();
            client.send(kind).whenComplete((firstToken, failure) -> {
                long end = System.nanoTime();
                if (period.counts(end)) {
                    recorders.record(sent, sent, end, firstToken, failure);
                }
                if (period.over(end)) {
                    ended.countDown();
                    return;
                }
                next();
            });
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(DRAIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(latch.getCount() + " requests did not end within " + DRAIN_LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static long clamp(long nanos) {
        return Math.max(0, Math.min(MAX_RECORDABLE, nanos));
    }

    /** Thread-safe recording from the clients' event loops. */
    private static final class Recorders {
        final Recorder responseTime = new Recorder(MAX_RECORDABLE, 3);
        final Recorder serviceTime = new Recorder(MAX_RECORDABLE, 3);
        final Recorder firstToken = new Recorder(MAX_RECORDABLE, 3);
        final Recorder sendLag = new Recorder(MAX_RECORDABLE, 3);
        final AtomicLong completed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        volatile String firstFailure = "";

        void record(long scheduled, long sent, long end, Long firstTokenAt, Throwable failure) {
            if (failure != null) {
                if (failed.getAndIncrement() == 0) {
                    firstFailure = String.valueOf(failure);
                }
                return;
            }
            completed.incrementAndGet();
            responseTime.recordValue(clamp(end - scheduled));
            serviceTime.recordValue(clamp(end - sent));
            if (firstTokenAt != null && firstTokenAt != 0) {
                firstToken.recordValue(clamp(firstTokenAt - scheduled));
            }
        }

        Phase phase() {
            Phase phase = new Phase();
            copy(responseTime, phase.responseTime);
            copy(serviceTime, phase.serviceTime);
            copy(firstToken, phase.firstToken);
            copy(sendLag, phase.sendLag);
            phase.completed = completed.get();
            phase.failed = failed.get();
            phase.firstFailure = firstFailure;
            return phase;
        }

        private static void copy(Recorder recorder, Histogram into) {
            into.add(recorder.getIntervalHistogram());
        }
    }
}
