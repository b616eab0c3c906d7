package dev.creor.runtime.internal.wiring;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.creor.agents.AgentCatalog;
import dev.creor.agents.AgentModelCheck;
import dev.creor.agents.AgentProblem;
import dev.creor.agents.ModelDirectory;
import dev.creor.agents.ResolvedAgent;
import dev.creor.config.CreorConfig;
import dev.creor.config.LoadedConfig;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Scheduler;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.routing.ModelRouter;
import dev.creor.runtime.internal.credentials.CredentialResolver;
import dev.creor.runtime.internal.plugins.DiscoveredProviders;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A running Creor: the validated config, the enabled providers, the router in front of them
 * and the agents, wired by Guice from {@link RuntimeOptions}. The embedding facade and the
 * command line both stand on it. {@link #close()} stops every thread it started.
 */
public final class CreorRuntime implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(CreorRuntime.class.getName());
    /** How long an agent check waits for a catalog before it gives up checking model ids. */
    private static final Duration CATALOG_CHECK_WAIT = Duration.ofSeconds(3);
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
    private final Map<String, KnownModels> knownModels = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean closed;

    @Inject
    CreorRuntime(Bootstrap.Prepared prepared, Map<String, ProviderHandle> providers, ModelRouter router,
                 AgentCatalog agents, CredentialResolver credentials, RuntimeScheduler scheduler, Vertx vertx,
                 ScheduledExecutorService schedulerThreads, ExecutorService blockingExecutor) {
        this.prepared = prepared;
        this.providers = providers;
        this.router = router;
        this.agents = agents;
        this.credentials = credentials;
        this.scheduler = scheduler;
        this.vertx = vertx;
        this.schedulerThreads = schedulerThreads;
        this.blockingExecutor = blockingExecutor;
    }

    /**
     * Discovers providers, loads and validates the config, and wires a runtime.
     *
     * @throws CreorException with {@code CONFIG_INVALID} listing every config problem, or the
     *                        error of anything else that stops the runtime from starting
     */
    public static CreorRuntime start(RuntimeOptions options) {
        Bootstrap.Prepared prepared = Bootstrap.prepare(options);
        RuntimeModule runtime = new RuntimeModule(prepared);
        try {
            Injector injector = Guice.createInjector(Stage.PRODUCTION,
                    runtime,
                    new CredentialsModule(),
                    new ProvidersModule(prepared.enabled()),
                    new RoutingModule(),
                    new AgentsModule(),
                    binder -> binder.bind(CreorRuntime.class));
            return injector.getInstance(CreorRuntime.class);
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

    public RuntimeOptions options() {
        return prepared.options();
    }

    public CreorConfig config() {
        return prepared.config();
    }

    public LoadedConfig loadedConfig() {
        return prepared.loaded();
    }

    public DiscoveredProviders discovered() {
        return prepared.providers();
    }

    /** The enabled providers, by id, in discovery order. */
    public Map<String, ProviderHandle> providers() {
        return providers;
    }

    /** The enabled provider with this id. */
    public ProviderHandle provider(String id) {
        ProviderHandle handle = providers.get(id);
        if (handle != null) {
            return handle;
        }
        // Throws for providers that are unknown (with did-you-mean) or whose plugin is broken.
        prepared.providers().require(id);
        throw CreorException.builder(ErrorCode.CONFIG_INVALID, "provider \"" + id + "\" is disabled by the config")
                .hint("remove it from disabled_providers, or add it to enabled_providers").build();
    }

    /**
     * Where a provider's requests go when the config moved them away from the provider's
     * default endpoint, as a sentence for people: {@code OpenRouter requests go to
     * http://127.0.0.1:8787/api/v1 (provider.openrouter.options.baseURL at
     * ~/.config/creor/creor.json:4:20), not to its default https://openrouter.ai/api/v1}. Empty
     * when the provider is not enabled or its {@code baseURL} option is unset or the default.
     */
    public Optional<String> customEndpoint(String providerId) {
        ProviderHandle handle = providers.get(providerId);
        if (handle == null) {
            return Optional.empty();
        }
        Optional<String> configured = handle.settings().stringOption("baseURL");
        Optional<String> standard = handle.descriptor().defaultBaseUrl().map(Object::toString);
        if (configured.isEmpty() || configured.map(CreorRuntime::withoutTrailingSlash)
                .equals(standard.map(CreorRuntime::withoutTrailingSlash))) {
            return Optional.empty();
        }
        String pointer = "/provider/" + providerId + "/options/baseURL";
        return Optional.of(handle.descriptor().displayName() + " requests go to " + configured.get() + " (provider."
                + providerId + ".options.baseURL at " + config().provenance().describe(pointer) + ")"
                + standard.map(url -> ", not to its default " + url).orElse(""));
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public ModelRouter router() {
        return router;
    }

    public AgentCatalog agents() {
        return agents;
    }

    public CredentialResolver credentials() {
        return credentials;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public Vertx vertx() {
        return vertx;
    }

    public ExecutorService blockingExecutor() {
        return blockingExecutor;
    }

    /**
     * The models of the given providers (all enabled ones when empty), each provider's list
     * filtered by its whitelist and blacklist. A provider whose catalog fails fails the whole
     * listing when it was asked for by name, and is left out with a warning otherwise.
     */
    public CompletionStage<List<ModelInfo>> models(Optional<String> providerId, boolean refresh) {
        List<ProviderHandle> asked = providerId.map(id -> List.of(provider(id)))
                .orElseGet(() -> List.copyOf(providers.values()));
        List<CompletableFuture<List<ModelInfo>>> lists = new ArrayList<>();
        for (ProviderHandle handle : asked) {
            ModelFilter filter = handle.settings().modelFilter();
            CompletionStage<List<ModelInfo>> list = refresh ? handle.catalog().refresh() : handle.catalog().models();
            CompletableFuture<List<ModelInfo>> filtered = list.toCompletableFuture()
                    .thenApply(models -> models.stream().filter(model -> filter.allows(model.ref().model())).toList());
            // One provider's missing list need not hide the others' lists, unless the user asked
            // for fresh lists: then a failure is the answer, not an empty table and exit code 0.
            if (providerId.isEmpty() && !refresh) {
                filtered = filtered.exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    LOGGER.log(System.Logger.Level.WARNING, "the model list of " + handle.id() + " is unavailable: "
                            + cause.getMessage());
                    return List.of();
                });
            }
            lists.add(filtered);
        }
        return CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> lists.stream().flatMap(list -> list.join().stream()).toList());
    }

    /**
     * Every problem with the models an agent would use: unknown providers, models a provider's
     * catalog does not list (when the catalog answers in time) and models outside its
     * whitelist.
     */
    public CompletionStage<List<AgentProblem>> check(ResolvedAgent agent) {
        Set<String> involved = new LinkedHashSet<>();
        involved.add(agent.model().model().provider());
        agent.fallbacks().forEach(ref -> involved.add(ref.provider()));
        Map<String, CompletableFuture<Optional<Set<String>>>> known = new HashMap<>();
        for (String id : involved) {
            ProviderHandle handle = providers.get(id);
            if (handle != null) {
                known.put(id, handle.catalog().models().toCompletableFuture()
                        .thenApply(models -> Optional.of(modelIds(id, models)))
                        .completeOnTimeout(Optional.empty(), CATALOG_CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .exceptionally(unavailable -> Optional.empty()));
            }
        }
        return CompletableFuture.allOf(known.values().toArray(CompletableFuture[]::new))
                .thenApply(ignored -> AgentModelCheck.check(agent, new ModelDirectory() {
                    @Override
                    public Set<String> providerIds() {
                        return providers.keySet();
                    }

                    @Override
                    public Optional<Set<String>> knownModels(String providerId) {
                        ModelFilter filter = providers.get(providerId).settings().modelFilter();
                        return Optional.ofNullable(known.get(providerId)).flatMap(CompletableFuture::join)
                                .map(ids -> withVariantBasesAndHidden(ids, filter));
                    }

                    @Override
                    public ModelFilter filter(String providerId) {
                        return providers.get(providerId).settings().modelFilter();
                    }
                }));
    }

    /**
     * The ids of a provider's models. A catalog hands out the same list until it reloads, so the
     * set is built once per list rather than on every agent check (that is, every request).
     */
    private Set<String> modelIds(String providerId, List<ModelInfo> models) {
        KnownModels known = knownModels.get(providerId);
        if (known != null && known.from() == models) {
            return known.ids();
        }
        Set<String> ids = models.stream().map(model -> model.ref().model()).collect(Collectors.toUnmodifiableSet());
        knownModels.put(providerId, new KnownModels(models, ids));
        return ids;
    }

    /** The model ids of one catalog list. */
    private record KnownModels(List<ModelInfo> from, Set<String> ids) {
    }

    /**
     * Adds nothing to a catalog but lets two kinds of model pass as known: a variant of a listed
     * model ({@code x:nitro} when {@code x} is listed), because routing variants are suffixes a
     * catalog does not list one by one; and a model the provider's whitelist or blacklist
     * rejects, because catalogs list only the models the filter allows, and such a model must be
     * reported as not allowed (naming the list) rather than as unknown.
     */
    private static Set<String> withVariantBasesAndHidden(Set<String> ids, ModelFilter filter) {
        return new java.util.AbstractSet<>() {
            @Override
            public boolean contains(Object value) {
                if (!(value instanceof String id)) {
                    return false;
                }
                int colon = id.lastIndexOf(':');
                return ids.contains(id) || (colon > 0 && ids.contains(id.substring(0, colon))) || !filter.allows(id);
            }

            @Override
            public java.util.Iterator<String> iterator() {
                return ids.iterator();
            }

            @Override
            public int size() {
                return ids.size();
            }
        };
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
        return "CreorRuntime[providers=" + providers.keySet() + ", " + agents + "]";
    }
}
