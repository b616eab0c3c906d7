package dev.creor.config;

import dev.creor.core.ModelRef;
import dev.creor.core.SecretShapes;
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
    private final Map<String, AgentConfig> agents;
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
        Map<String, AgentConfig> agentMap = new LinkedHashMap<>();
        TypedValues.object(values.get("agent")).forEach((name, section) ->
                agentMap.put(name, AgentConfig.of(name, TypedValues.object(section))));
        this.agents = Collections.unmodifiableMap(agentMap);
        Map<String, ProviderConfig> providerMap = new LinkedHashMap<>();
        TypedValues.object(values.get("provider")).forEach((id, section) ->
                providerMap.put(id, ProviderConfig.of(id, TypedValues.object(section))));
        this.providers = Collections.unmodifiableMap(providerMap);
        this.disabledProviders = TypedValues.strings(values.get("disabled_providers"));
        this.enabledProviders = values.containsKey("enabled_providers") ? TypedValues.strings(values.get("enabled_providers")) : null;
    }

    /** {@code model}: the default model of agents that name none. */
    public Optional<ModelRef> model() {
        return Optional.ofNullable(model);
    }

    /** {@code fallbacks}: the default fallback chain; empty when not set. */
    public List<ModelRef> fallbacks() {
        return fallbacks;
    }

    /** {@code agent}: every configured agent by name. */
    public Map<String, AgentConfig> agents() {
        return agents;
    }

    /** One configured agent. */
    public Optional<AgentConfig> agent(String name) {
        return Optional.ofNullable(agents.get(Objects.requireNonNull(name, "name is null")));
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
