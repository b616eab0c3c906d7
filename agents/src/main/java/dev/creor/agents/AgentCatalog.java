package dev.creor.agents;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.internal.Suggestions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every agent Creor knows — the built-in ones refined by config, plus the ones the config
 * defines — and how each one's model is decided.
 *
 * <p>An agent's model is, from strongest to weakest: an override (the CLI's {@code --model}),
 * the agent's own {@code model}, the config's top-level {@code model}, and finally
 * {@link #DEFAULT_MODEL}. Its fallbacks are its own {@code fallbacks} when it sets them, else
 * the top-level ones.
 *
 * <pre>{@code
 * AgentCatalog agents = AgentCatalog.builder()
 *         .topLevelModel(ModelRef.parse("openrouter/anthropic/claude-sonnet-4"), "creor.json:2:12")
 *         .configure(AgentDefinition.builder("review").model(ModelRef.parse("openrouter/openai/o3")).build())
 *         .build();
 * ResolvedAgent plan = agents.resolve("plan");   // uses the top-level model
 * }</pre>
 */
public final class AgentCatalog {
    /** The model used when neither the agent nor the config names one: OpenRouter's auto router. */
    public static final ModelRef DEFAULT_MODEL = ModelRef.parse("openrouter/openrouter/auto");

    private final Map<String, AgentDefinition> agents;
    private final ModelRef topLevelModel;
    private final String topLevelModelOrigin;
    private final List<ModelRef> topLevelFallbacks;
    private final Map<ModelRef, RequestOptions> modelOptions;

    private AgentCatalog(Builder builder) {
        this.agents = Map.copyOf(builder.agents);
        this.topLevelModel = builder.topLevelModel;
        this.topLevelModelOrigin = builder.topLevelModelOrigin;
        this.topLevelFallbacks = List.copyOf(builder.topLevelFallbacks);
        this.modelOptions = Map.copyOf(builder.modelOptions);
    }

    /** Starts a catalog holding the built-in agents. */
    public static Builder builder() {
        return new Builder();
    }

    /** Every agent that is not disabled: the built-in ones first, in their order, then the others by name. */
    public List<AgentDefinition> agents() {
        return allAgents().stream().filter(agent -> !agent.disabled()).toList();
    }

    /** Every agent, disabled ones included, in the order of {@link #agents()}. */
    public List<AgentDefinition> allAgents() {
        List<String> builtInOrder = BuiltInAgents.all().stream().map(AgentDefinition::name).toList();
        return agents.values().stream()
                .sorted(Comparator.comparing((AgentDefinition agent) -> {
                    int index = builtInOrder.indexOf(agent.name());
                    return index < 0 ? builtInOrder.size() : index;
                }).thenComparing(AgentDefinition::name))
                .toList();
    }

    /** The agent with this name, disabled or not. */
    public Optional<AgentDefinition> find(String name) {
        return Optional.ofNullable(agents.get(Objects.requireNonNull(name, "name is null")));
    }

    /**
     * The named agent with its model decided by the config alone.
     *
     * @throws CreorException with {@link ErrorCode#USAGE} when no such agent exists (with
     *                        did-you-mean candidates) or it is disabled
     */
    public ResolvedAgent resolve(String name) {
        AgentDefinition agent = require(name);
        ModelChoice choice = chooseModel(agent);
        return new ResolvedAgent(agent, choice, fallbacksOf(agent), optionsOf(choice.model()));
    }

    /**
     * The named agent using {@code model} whatever the config says, e.g. for {@code --model}.
     *
     * @param origin where the override came from, such as {@code --model}
     * @throws CreorException as {@link #resolve(String)} does
     */
    public ResolvedAgent resolve(String name, ModelRef model, String origin) {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(origin, "origin is null");
        AgentDefinition agent = require(name);
        return new ResolvedAgent(agent, new ModelChoice(model, ModelSource.OVERRIDE, origin), fallbacksOf(agent),
                optionsOf(model));
    }

    private AgentDefinition require(String name) {
        AgentDefinition agent = agents.get(Objects.requireNonNull(name, "name is null"));
        if (agent == null) {
            List<String> names = agents().stream().map(AgentDefinition::name).toList();
            throw CreorException.builder(ErrorCode.USAGE, "unknown agent \"" + name + "\""
                            + Suggestions.didYouMean(name, names))
                    .hint("the agents are " + String.join(", ", names) + "; define more under \"agent\" in creor.json")
                    .build();
        }
        if (agent.disabled()) {
            throw CreorException.builder(ErrorCode.USAGE, "agent \"" + name + "\" is disabled"
                            + agent.origin("disable").map(origin -> " (agent." + name + ".disable at " + origin + ")")
                                    .orElse(""))
                    .hint("remove \"disable\": true from its section to use it")
                    .build();
        }
        return agent;
    }

    private ModelChoice chooseModel(AgentDefinition agent) {
        if (agent.model().isPresent()) {
            return new ModelChoice(agent.model().get(), ModelSource.AGENT, agent.origin("model").orElse(""));
        }
        if (topLevelModel != null) {
            return new ModelChoice(topLevelModel, ModelSource.TOP_LEVEL, topLevelModelOrigin);
        }
        return new ModelChoice(DEFAULT_MODEL, ModelSource.DEFAULT, "");
    }

    /**
     * The options configured for a model ({@code provider.<id>.models.<model>}); none when the
     * model has no section.
     */
    public RequestOptions optionsOf(ModelRef model) {
        return modelOptions.getOrDefault(Objects.requireNonNull(model, "model is null"), RequestOptions.none());
    }

    private List<ModelRef> fallbacksOf(AgentDefinition agent) {
        return agent.fallbacks().orElse(topLevelFallbacks);
    }

    @Override
    public String toString() {
        return "AgentCatalog[" + agents().stream().map(AgentDefinition::name).toList() + "]";
    }

    /** Builds an {@link AgentCatalog}. */
    public static final class Builder {
        private final Map<String, AgentDefinition> agents = new LinkedHashMap<>();
        private ModelRef topLevelModel;
        private String topLevelModelOrigin = "";
        private List<ModelRef> topLevelFallbacks = new ArrayList<>();
        private final Map<ModelRef, RequestOptions> modelOptions = new LinkedHashMap<>();

        private Builder() {
            BuiltInAgents.all().forEach(agent -> agents.put(agent.name(), agent));
        }

        /**
         * Adds a configured agent; for the name of an existing agent, the fields the definition
         * sets replace that agent's (see {@link AgentDefinition#overriddenBy}).
         */
        public Builder configure(AgentDefinition agent) {
            Objects.requireNonNull(agent, "agent is null");
            agents.merge(agent.name(), agent, AgentDefinition::overriddenBy);
            return this;
        }

        /** The config's top-level {@code model} and where it was written. */
        public Builder topLevelModel(ModelRef model, String origin) {
            this.topLevelModel = Objects.requireNonNull(model, "model is null");
            this.topLevelModelOrigin = Objects.requireNonNull(origin, "origin is null");
            return this;
        }

        /** The config's top-level {@code fallbacks}. */
        public Builder topLevelFallbacks(List<ModelRef> fallbacks) {
            this.topLevelFallbacks = new ArrayList<>(List.copyOf(fallbacks));
            return this;
        }

        /**
         * The options of one model ({@code provider.<id>.models.<model>}), applied under an
         * agent's own whenever the agent asks that model first; replaces earlier ones for it.
         */
        public Builder modelOptions(ModelRef model, RequestOptions options) {
            modelOptions.put(Objects.requireNonNull(model, "model is null"), Objects.requireNonNull(options, "options is null"));
            return this;
        }

        /** Creates the catalog. */
        public AgentCatalog build() {
            return new AgentCatalog(this);
        }
    }
}
