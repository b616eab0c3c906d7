package dev.creor.runtime.internal.wiring;

import dev.creor.agents.AgentCatalog;
import dev.creor.agents.AgentDefinition;
import dev.creor.agents.AgentProblem;
import dev.creor.config.CreorConfig;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.routing.ModelRouter;
import dev.creor.runtime.internal.credentials.CredentialResolver;
import dev.creor.runtime.internal.plugins.DiscoveredProvider;
import dev.creor.runtime.internal.plugins.DiscoveredProviders;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The agents' offline check ({@link AgentChecks#checkOffline}) of a config already loaded, with
 * the providers already discovered: what {@code creor config validate} reports. It builds only
 * what the check asks (the enabled providers' handles, their router for the filters' verdicts,
 * the agents), not Guice's whole runtime, and it neither discovers the providers nor loads the
 * config a second time. The check and its verdicts are the running runtime's own code.
 */
public final class OfflineAgentChecks {
    private OfflineAgentChecks() {
    }

    /**
     * Every problem of every agent's models, agent by agent, the built-in agents first (the
     * order of {@code Creor.agents()}), each agent checked as {@code CreorAgent.offlineProblems()}
     * checks it.
     *
     * @throws CreorException with {@code CONFIG_INVALID} when a provider's section names another
     *                        installed provider as its type (as starting the runtime does)
     */
    public static List<AgentProblem> problems(RuntimeOptions options, DiscoveredProviders discovered,
                                              CreorConfig config) {
        Map<String, DiscoveredProvider> enabled = Bootstrap.enabledProviders(discovered, config);
        CredentialResolver credentials = Bootstrap.credentialResolver(options, config);
        // Threads start only when something is scheduled or submitted.
        ScheduledThreadPoolExecutor schedulerThreads = RuntimeThreads.schedulerThreads();
        ExecutorService blockingExecutor = RuntimeThreads.blockingExecutor();
        RuntimeScheduler scheduler = new RuntimeScheduler(schedulerThreads, options.clock());
        Vertx vertx = enabled.isEmpty() ? null : RuntimeThreads.vertx();
        Map<String, ProviderHandle> handles = new LinkedHashMap<>();
        try {
            if (vertx != null) {
                ProviderHandles factory = new ProviderHandles(config, credentials,
                        scheduler, blockingExecutor, vertx, options, options.environment());
                enabled.values().forEach(provider -> handles.put(provider.id(), factory.create(provider)));
            }
            ModelRouter router = ProviderRouter.build(scheduler, handles, config);
            // One list at hand per provider for all the agents: reading it again for each gives the same list.
            Map<String, Optional<ModelCatalog>> catalogs = new HashMap<>();
            handles.forEach((id, handle) -> catalogs.put(id, Optional.of(listedOnce(handle.catalog()))));
            AgentChecks checks = new AgentChecks(handles.keySet(), id -> catalogs.getOrDefault(id, Optional.empty()),
                    router, AgentChecks.CATALOG_CHECK_WAIT);
            AgentCatalog agents = config.agentCatalog();
            List<AgentProblem> problems = new ArrayList<>();
            for (AgentDefinition agent : agents.agents()) {
                problems.addAll(await(agent.name(), checks.checkOffline(agents.resolve(agent.name()))));
            }
            return List.copyOf(problems);
        } finally {
            handles.values().forEach(ProviderHandle::close);
            if (vertx != null) {
                try {
                    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                } catch (Exception failure) {
                    System.getLogger(OfflineAgentChecks.class.getName())
                            .log(System.Logger.Level.WARNING, "Vert.x did not close cleanly: " + failure);
                }
            }
            schedulerThreads.shutdownNow();
            blockingExecutor.shutdownNow();
            try {
                schedulerThreads.awaitTermination(10, TimeUnit.SECONDS);
                blockingExecutor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static List<AgentProblem> await(String agent, CompletionStage<List<AgentProblem>> check) {
        try {
            return check.toCompletableFuture().get();
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof CreorException error ? error
                    : CreorException.builder(ErrorCode.INTERNAL, "checking agent " + agent + " failed: "
                            + failed.getCause()).build();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw CreorException.of(ErrorCode.CANCELLED, "interrupted");
        }
    }

    /** The catalog, asked for its list at hand once: later questions get the first answer. */
    private static ModelCatalog listedOnce(ModelCatalog catalog) {
        return new ModelCatalog() {
            private CompletionStage<Optional<List<ModelInfo>>> atHand;

            @Override
            public CompletionStage<List<ModelInfo>> models() {
                return catalog.models();
            }

            @Override
            public synchronized CompletionStage<Optional<List<ModelInfo>>> modelsAtHand() {
                if (atHand == null) {
                    atHand = catalog.modelsAtHand();
                }
                return atHand;
            }
        };
    }
}
