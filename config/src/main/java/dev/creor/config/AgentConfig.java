package dev.creor.config;

import dev.creor.core.ModelRef;
import dev.creor.core.SecretShapes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One {@code agent.<name>} section. Each setting is present only when configured, so the
 * agents module can tell "not set here" (use the top-level or built-in value) from a value.
 */
public final class AgentConfig {
    private final String name;
    private final ModelRef model;
    private final List<ModelRef> fallbacks;
    private final Double temperature;
    private final Double topP;
    private final Integer maxTokens;
    private final String prompt;
    private final String description;
    private final boolean disabled;

    private AgentConfig(String name, Map<String, Object> section) {
        this.name = name;
        this.model = TypedValues.modelRef(section.get("model"));
        this.fallbacks = TypedValues.modelRefs(section.get("fallbacks"));
        this.temperature = TypedValues.decimal(section.get("temperature"));
        this.topP = TypedValues.decimal(section.get("top_p"));
        this.maxTokens = TypedValues.integer(section.get("maxTokens"));
        this.prompt = (String) section.get("prompt");
        this.description = (String) section.get("description");
        this.disabled = Boolean.TRUE.equals(section.get("disable"));
    }

    static AgentConfig of(String name, Map<String, Object> section) {
        return new AgentConfig(name, section);
    }

    /** The agent's name, its key under {@code agent}. */
    public String name() {
        return name;
    }

    /** {@code model}: the agent's own model. */
    public Optional<ModelRef> model() {
        return Optional.ofNullable(model);
    }

    /**
     * {@code fallbacks}: the agent's own fallback chain; empty when not set here, and an empty
     * list when the agent explicitly has none.
     */
    public Optional<List<ModelRef>> fallbacks() {
        return Optional.ofNullable(fallbacks);
    }

    /** {@code temperature}, from 0 to 2. */
    public OptionalDouble temperature() {
        return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
    }

    /** {@code top_p}, from 0 to 1. */
    public OptionalDouble topP() {
        return topP == null ? OptionalDouble.empty() : OptionalDouble.of(topP);
    }

    /** {@code maxTokens}: the most tokens one answer may have. */
    public OptionalInt maxTokens() {
        return maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens);
    }

    /** {@code prompt}: the system prompt, with any {@code {file:...}} already read. */
    public Optional<String> prompt() {
        return Optional.ofNullable(prompt);
    }

    /** {@code description}: what the agent is for. */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** {@code disable}: whether the agent is switched off. */
    public boolean disabled() {
        return disabled;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AgentConfig agent && name.equals(agent.name) && Objects.equals(model, agent.model)
                && Objects.equals(fallbacks, agent.fallbacks) && Objects.equals(temperature, agent.temperature)
                && Objects.equals(topP, agent.topP) && Objects.equals(maxTokens, agent.maxTokens)
                && Objects.equals(prompt, agent.prompt) && Objects.equals(description, agent.description)
                && disabled == agent.disabled;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, model, fallbacks, temperature, topP, maxTokens, prompt, description, disabled);
    }

    /** The name and the settings, with the prompt's length instead of its text. */
    @Override
    public String toString() {
        return SecretShapes.mask("AgentConfig[" + name + ", model=" + model + ", fallbacks=" + fallbacks
                + ", temperature=" + temperature + ", top_p=" + topP + ", maxTokens=" + maxTokens + ", prompt="
                + (prompt == null ? null : prompt.length() + " chars") + ", disabled=" + disabled + "]");
    }
}
