package dev.creor.benchmarks.load;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What the JVM running the client spends: CPU, allocation, heap, direct memory and threads. */
final class JvmProbe {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private JvmProbe() {
    }

    /** CPU time of the whole process (every thread: event loops, GC, JIT). */
    static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    /** Live threads. */
    static int threads() {
        return THREADS.getThreadCount();
    }

    /** Heap in use now, garbage included. */
    static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The heap's limit ({@code -Xmx}). */
    static long heapMax() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    }

    /** Heap in use right after a full collection: the live data. */
    static long liveHeap() {
        System.gc();
        return heapUsed();
    }

    /** Direct (off-heap) buffer memory in use, where Netty keeps socket buffers. */
    static long directMemoryUsed() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    /** The ids of the threads alive now. */
    static Set<Long> threadIds() {
        return Arrays.stream(THREADS.getAllThreadIds()).boxed().collect(Collectors.toSet());
    }

    /**
     * Live threads that were not alive in {@code before} (the ids {@link #threadIds()} gave before a
     * client was opened), each with where it is, once they have had up to {@code grace} to end (a
     * thread may still be returning from its last task when {@code close()} returns); empty when none
     * is left.
     */
    static List<String> threadsStartedSince(Set<Long> before, java.time.Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> left = threadsNotIn(before);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(10));
            left = threadsNotIn(before);
        }
        return left;
    }

    private static List<String> threadsNotIn(Set<Long> before) {
        return Arrays.stream(THREADS.dumpAllThreads(false, false))
                .filter(thread -> !before.contains(thread.getThreadId()))
                .filter(thread -> !thread.getThreadName().equals("Attach Listener"))
                .map(thread -> thread.getThreadName() + " (" + thread.getThreadState()
                        + (thread.getStackTrace().length > 0 ? " in " + thread.getStackTrace()[0] : "") + ")")
                .sorted().toList();
    }
}
