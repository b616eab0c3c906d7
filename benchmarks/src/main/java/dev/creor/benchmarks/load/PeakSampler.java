package dev.creor.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Samples the client JVM every 20 ms on a thread of its own and keeps the peaks: heap in use
 * (garbage included), direct memory, live threads (this sampler's own thread not counted) and
 * open streams.
 */
final class PeakSampler implements AutoCloseable {
    private static final long EVERY = TimeUnit.MILLISECONDS.toNanos(20);

    private final AtomicLong heap = new AtomicLong();
    private final AtomicLong direct = new AtomicLong();
    private final AtomicLong threads = new AtomicLong();
    private final AtomicLong streams = new AtomicLong();
    private final IntSupplier openStreams;
    private final Thread thread;
    private volatile boolean running = true;

    PeakSampler(IntSupplier openStreams) {
        this.openStreams = openStreams;
        this.thread = new Thread(this::sample, "bench-peak-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            heap.accumulateAndGet(JvmProbe.heapUsed(), Math::max);
            direct.accumulateAndGet(JvmProbe.directMemoryUsed(), Math::max);
            threads.accumulateAndGet(JvmProbe.threads() - 1, Math::max);
            streams.accumulateAndGet(openStreams.getAsInt(), Math::max);
            LockSupport.parkNanos(EVERY);
        }
    }

    long peakThreads() {
        return threads.get();
    }

    /** The peaks, memory in MiB. */
    Map<String, Object> peaks() {
        Map<String, Object> peaks = new LinkedHashMap<>();
        peaks.put("heapUsedMiB", mib(heap.get()));
        peaks.put("directMemoryMiB", mib(direct.get()));
        peaks.put("threads", threads.get());
        peaks.put("openStreamsSampled", streams.get());
        return peaks;
    }

    static double mib(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
