package dev.creor.settings;

import dev.creor.agents.AgentCatalog;
import dev.creor.agents.AgentDefinition;
import dev.creor.agents.ModelChoice;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.runtime.AgentInfo;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorSetup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SettingsSources} for tests, until the runtime's own lands: model catalogs held in memory
 * (answering on another thread, as a provider's HTTP client does), and agents, top-level model
 * and whitelists read back from the global config file on every call, as the config module
 * will. Only the keys the settings page writes are read ({@code model}, {@code agent.*.model},
 * {@code provider.*.whitelist}); tests that need more wire the real configuration.
 */
public final class FileBackedSettingsSources implements SettingsSources {
    private final GlobalConfigFile config;
    private final Map<String, List<ModelInfo>> catalogs;
    private final Map<String, String> overridingSources = new ConcurrentHashMap<>();
    private volatile boolean catalogsReachable = true;

    /**
     * @param config   the global config file the page writes
     * @param catalogs the models of each provider that offers a catalog, by provider id
     */
    public FileBackedSettingsSources(GlobalConfigFile config, Map<String, List<ModelInfo>> catalogs) {
        this.config = config;
        this.catalogs = Map.copyOf(catalogs);
    }

    /** Makes every catalog fail as an unreachable provider would, or answer again. */
    public void catalogsReachable(boolean reachable) {
        this.catalogsReachable = reachable;
    }

    /** Pretends a source of higher precedence (a project file, say) sets the value at the pointer. */
    public void overriddenAt(String jsonPointer, String source) {
        overridingSources.put(jsonPointer, source);
    }

    @Override
    public Optional<ModelCatalog> catalog(String providerId) {
        List<ModelInfo> models = catalogs.get(providerId);
        if (models == null) {
            return Optional.empty();
        }
        return Optional.of(() -> catalogsReachable
                ? CompletableFuture.supplyAsync(() -> models)
                : CompletableFuture.failedFuture(CreorException.of(ErrorCode.PROVIDER_UNAVAILABLE,
                        "the model list of " + providerId + " cannot be fetched")));
    }

    @Override
    public List<AgentInfo> agents() {
        AgentCatalog catalog = agentCatalog();
        return catalog.agents().stream().map(agent -> {
            ModelChoice choice = catalog.resolve(agent.name()).model();
            return new AgentInfo(agent.name(), agent.description(), agent.builtIn(), choice.model(), choice.source(),
                    choice.describeSource(agent.name()));
        }).toList();
    }

    private AgentCatalog agentCatalog() {
        AgentCatalog.Builder agents = AgentCatalog.builder();
        String origin = config.path().getFileName().toString();
        config.read(List.of("model")).ifPresent(model -> agents.topLevelModel(ModelRef.parse((String) model), origin));
        config.read(List.of("agent")).ifPresent(section -> ((Map<?, ?>) section).forEach((name, value) -> {
            Object model = ((Map<?, ?>) value).get("model");
            AgentDefinition.Builder agent = AgentDefinition.builder((String) name);
            if (model != null) {
                agent.model(ModelRef.parse((String) model)).origin("model", origin);
            }
            agents.configure(agent.build());
        }));
        return agents.build();
    }

    @Override
    public ModelFilter modelFilter(String providerId) {
        List<String> whitelist = config.read(List.of("provider", providerId, "whitelist"))
                .map(list -> ((List<?>) list).stream().map(String.class::cast).toList())
                .orElse(List.of());
        return ModelFilter.of(whitelist, List.of());
    }

    @Override
    public Optional<String> overridingSource(String jsonPointer) {
        return Optional.ofNullable(overridingSources.get(jsonPointer));
    }

    /** Checked by the runtime's own config check, with Creor's schema: what the page's messages quote. */
    @Override
    public List<String> configErrors(String json) {
        try (CreorSetup setup = Creor.builder().workingDirectory(config.directory()).homeDirectory(config.directory())
                .environment(Map.of()).inspect()) {
            return setup.validateText("the settings page", json).errors().stream()
                    .map(problem -> problem.pointer() + ": " + problem.message()).toList();
        }
    }
}
