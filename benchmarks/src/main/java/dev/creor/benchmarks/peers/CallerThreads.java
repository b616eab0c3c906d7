package dev.creor.benchmarks.peers;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that wait in a library's blocking call, as a program using it at a fixed rate needs them:
 * a cached pool, one thread per call in flight. They are the library's cost and are counted as such.
 */
final class CallerThreads implements AutoCloseable {
    private final ExecutorService pool;

    CallerThreads(String library) {
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "bench-" + library + "-caller-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    ExecutorService pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
