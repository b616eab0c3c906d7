package dev.creor.runtime.internal.wiring;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What starts the runtime's threads: the one Vert.x instance, the scheduler's thread and the
 * executor for blocking work, each named {@code creor-...} or {@code vert.x-...}. Outside
 * {@link RuntimeModule} so that the agents' offline check ({@link OfflineAgentChecks}) starts
 * them as a running runtime does without loading Guice. The caller stops what it gets.
 */
final class RuntimeThreads {
    private RuntimeThreads() {
    }

    static Vertx vertx() {
        // Few event loops: a client of remote models waits on the network, not on CPU.
        return Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setWorkerPoolSize(4)
                .setInternalBlockingPoolSize(4));
    }

    /** One daemon thread, started when the first task is scheduled. */
    static ScheduledThreadPoolExecutor schedulerThreads() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemonThreads("creor-scheduler"));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    static ExecutorService blockingExecutor() {
        return Executors.newCachedThreadPool(daemonThreads("creor-blocking"));
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
