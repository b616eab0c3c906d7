package dev.creor.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.creor.app.plugins.DiscoveredProviders;
import dev.creor.config.CreorConfig;
import dev.creor.config.LoadedConfig;
import dev.creor.core.Environment;
import dev.creor.core.Scheduler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime's foundations: the prepared options and config, the one Vert.x instance, the
 * scheduler and the executor for blocking work. Every thread any of them starts is named
 * {@code creor-...} or {@code vert.x-...} and ends when the runtime closes.
 */
final class RuntimeModule extends AbstractModule {
    private final Bootstrap.Prepared prepared;

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
        // Few event loops: a client of remote models waits on the network, not on CPU.
        return Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setWorkerPoolSize(4)
                .setInternalBlockingPoolSize(4));
    }

    @Provides
    @Singleton
    ScheduledExecutorService schedulerThreads() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemonThreads("creor-scheduler"));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Provides
    @Singleton
    Scheduler scheduler(ScheduledExecutorService threads, Clock clock) {
        return Scheduler.using(threads, clock);
    }

    @Provides
    @Singleton
    ExecutorService blockingExecutor() {
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
