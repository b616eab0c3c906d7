package dev.creor.runtime.internal.wiring;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.creor.agents.AgentCatalog;
import dev.creor.config.CreorConfig;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.routing.ModelRouter;
import dev.creor.runtime.internal.credentials.CredentialResolver;
import dev.creor.runtime.internal.plugins.DiscoveredProviders;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What Guice wired for one running Creor: the validated config, the enabled providers, the
 * router in front of them and the agents, from {@link RuntimeOptions}. Only the embedding facade
 * ({@code dev.creor.runtime}: {@code Creor}, {@code CreorAgent}, {@code CreorCredentials})
 * stands on it; every program, the command line included, uses the facade. It is public only
 * because the facade lives in another package than the wiring, and Guice in this one.
 * {@link #close()} stops every thread it started.
 */
public final class WiredRuntime implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(WiredRuntime.class.getName());
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final Bootstrap.Prepared prepared;
    private final Map<String, ProviderHandle> providers;
    private final ModelRouter router;
    private final AgentCatalog agents;
    private final CredentialResolver credentials;
    private final RuntimeScheduler scheduler;
    private final Vertx vertx;
    private final ScheduledExecutorService schedulerThreads;
    private final ExecutorService blockingExecutor;
    private final ModelListing models;
    private final AgentChecks agentChecks;
    private boolean closed;

    @Inject
    WiredRuntime(Bootstrap.Prepared prepared, Map<String, ProviderHandle> providers, ModelRouter router,
                 AgentCatalog agents, CredentialResolver credentials, RuntimeScheduler scheduler, Vertx vertx,
                 ScheduledExecutorService schedulerThreads, ExecutorService blockingExecutor, ModelListing models,
                 AgentChecks agentChecks) {
        this.prepared = prepared;
        this.providers = providers;
        this.router = router;
        this.agents = agents;
        this.credentials = credentials;
        this.scheduler = scheduler;
        this.vertx = vertx;
        this.schedulerThreads = schedulerThreads;
        this.blockingExecutor = blockingExecutor;
        this.models = models;
        this.agentChecks = agentChecks;
    }

    /**
     * Discovers providers, loads and validates the config, and wires a runtime.
     *
     * @throws CreorException with {@code CONFIG_INVALID} listing every config problem, or the
     *                        error of anything else that stops the runtime from starting
     */
    public static WiredRuntime start(RuntimeOptions options) {
        Bootstrap.Prepared prepared = Bootstrap.prepare(options);
        RuntimeModule runtime = new RuntimeModule(prepared);
        try {
            Injector injector = Guice.createInjector(Stage.PRODUCTION,
                    runtime,
                    new CredentialsModule(),
                    new ProvidersModule(prepared.enabled()),
                    new RoutingModule(),
                    new AgentsModule(),
                    binder -> {
                        binder.bind(ModelListing.class);
                        binder.bind(AgentChecks.class);
                        binder.bind(WiredRuntime.class);
                    });
            return injector.getInstance(WiredRuntime.class);
        } catch (com.google.inject.CreationException | com.google.inject.ProvisionException failure) {
            runtime.stopStarted();
            prepared.providers().close();
            throw unwrap(failure);
        } catch (RuntimeException failure) {
            runtime.stopStarted();
            prepared.providers().close();
            throw failure;
        }
    }

    private static RuntimeException unwrap(RuntimeException failure) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof CreorException creor) {
                return creor;
            }
        }
        return CreorException.builder(ErrorCode.INTERNAL, "Creor could not start: " + failure.getMessage())
                .cause(failure).build();
    }

    /** What the runtime was built from. */
    public RuntimeOptions options() {
        return prepared.options();
    }

    /** The valid configuration it runs with. */
    public CreorConfig config() {
        return prepared.config();
    }

    /** Every discovered provider, enabled or not, and every plugin problem. */
    public DiscoveredProviders discovered() {
        return prepared.providers();
    }

    /** The enabled providers, by id, in discovery order. */
    public Map<String, ProviderHandle> providers() {
        return providers;
    }

    /**
     * The enabled provider with this id.
     *
     * @throws CreorException with {@code CONFIG_INVALID} (with did-you-mean candidates) for an
     *                        unknown or disabled provider, {@code PLUGIN_INVALID} for a broken plugin
     */
    public ProviderHandle provider(String id) {
        return requireEnabled(providers, prepared.providers(), id);
    }

    static ProviderHandle requireEnabled(Map<String, ProviderHandle> providers, DiscoveredProviders discovered,
                                         String id) {
        ProviderHandle handle = providers.get(id);
        if (handle != null) {
            return handle;
        }
        // Throws for providers that are unknown (with did-you-mean) or whose plugin is broken.
        discovered.require(id);
        throw CreorException.builder(ErrorCode.CONFIG_INVALID, "provider \"" + id + "\" is disabled by the config")
                .hint("remove it from disabled_providers, or add it to enabled_providers").build();
    }

    /** The models the enabled providers offer, as their filters allow. */
    public ModelListing models() {
        return models;
    }

    /** The checks of agents' models against the providers' catalogs and filters. */
    public AgentChecks agentChecks() {
        return agentChecks;
    }

    /** The router every request goes through: retries, fallbacks, circuit breakers. */
    public ModelRouter router() {
        return router;
    }

    /** The agents the config defines, with the built-in ones. */
    public AgentCatalog agents() {
        return agents;
    }

    /** Where each provider's key comes from; its store is where keys are saved. */
    public CredentialResolver credentials() {
        return credentials;
    }

    /** Where blocking file work (the key store) runs. */
    public ExecutorService blockingExecutor() {
        return blockingExecutor;
    }

    /**
     * Closes every provider, then Vert.x, the scheduler and the blocking executor, then the
     * plugin class loaders; waits (up to ten seconds) for their threads to end. Requests still
     * under way end with {@code CANCELLED}. Safe to call twice.
     *
     * @throws IllegalStateException when called on a Vert.x event loop, which must never wait
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            throw new IllegalStateException("close() waits for Creor's threads to end, so it must not run on a Vert.x"
                    + " event loop; call it from another thread");
        }
        closed = true;
        providers.values().forEach(ProviderHandle::close);
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (Exception failure) {
            LOGGER.log(System.Logger.Level.WARNING, "Vert.x did not close cleanly: " + failure);
        }
        schedulerThreads.shutdownNow();
        blockingExecutor.shutdownNow();
        try {
            schedulerThreads.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            blockingExecutor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        // Closing the providers broke their connections and the router scheduled retries; those
        // (and retries that were already waiting) now meet closed providers and end with CANCELLED.
        scheduler.runWaitingNow();
        prepared.providers().close();
    }

    @Override
    public String toString() {
        return "WiredRuntime[providers=" + providers.keySet() + ", " + agents + "]";
    }
}
