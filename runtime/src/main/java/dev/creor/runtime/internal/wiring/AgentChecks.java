package dev.creor.runtime.internal.wiring;

import dev.creor.agents.AgentModelCheck;
import dev.creor.agents.AgentProblem;
import dev.creor.agents.ModelDirectory;
import dev.creor.agents.ResolvedAgent;
import dev.creor.core.ModelRef;
import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.routing.ModelRouter;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks an agent's models against the enabled providers' catalogs and filters: the
 * {@link ModelDirectory} that {@link AgentModelCheck} asks, backed by the providers' live
 * catalogs and the router's verdicts.
 */
public final class AgentChecks {
    /** How long an agent check waits for a catalog before it gives up checking model ids. */
    static final Duration CATALOG_CHECK_WAIT = Duration.ofSeconds(3);

    private final Set<String> providerIds;
    private final Function<String, Optional<ModelCatalog>> catalogs;
    private final ModelRouter router;
    private final Duration catalogWait;
    private final Map<String, KnownModels> knownModels = new ConcurrentHashMap<>();
    /** Each agent's verdict: its whitelist part cannot change while the runtime lives. */
    private final Map<ResolvedAgent, Verdict> verdicts = new ConcurrentHashMap<>();

    @Inject
    AgentChecks(Map<String, ProviderHandle> providers, ModelRouter router) {
        this(providers.keySet(), id -> Optional.ofNullable(providers.get(id)).map(ProviderHandle::catalog), router,
                CATALOG_CHECK_WAIT);
    }

    /**
     * @param providerIds the enabled providers
     * @param catalogs    an enabled provider's catalog
     * @param router      whose verdicts say which models the filters allow
     * @param catalogWait how long a check waits for a catalog
     */
    AgentChecks(Set<String> providerIds, Function<String, Optional<ModelCatalog>> catalogs, ModelRouter router,
                Duration catalogWait) {
        this.providerIds = Set.copyOf(providerIds);
        this.catalogs = catalogs;
        this.router = router;
        this.catalogWait = catalogWait;
    }

