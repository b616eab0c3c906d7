package dev.creor.agents;

import dev.creor.core.ModelRef;
import dev.creor.core.routing.RetryPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A named agent: what it is for, how it is instructed and, optionally, which model it uses and
 * how it samples.
 *
 * <p>Built-in agents ({@link BuiltInAgents}) leave the model unset so that the top-level model
 * applies; configured agents ({@code agent.<name>} in the config) set any of the fields. An
 * unset field is absent, not empty: an agent with {@code "fallbacks": []} has no fallbacks even
 * when the top level has some, while an agent without the key inherits them.
 *
 * <p>{@link #origin(String)} records where a field's value came from (such as
 * {@code creor.json:4:7}), so that errors about it can point there.
 */
public final class AgentDefinition {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final String name;
    private final String description;
    private final String systemPrompt;
    private final ModelRef model;
    private final List<ModelRef> fallbacks;
    private final RequestOptions options;
    private final RetryPolicy retryPolicy;
    private final boolean disabled;
    private final boolean builtIn;
    private final Map<String, String> origins;

    private AgentDefinition(Builder builder) {
        this.name = builder.name;
        this.description = builder.description;
        this.systemPrompt = builder.systemPrompt;
        this.model = builder.model;
        this.fallbacks = builder.fallbacks == null ? null : List.copyOf(builder.fallbacks);
        this.options = builder.options.build();
        this.retryPolicy = builder.retryPolicy;
        this.disabled = builder.disabled;
        this.builtIn = builder.builtIn;
        this.origins = Map.copyOf(builder.origins);
    }

    /**
     * Starts the definition of the agent called {@code name}: letters, digits, {@code _},
     * {@code .} and {@code -}, starting with a letter or digit.
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder preset with every field of this definition. */
    public Builder toBuilder() {
        Builder builder = new Builder(name);
        builder.description = description;
        builder.systemPrompt = systemPrompt;
        builder.model = model;
        builder.fallbacks = fallbacks;
        builder.options = options.toBuilder();
        builder.retryPolicy = retryPolicy;
        builder.disabled = disabled;
        builder.builtIn = builtIn;
        builder.origins.putAll(origins);
        return builder;
    }

    /**
     * This definition with every field that {@code override} sets replacing this one's: how a
     * configured {@code agent.build} refines the built-in {@code build} agent.
     */
    public AgentDefinition overriddenBy(AgentDefinition override) {
        Objects.requireNonNull(override, "override is null");
        if (!override.name.equals(name)) {
            throw new IllegalArgumentException("cannot override agent " + name + " with agent " + override.name);
        }
        Builder merged = toBuilder();
        if (!override.description.isEmpty()) {
            merged.description = override.description;
        }
        override.systemPrompt().ifPresent(merged::systemPrompt);
        override.model().ifPresent(merged::model);
        override.fallbacks().ifPresent(merged::fallbacks);
        merged.options = options.overriddenBy(override.options).toBuilder();
        override.retryPolicy().ifPresent(merged::retryPolicy);
        merged.disabled = override.disabled;
        merged.origins.putAll(override.origins);
        return merged.build();
    }

    /** The agent's name, as users select it ({@code --agent plan}). */
    public String name() {
        return name;
    }

    /** What the agent is for, in one sentence; empty when nobody said. */
    public String description() {
        return description;
    }

    /** The system prompt the agent puts before every conversation, if it has one. */
    public Optional<String> systemPrompt() {
        return Optional.ofNullable(systemPrompt);
    }

    /** The model the agent asks for, when the agent sets one. */
    public Optional<ModelRef> model() {
        return Optional.ofNullable(model);
    }

    /** The agent's fallback models, when the agent sets them (possibly to none). */
    public Optional<List<ModelRef>> fallbacks() {
        return Optional.ofNullable(fallbacks);
    }

    /** The sampling temperature, when the agent sets one. */
    public OptionalDouble temperature() {
        return options.temperature();
    }

    /** The nucleus-sampling mass, when the agent sets one. */
    public OptionalDouble topP() {
        return options.topP();
    }

    /** The most tokens an answer may have, when the agent sets a limit. */
    public OptionalInt maxTokens() {
        return options.maxTokens();
    }

    /**
     * Every request option the agent sets: sampling (as {@link #temperature()}, {@link #topP()}
     * and {@link #maxTokens()} give it), reasoning, routing, headers and caching.
     */
    public RequestOptions options() {
        return options;
    }

