package dev.creor.config;

import dev.creor.agents.AgentCatalog;
import dev.creor.agents.AgentDefinition;
import dev.creor.agents.RequestOptions;
import dev.creor.config.internal.JsonPointer;
import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.internal.SecretShapes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The merged, substituted and validated configuration, typed for the rest of Creor.
 *
 * <p>Obtain it from {@link LoadedConfig#config()}. Settings are present only when some source
 * configured them; built-in behaviour applies otherwise. Maps keep the order in which keys
 * first appeared. {@link #provenance()} says where each value came from, for error messages.
 */
public final class CreorConfig {
    private final Map<String, Object> values;
    private final ModelRef model;
    private final List<ModelRef> fallbacks;
    private final Map<String, AgentDefinition> agents;
    private final AgentCatalog agentCatalog;
    private final Map<String, ProviderConfig> providers;
    private final List<String> disabledProviders;
    private final List<String> enabledProviders;
    private final Provenance provenance;

    CreorConfig(Map<String, Object> values, Provenance provenance) {
        this.values = values;
        this.provenance = Objects.requireNonNull(provenance, "provenance is null");
        this.model = TypedValues.modelRef(values.get("model"));
        List<ModelRef> configuredFallbacks = TypedValues.modelRefs(values.get("fallbacks"));
        this.fallbacks = configuredFallbacks == null ? List.of() : configuredFallbacks;
        Map<String, AgentDefinition> agentMap = new LinkedHashMap<>();
        TypedValues.object(values.get("agent")).forEach((name, section) ->
                agentMap.put(name, agent(name, TypedValues.object(section), provenance)));
        this.agents = Collections.unmodifiableMap(agentMap);
        Map<String, ProviderConfig> providerMap = new LinkedHashMap<>();
        TypedValues.object(values.get("provider")).forEach((id, section) ->
                providerMap.put(id, ProviderConfig.of(id, TypedValues.object(section))));
        this.providers = Collections.unmodifiableMap(providerMap);
        this.agentCatalog = catalog(model, fallbacks, agents.values(), providers, provenance);
        this.disabledProviders = TypedValues.strings(values.get("disabled_providers"));
        this.enabledProviders = values.containsKey("enabled_providers") ? TypedValues.strings(values.get("enabled_providers")) : null;
    }

    // ConfigChecks has rejected an agent name the builder would refuse, with its position.
    private static AgentDefinition agent(String name, Map<String, Object> section, Provenance provenance) {
        String pointer = JsonPointer.append("/agent", name);
        AgentDefinition.Builder agent = AgentDefinition.builder(name).origin("", provenance.describe(pointer));
        if (section.get("description") instanceof String description) {
            agent.description(description);
        }
        if (section.get("prompt") instanceof String prompt) {
            agent.systemPrompt(prompt);
        }
        ModelRef model = TypedValues.modelRef(section.get("model"));
        if (model != null) {
            agent.model(model).origin("model", provenance.describe(pointer + "/model"));
        }
        List<ModelRef> fallbacks = TypedValues.modelRefs(section.get("fallbacks"));
        if (fallbacks != null) {
            agent.fallbacks(fallbacks).origin("fallbacks", provenance.describe(pointer + "/fallbacks"));
        }
        agent.options(requestOptions(section));
        if (section.get("retry") != null) {
            // Unset retry keys take the router's defaults, not a provider's: the agent's models may span providers.
            agent.retryPolicy(ProviderConfig.retryPolicy(TypedValues.object(section.get("retry"))));
        }
        for (String key : List.of("reasoning", "routing", "headers", "caching", "retry")) {
            if (section.containsKey(key)) {
                agent.origin(key, provenance.describe(pointer + "/" + key));
            }
        }
        if (Boolean.TRUE.equals(section.get("disable"))) {
            agent.disabled(true).origin("disable", provenance.describe(pointer + "/disable"));
        }
        return agent.build();
    }

    /**
     * The request options of an agent or a model section: sampling, reasoning, routing, headers
     * and caching. ConfigChecks has reported what the builder would refuse (effort together with
     * a reasoning budget, headers a transport owns), so a valid config always builds.
     */
    static RequestOptions requestOptions(Map<String, Object> section) {
        RequestOptions.Builder options = RequestOptions.builder();
        Double temperature = TypedValues.decimal(section.get("temperature"));
        if (temperature != null) {
            options.temperature(temperature);
        }
        Double topP = TypedValues.decimal(section.get("top_p"));
        if (topP != null) {
            options.topP(topP);
        }
        Integer maxTokens = TypedValues.integer(section.get("maxTokens"));
        if (maxTokens != null) {
            options.maxTokens(maxTokens);
        }
        Map<String, Object> reasoning = TypedValues.object(section.get("reasoning"));
        if (reasoning.get("effort") instanceof String effort) {
            options.reasoningEffort(effort);
        }
        Integer reasoningBudget = TypedValues.integer(reasoning.get("maxTokens"));
        if (reasoningBudget != null) {
            options.reasoningMaxTokens(reasoningBudget);
        }
        if (reasoning.get("exclude") instanceof Boolean exclude) {
            options.reasoningExclude(exclude);
        }
        options.routing(TypedValues.object(section.get("routing")));
        Map<String, String> headers = new LinkedHashMap<>();
        TypedValues.object(section.get("headers")).forEach((name, value) -> headers.put(name, String.valueOf(
                value instanceof Secret secret ? secret.reveal() : value)));
        options.headers(headers);
        if (section.get("caching") instanceof String caching) {
            options.caching(caching);
        }
        return options.build();
    }

    private static AgentCatalog catalog(ModelRef model, List<ModelRef> fallbacks, Iterable<AgentDefinition> agents,
                                        Map<String, ProviderConfig> providers, Provenance provenance) {
        AgentCatalog.Builder catalog = AgentCatalog.builder();
        if (model != null) {
            catalog.topLevelModel(model, provenance.describe("/model"));
        }
        catalog.topLevelFallbacks(fallbacks);
        agents.forEach(catalog::configure);
        providers.values().forEach(provider -> provider.modelOptions().forEach((modelId, options) ->
                catalog.modelOptions(new ModelRef(provider.id(), modelId), options)));
        return catalog.build();
    }

    /** {@code model}: the default model of agents that name none. */
    public Optional<ModelRef> model() {
        return Optional.ofNullable(model);
    }

    /** {@code fallbacks}: the default fallback chain; empty when not set. */
    public List<ModelRef> fallbacks() {
        return fallbacks;
    }

    /**
     * {@code agent}: every configured agent section by name, as written (not yet merged with the
     * built-in agent of the same name), each field's origin recorded. See {@link #agentCatalog()}
     * for the agents a runtime offers.
     */
    public Map<String, AgentDefinition> agents() {
        return agents;
    }

    /** One configured agent section, as {@link #agents()} has it. */
    public Optional<AgentDefinition> agent(String name) {
        return Optional.ofNullable(agents.get(Objects.requireNonNull(name, "name is null")));
    }

    /**
     * The agents of this configuration: the built-in ones refined by their {@code agent.<name>}
     * sections, the ones the sections add, and the top-level {@code model} and
     * {@code fallbacks} for agents that name none.
     */
    public AgentCatalog agentCatalog() {
        return agentCatalog;
    }

    /** {@code provider}: every configured provider section by provider id. */
    public Map<String, ProviderConfig> providers() {
        return providers;
    }

    /** One provider's section. */
    public Optional<ProviderConfig> provider(String id) {
        return Optional.ofNullable(providers.get(Objects.requireNonNull(id, "id is null")));
    }

    /** {@code disabled_providers}; empty when not set. */
    public List<String> disabledProviders() {
        return disabledProviders;
    }

    /** {@code enabled_providers}, when set: then only these providers are loaded. */
    public Optional<List<String>> enabledProviders() {
        return Optional.ofNullable(enabledProviders);
    }

    /** Whether a provider may be loaded: not disabled, and enabled when an enabled list is set. */
    public boolean isProviderEnabled(String id) {
        Objects.requireNonNull(id, "id is null");
        return !disabledProviders.contains(id) && (enabledProviders == null || enabledProviders.contains(id));
    }

    /** The whole configuration as JSON-like values; secrets are {@link dev.creor.core.Secret}s. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Where each value came from. */
    public Provenance provenance() {
        return provenance;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CreorConfig config && values.equals(config.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /**
     * The default model and which agents and providers are configured; never an option's value,
     * and a key pasted into a model is masked.
     */
    @Override
    public String toString() {
        return SecretShapes.mask("CreorConfig[model=" + model + ", agents=" + agents.keySet() + ", providers="
                + providers.keySet() + "]");
    }
}
