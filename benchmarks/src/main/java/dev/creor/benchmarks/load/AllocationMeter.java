package dev.creor.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Bytes the client's threads allocate during one phase, counted per thread: what each thread alive at
 * the end allocated since the start (or since it started), plus what threads that ended meanwhile had
 * allocated when last seen. The JVM counts allocation per live thread only (JDK 17 has no total), so
 * a sum over the threads alive at two moments goes wrong, even negative, when a pool's threads come
 * and go between them; a thread-per-stream client loses at most what a thread allocates in its last
 * {@link #POLL} before it ends.
 */
final class AllocationMeter {
    static final long POLL = TimeUnit.MILLISECONDS.toNanos(20);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> atStart = new HashMap<>();
    private final Map<Long, Long> lastSeen = new HashMap<>();
    private final Thread poller;
    private volatile boolean stopped;

    private AllocationMeter() {
        poller = new Thread(this::poll, "allocation-meter");
        poller.setDaemon(true);
        read(atStart);
        poller.start();
    }

    /** Starts counting now. */
    static AllocationMeter start() {
        return new AllocationMeter();
    }

    /** Stops counting and returns the bytes the client's threads allocated since {@link #start()}. */
    long stop() {
        stopped = true;
        LockSupport.unpark(poller);
        try {
            poller.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        read(lastSeen); // after join(): the poller's writes are visible here
        long total = 0;
        for (Map.Entry<Long, Long> thread : lastSeen.entrySet()) {
            total += Math.max(0, thread.getValue() - atStart.getOrDefault(thread.getKey(), 0L));
        }
        return total;
    }

    private void poll() {
        while (!stopped) {
            read(lastSeen);
            LockSupport.parkNanos(POLL);
        }
    }

    /** Records each live thread's count, the meter's own thread excepted; ended threads keep their last one. */
    private void read(Map<Long, Long> into) {
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        long self = poller.getId();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0 && ids[i] != self) {
                into.merge(ids[i], bytes[i], Math::max);
            }
        }
    }
}