    /**
     * How the agent's failed requests are retried ({@code agent.<name>.retry}), replacing each
     * provider's retry policy for them; empty leaves the providers' own.
     */
    public Optional<RetryPolicy> retryPolicy() {
        return Optional.ofNullable(retryPolicy);
    }

    /** Whether the agent is hidden ({@code disable: true}). */
    public boolean disabled() {
        return disabled;
    }

    /** Whether the agent ships with Creor (possibly refined by config). */
    public boolean builtIn() {
        return builtIn;
    }

    /**
     * Where the value of a field came from, such as {@code creor.json:4:7}; {@code field} is the
     * config key ({@code model}, {@code fallbacks}, {@code temperature}, ...) or {@code ""} for
     * the agent's section itself.
     */
    public Optional<String> origin(String field) {
        return Optional.ofNullable(origins.get(Objects.requireNonNull(field, "field is null")));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AgentDefinition that
                && name.equals(that.name)
                && description.equals(that.description)
                && Objects.equals(systemPrompt, that.systemPrompt)
                && Objects.equals(model, that.model)
                && Objects.equals(fallbacks, that.fallbacks)
                && options.equals(that.options)
                && Objects.equals(retryPolicy, that.retryPolicy)
                && disabled == that.disabled
                && builtIn == that.builtIn
                && origins.equals(that.origins);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, systemPrompt, model, fallbacks, options, retryPolicy, disabled, builtIn,
                origins);
    }

    /** The name, model and flags; never the prompt, which may be long or private. */
    @Override
    public String toString() {
        return "AgentDefinition[" + name + (model == null ? "" : ", model=" + model)
                + (builtIn ? ", built-in" : "") + (disabled ? ", disabled" : "") + "]";
    }

    /** Builds an {@link AgentDefinition}; every setter rejects {@code null} and out-of-range values. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private String systemPrompt;
        private ModelRef model;
        private List<ModelRef> fallbacks;
        private RequestOptions.Builder options = RequestOptions.builder();
        private RetryPolicy retryPolicy;
        private boolean disabled;
        private boolean builtIn;
        private final Map<String, String> origins = new LinkedHashMap<>();

        private Builder(String name) {
            Objects.requireNonNull(name, "name is null");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid agent name \"" + name
                        + "\": use letters, digits, '_', '.' and '-', starting with a letter or digit");
            }
            this.name = name;
        }

        /** What the agent is for. */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description is null").strip();
            return this;
        }

        /** The system prompt. */
        public Builder systemPrompt(String systemPrompt) {
            this.systemPrompt = Objects.requireNonNull(systemPrompt, "systemPrompt is null");
            return this;
        }

        /** The model the agent asks for. */
        public Builder model(ModelRef model) {
            this.model = Objects.requireNonNull(model, "model is null");
            return this;
        }

        /** The agent's fallback models, replacing the top-level ones (an empty list means none). */
        public Builder fallbacks(List<ModelRef> fallbacks) {
            this.fallbacks = new ArrayList<>(List.copyOf(fallbacks));
            return this;
        }

        /** The sampling temperature, from 0 to 2. */
        public Builder temperature(double temperature) {
            options.temperature(temperature);
            return this;
        }

        /** The nucleus-sampling mass, from 0 to 1. */
        public Builder topP(double topP) {
            options.topP(topP);
            return this;
        }

        /** The most tokens an answer may have; must be positive. */
        public Builder maxTokens(int maxTokens) {
            options.maxTokens(maxTokens);
            return this;
        }

        /**
         * Replaces every request option (sampling included) with {@code options}; see
         * {@link AgentDefinition#options()}.
         */
        public Builder options(RequestOptions options) {
            this.options = Objects.requireNonNull(options, "options is null").toBuilder();
            return this;
        }

        /** How the agent's failed requests are retried, instead of the providers' policies. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy is null");
            return this;
        }

        /** Hides the agent. */
        public Builder disabled(boolean disabled) {
            this.disabled = disabled;
            return this;
        }

        /** Marks the agent as one of Creor's own. */
        public Builder builtIn(boolean builtIn) {
            this.builtIn = builtIn;
            return this;
        }

        /** Records where a field's value came from, such as {@code creor.json:4:7}. */
        public Builder origin(String field, String origin) {
            origins.put(Objects.requireNonNull(field, "field is null"), Objects.requireNonNull(origin, "origin is null"));
            return this;
        }

        /** Creates the definition. */
        public AgentDefinition build() {
            return new AgentDefinition(this);
        }
    }
}
