package dev.creor.runtime.internal.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.creor.config.CreorConfig;
import dev.creor.config.LoadedConfig;
import dev.creor.core.Environment;
import dev.creor.core.Scheduler;
import dev.creor.runtime.internal.plugins.DiscoveredProviders;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The runtime's foundations: the prepared options and config, the one Vert.x instance, the
 * scheduler and the executor for blocking work. Every thread any of them starts is named
 * {@code creor-...} or {@code vert.x-...} and ends when the runtime closes.
 */
final class RuntimeModule extends AbstractModule {
    private static final System.Logger LOGGER = System.getLogger(RuntimeModule.class.getName());

    private final Bootstrap.Prepared prepared;
    /** What this module has started, newest last, for {@link #stopStarted()}. */
    private final List<Runnable> stops = new CopyOnWriteArrayList<>();

    RuntimeModule(Bootstrap.Prepared prepared) {
        this.prepared = prepared;
    }

    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        binder().requireAtInjectOnConstructors();
        bind(Bootstrap.Prepared.class).toInstance(prepared);
        bind(RuntimeOptions.class).toInstance(prepared.options());
        bind(DiscoveredProviders.class).toInstance(prepared.providers());
        bind(LoadedConfig.class).toInstance(prepared.loaded());
        bind(CreorConfig.class).toInstance(prepared.config());
        bind(Environment.class).toInstance(prepared.options().environment());
        bind(Clock.class).toInstance(prepared.options().clock());
    }

    @Provides
    @Singleton
    Vertx vertx() {
        Vertx vertx = RuntimeThreads.vertx();
        stops.add(() -> {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } catch (Exception failure) {
                LOGGER.log(System.Logger.Level.WARNING, "Vert.x did not close cleanly: " + failure);
            }
        });
        return vertx;
    }

    @Provides
    @Singleton
    ScheduledExecutorService schedulerThreads() {
        ScheduledExecutorService executor = RuntimeThreads.schedulerThreads();
        stops.add(executor::shutdownNow);
        return executor;
    }

    @Provides
    @Singleton
    RuntimeScheduler runtimeScheduler(ScheduledExecutorService threads, Clock clock) {
        return new RuntimeScheduler(threads, clock);
    }

    @Provides
    @Singleton
    Scheduler scheduler(RuntimeScheduler scheduler) {
        return scheduler;
    }

    @Provides
    @Singleton
    ExecutorService blockingExecutor() {
        ExecutorService executor = RuntimeThreads.blockingExecutor();
        stops.add(executor::shutdownNow);
        return executor;
    }

    /**
     * Stops what this module has started, newest first: for a runtime whose wiring failed
     * after some of it was built (Guice creates singletons eagerly in production stage), which
     * no {@link WiredRuntime#close()} will ever stop.
     */
    void stopStarted() {
        List<Runnable> started = new ArrayList<>(stops);
        Collections.reverse(started);
        started.forEach(Runnable::run);
    }
}
