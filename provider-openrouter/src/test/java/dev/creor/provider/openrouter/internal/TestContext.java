package dev.creor.provider.openrouter.internal;

import dev.creor.core.Scheduler;
import dev.creor.spi.ProviderContext;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Clock;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A provider context for tests: real executors, a recording logger, a chosen cache directory. */
final class TestContext implements AutoCloseable {
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService blocking = Executors.newFixedThreadPool(2);
    final RecordingLogger logger = new RecordingLogger();
    private final Path cacheDirectory;
    private final Clock clock;
    private final Vertx vertx;

    TestContext(Path cacheDirectory) {
        this(cacheDirectory, Clock.systemUTC(), null);
    }

    TestContext(Path cacheDirectory, Clock clock, Vertx vertx) {
        this.cacheDirectory = cacheDirectory;
        this.clock = clock;
        this.vertx = vertx;
    }

    ProviderContext context() {
        ProviderContext.Builder builder = ProviderContext.builder(Scheduler.using(timers, clock), blocking, cacheDirectory)
                .logger(logger)
                .userAgent("creor-test/1.0");
        if (vertx != null) {
            builder.sharedResource(Vertx.class, vertx);
        }
        return builder.build();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        blocking.shutdownNow();
        // Not InterruptedException: a try-with-resources would have to handle an interrupt it never caused.
        try {
            blocking.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps every message logged at INFO or above. */
    static final class RecordingLogger implements System.Logger {
        final List<String> messages = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            if (level.getSeverity() >= Level.INFO.getSeverity()) {
                messages.add(level + " " + message + (thrown == null ? "" : " " + thrown));
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
                    (Throwable) null);
        }
    }
}
