package dev.creor.runtime.internal.plugins;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs calls into a plugin's factory (its constructor, {@code id()}, {@code descriptor()},
 * {@code create(...)}, a provider's {@code close()}) on a thread of its own, one call at a
 * time, each within a time limit, with the plugin's class loader as the thread's context class
 * loader.
 *
 * <p>Whatever the call does comes back as an {@link Outcome}, never as a throw on the caller's
 * thread: the value it returned, anything it threw ({@link StackOverflowError},
 * {@link OutOfMemoryError} and {@link LinkageError} included), or that it did not return in
 * time. A call that does not return in time is abandoned, with its thread: the thread is a
 * daemon, interrupted once and never waited for, so a plugin that blocks forever holds up
 * neither the command nor the JVM's exit. The outcome says where the thread was stuck.
 */
final class PluginCalls implements AutoCloseable {
    /** How long one call may take unless configured otherwise. */
    static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(10);

    private final ExecutorService executor;
    private final Duration limit;
    private final String threadName;
    private volatile Thread worker;
    private boolean abandoned;

    /**
     * @param threadName    the worker thread's name, e.g. {@code creor-plugin-echo.jar}
     * @param contextLoader the class loader plugin code sees as the thread's context class loader
     * @param limit         how long each call may take
     */
    PluginCalls(String threadName, ClassLoader contextLoader, Duration limit) {
        this.threadName = Objects.requireNonNull(threadName, "threadName is null");
        Objects.requireNonNull(contextLoader, "contextLoader is null");
        this.limit = Objects.requireNonNull(limit, "limit is null");
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            thread.setContextClassLoader(contextLoader);
            worker = thread;
            return thread;
        });
    }

    /** What a call came to. */
    sealed interface Outcome<T> {
    }

    /** The call returned, perhaps {@code null}. */
    record Returned<T>(T value) implements Outcome<T> {
    }

    /** The call threw. */
    record Threw<T>(Throwable error) implements Outcome<T> {
        Threw {
            Objects.requireNonNull(error, "error is null");
        }
    }

    /**
     * The call did not return within the limit and was abandoned.
     *
     * @param limit      the limit it passed
     * @param stuckIn    the plugin frame its thread was in, e.g. {@code com.example.SlowFactory.<init>(SlowFactory.java:9)}
     * @param eventually completes should the call ever return, e.g. to close what it returns late
     */
    record TimedOut<T>(Duration limit, Optional<String> stuckIn, CompletableFuture<T> eventually) implements Outcome<T> {
        TimedOut {
            Objects.requireNonNull(limit, "limit is null");
            Objects.requireNonNull(stuckIn, "stuckIn is null");
            Objects.requireNonNull(eventually, "eventually is null");
        }

        /** {@code 10 s}, or {@code 250 ms} under a second. */
        String describeLimit() {
            return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
        }
    }

    /**
     * Runs the call and waits for it, at most the time limit.
     *
     * @throws IllegalStateException when an earlier call was abandoned: its thread may still be in
     *                               the plugin, so nothing more is run there
     */
    synchronized <T> Outcome<T> call(Callable<T> call) {
        if (abandoned) {
            throw new IllegalStateException(threadName + " was abandoned after a call that did not return");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable anything) {
                // Plugin code may throw anything, Errors included; all of it is the plugin's failure.
                result.completeExceptionally(anything);
            }
        });
        try {
            return new Returned<>(result.get(limit.toNanos(), TimeUnit.NANOSECONDS));
        } catch (ExecutionException threw) {
            return new Threw<>(threw.getCause());
        } catch (TimeoutException late) {
            Optional<String> stuckIn = stuckIn();
            abandon();
            return new TimedOut<>(limit, stuckIn, result);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            abandon();
            return new Threw<>(new CancellationException("interrupted while waiting for the plugin"));
        }
    }

    private void abandon() {
        abandoned = true;
        executor.shutdownNow();
    }

    /** The innermost frame of the worker that is neither the JDK's nor this package's. */
    private Optional<String> stuckIn() {
        Thread thread = worker;
        if (thread == null) {
            return Optional.empty();
        }
        for (StackTraceElement frame : thread.getStackTrace()) {
            String type = frame.getClassName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")
                    && !type.startsWith(PluginCalls.class.getPackageName() + ".")) {
                return Optional.of(type + "." + frame.getMethodName() + "(" + (frame.getFileName() == null ? "unknown source"
                        : frame.getFileName() + (frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : "")) + ")");
            }
        }
        return Optional.empty();
    }

    /** Lets the worker thread end once it is idle; an abandoned one is left to itself. */
    @Override
    public synchronized void close() {
        if (!abandoned) {
            executor.shutdown();
        }
    }
}