    /**
     * Every problem with the models an agent would use: unknown providers, models a provider's
     * catalog does not list (when the catalog answers in time) and models outside its
     * whitelist, each naming where it was configured.
     *
     * <p>It runs once per agent, and later requests reuse its verdict. The whitelist part is
     * the router's own remembered verdict ({@link ModelRouter#rejection}), so an agent's first
     * request checks each model against the lists once, here, and the router then reuses it.
     * A catalog that does not answer within three seconds is not waited for again: the verdict
     * without its model ids is kept at once, and replaced by the full one when the late catalog
     * answers; a catalog that fails leaves it at that for the runtime's life (the provider
     * itself still refuses a model it does not know, with did-you-mean candidates).
     */
    public CompletionStage<List<AgentProblem>> check(ResolvedAgent agent) {
        Verdict kept = verdictOf(agent);
        List<AgentProblem> settled = kept.problems.get();
        if (settled != null) {
            return CompletableFuture.completedFuture(settled);
        }
        Map<String, CompletableFuture<List<ModelInfo>>> lookups = new HashMap<>();
        Map<String, CompletableFuture<Optional<Set<String>>>> known = new HashMap<>();
        for (String id : involvedProviders(agent)) {
            catalogs.apply(id).ifPresent(catalog -> {
                CompletableFuture<List<ModelInfo>> lookup = catalog.models().toCompletableFuture();
                lookups.put(id, lookup);
                known.put(id, lookup.thenApply(models -> Optional.of(modelIds(id, models)))
                        .completeOnTimeout(Optional.empty(), catalogWait.toMillis(), TimeUnit.MILLISECONDS)
                        .exceptionally(unavailable -> Optional.empty()));
            });
        }
        return CompletableFuture.allOf(known.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<String, Optional<Set<String>>> answered = new HashMap<>();
            known.forEach((id, ids) -> answered.put(id, ids.join()));
            List<AgentProblem> problems = verdict(agent, answered);
            if (answered.values().stream().allMatch(Optional::isPresent)) {
                kept.problems.set(problems);
            } else if (kept.problems.compareAndSet(null, problems)) {
                settleWhenTheCatalogsAnswer(agent, kept, lookups);
            }
            return problems;
        });
    }

    /**
     * The verdict {@link #check} keeps for an agent, for a caller that sends many requests as
     * one agent: it holds on to it and reads {@link Verdict#settledWithoutProblems()} per
     * request instead of looking the agent up (which hashes its whole definition) and chaining
     * futures.
     */
    public Verdict verdictOf(ResolvedAgent agent) {
        Verdict kept = verdicts.get(agent);
        return kept != null ? kept : verdicts.computeIfAbsent(agent, ignored -> new Verdict());
    }

    /** One agent's kept verdict: none until its first {@link #check} answers, then that check's. */
    public static final class Verdict {
        private final AtomicReference<List<AgentProblem>> problems = new AtomicReference<>();

        private Verdict() {
        }

        /**
         * Whether a check has answered and found nothing wrong: a request may then go out
         * without asking {@link #check} again. False before the first check has answered, and
         * while the kept verdict lists problems.
         */
        public boolean settledWithoutProblems() {
            List<AgentProblem> settled = problems.get();
            return settled != null && settled.isEmpty();
        }
    }

    /**
     * The same check as {@link #check(ResolvedAgent)}, against the catalogs at hand (memory, a
     * disk cache however old, a list bundled with the provider) instead of the network: what
     * {@code creor config validate} and {@code doctor} report, with nothing sent. A provider
     * with no list at hand gets its models checked against its whitelist and blacklist only.
     * Its verdict is not kept: a later online check still asks the live catalogs.
     */
    public CompletionStage<List<AgentProblem>> checkOffline(ResolvedAgent agent) {
        Map<String, CompletableFuture<Optional<Set<String>>>> known = new HashMap<>();
        for (String id : involvedProviders(agent)) {
            catalogs.apply(id).ifPresent(catalog -> known.put(id, catalog.modelsAtHand().toCompletableFuture()
                    .thenApply(models -> models.map(list -> modelIds(id, list)))
                    .exceptionally(unavailable -> Optional.empty())));
        }
        return CompletableFuture.allOf(known.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            Map<String, Optional<Set<String>>> answered = new HashMap<>();
            known.forEach((id, ids) -> answered.put(id, ids.join()));
            return verdict(agent, answered);
        });
    }

    private static Set<String> involvedProviders(ResolvedAgent agent) {
        Set<String> involved = new LinkedHashSet<>();
        involved.add(agent.model().model().provider());
        agent.fallbacks().forEach(ref -> involved.add(ref.provider()));
        return involved;
    }

    /** Replaces a verdict made without a late catalog's model ids once every catalog has answered. */
    private void settleWhenTheCatalogsAnswer(ResolvedAgent agent, Verdict kept,
                                             Map<String, CompletableFuture<List<ModelInfo>>> lookups) {
        CompletableFuture.allOf(lookups.values().toArray(CompletableFuture[]::new)).thenRun(() -> {
            Map<String, Optional<Set<String>>> answered = new HashMap<>();
            lookups.forEach((id, lookup) -> answered.put(id, Optional.of(modelIds(id, lookup.join()))));
            kept.problems.set(verdict(agent, answered));
        });
    }

    private List<AgentProblem> verdict(ResolvedAgent agent, Map<String, Optional<Set<String>>> answered) {
        return AgentModelCheck.check(agent, new ModelDirectory() {
            @Override
            public Set<String> providerIds() {
                return providerIds;
            }

            @Override
            public Optional<Set<String>> knownModels(String providerId) {
                return answered.getOrDefault(providerId, Optional.empty())
                        .map(ids -> withVariantBasesAndHidden(providerId, ids));
            }

            @Override
            public Optional<String> rejection(ModelRef model) {
                return router.rejection(model);
            }
        });
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
    private Set<String> withVariantBasesAndHidden(String providerId, Set<String> ids) {
        return new AbstractSet<>() {
            @Override
            public boolean contains(Object value) {
                if (!(value instanceof String id)) {
                    return false;
                }
                int colon = id.lastIndexOf(':');
                return ids.contains(id) || (colon > 0 && ids.contains(id.substring(0, colon)))
                        || router.rejection(new ModelRef(providerId, id)).isPresent();
            }

            @Override
            public Iterator<String> iterator() {
                return ids.iterator();
            }

            @Override
            public int size() {
                return ids.size();
            }
        };
    }
}
