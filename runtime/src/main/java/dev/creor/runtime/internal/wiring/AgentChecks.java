package dev.creor.runtime.internal.wiring;

import dev.creor.agents.AgentModelCheck;
import dev.creor.agents.AgentProblem;
import dev.creor.agents.ModelDirectory;
import dev.creor.agents.ResolvedAgent;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.catalog.ModelInfo;
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
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Checks an agent's models against the enabled providers' catalogs and filters: the
 * {@link ModelDirectory} that {@link AgentModelCheck} asks, backed by the providers' live
 * catalogs.
 */
public final class AgentChecks {
    /** How long an agent check waits for a catalog before it gives up checking model ids. */
    private static final Duration CATALOG_CHECK_WAIT = Duration.ofSeconds(3);

    private final Map<String, ProviderHandle> providers;
    private final Map<String, KnownModels> knownModels = new ConcurrentHashMap<>();
    /** Each agent's settled verdict: its whitelist part cannot change while the runtime lives. */
    private final Map<ResolvedAgent, List<AgentProblem>> settledChecks = new ConcurrentHashMap<>();

    @Inject
    AgentChecks(Map<String, ProviderHandle> providers) {
        this.providers = providers;
    }

    /**
     * Every problem with the models an agent would use: unknown providers, models a provider's
     * catalog does not list (when the catalog answers in time) and models outside its
     * whitelist, each naming where it was configured.
     *
     * <p>The router checks every request against the whitelist and blacklist (the one check per
     * request, raw requests included); this up-front report only adds where a blocked model was
     * configured. So it runs once per agent: once every involved catalog has answered, the
     * verdict is settled and later requests reuse it instead of checking again.
     */
    public CompletionStage<List<AgentProblem>> check(ResolvedAgent agent) {
        List<AgentProblem> settled = settledChecks.get(agent);
        if (settled != null) {
            return CompletableFuture.completedFuture(settled);
        }
        return check(agent, (id, handle) -> handle.catalog().models().toCompletableFuture()
                .thenApply(models -> Optional.of(modelIds(id, models)))
                .completeOnTimeout(Optional.empty(), CATALOG_CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(unavailable -> Optional.empty()), true);
    }

    /**
     * The same check as {@link #check(ResolvedAgent)}, against the catalogs at hand (memory, a
     * disk cache however old, a list bundled with the provider) instead of the network: what
     * {@code creor config validate} and {@code doctor} report, with nothing sent. A provider
     * with no list at hand gets its models checked against its whitelist and blacklist only.
     */
    public CompletionStage<List<AgentProblem>> checkOffline(ResolvedAgent agent) {
        return check(agent, (id, handle) -> handle.catalog().modelsAtHand().toCompletableFuture()
                .thenApply(models -> models.map(list -> modelIds(id, list)))
                .exceptionally(unavailable -> Optional.empty()), false);
    }

    private CompletionStage<List<AgentProblem>> check(
            ResolvedAgent agent,
            BiFunction<String, ProviderHandle, CompletableFuture<Optional<Set<String>>>> catalogIds,
            boolean settles) {
        Set<String> involved = new LinkedHashSet<>();
        involved.add(agent.model().model().provider());
        agent.fallbacks().forEach(ref -> involved.add(ref.provider()));
        Map<String, CompletableFuture<Optional<Set<String>>>> known = new HashMap<>();
        for (String id : involved) {
            ProviderHandle handle = providers.get(id);
            if (handle != null) {
                known.put(id, catalogIds.apply(id, handle));
            }
        }
        return CompletableFuture.allOf(known.values().toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<AgentProblem> problems = AgentModelCheck.check(agent, new ModelDirectory() {
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
            });
            // A catalog that did not answer may still reveal an unknown model: check again then.
            if (settles && known.values().stream().allMatch(catalog -> catalog.join().isPresent())) {
                settledChecks.putIfAbsent(agent, problems);
            }
            return problems;
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
    private static Set<String> withVariantBasesAndHidden(Set<String> ids, ModelFilter filter) {
        return new AbstractSet<>() {
            @Override
            public boolean contains(Object value) {
                if (!(value instanceof String id)) {
                    return false;
                }
                int colon = id.lastIndexOf(':');
                return ids.contains(id) || (colon > 0 && ids.contains(id.substring(0, colon))) || !filter.allows(id);
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
