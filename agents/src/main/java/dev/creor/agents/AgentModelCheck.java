package dev.creor.agents;

import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.internal.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the models of a resolved agent against a {@link ModelDirectory}, before any request is
 * sent: unknown providers and (when the catalog is known) unknown models are configuration
 * errors with did-you-mean candidates; models outside the provider's whitelist, or on its
 * blacklist, are {@link ErrorCode#MODEL_NOT_ALLOWED}.
 */
public final class AgentModelCheck {
    /** How a model reference names a provider-side preset, e.g. {@code openrouter/@preset/coding}. */
    static final String PRESET_PREFIX = "@preset/";

    private AgentModelCheck() {
    }

    /** Every problem with the agent's model and fallbacks; empty when all are fine. */
    public static List<AgentProblem> check(ResolvedAgent agent, ModelDirectory directory) {
        Objects.requireNonNull(agent, "agent is null");
        Objects.requireNonNull(directory, "directory is null");
        List<AgentProblem> problems = new ArrayList<>();
        String modelSetting = switch (agent.model().source()) {
            case OVERRIDE -> "the model override";
            case AGENT -> "agent." + agent.name() + ".model";
            case TOP_LEVEL -> "the top-level model";
            case DEFAULT -> "the default model";
        };
        checkRef(agent, agent.model().model(), modelSetting, agent.model().originText(), directory)
                .ifPresent(problems::add);
        String fallbacksSetting = agent.definition().fallbacks().isPresent()
                ? "agent." + agent.name() + ".fallbacks" : "fallbacks";
        Optional<String> fallbacksOrigin = agent.definition().origin("fallbacks");
        for (int i = 0; i < agent.fallbacks().size(); i++) {
            checkRef(agent, agent.fallbacks().get(i), fallbacksSetting + "[" + i + "]", fallbacksOrigin, directory)
                    .ifPresent(problems::add);
        }
        return problems;
    }

    private static Optional<AgentProblem> checkRef(ResolvedAgent agent, ModelRef ref, String setting,
                                                   Optional<String> origin, ModelDirectory directory) {
        String where = "agent \"" + agent.name() + "\": " + setting + " \"" + ref + "\""
                + origin.map(text -> " (" + text + ")").orElse("");
        Set<String> providers = directory.providerIds();
        if (!providers.contains(ref.provider())) {
            return Optional.of(new AgentProblem(agent.name(), setting, ErrorCode.CONFIG_INVALID,
                    where + " names the unknown provider \"" + ref.provider() + "\""
                            + Suggestions.didYouMean(ref.provider(), providers)
                            + "; the providers are " + String.join(", ", providers.stream().sorted().toList())));
        }
        Optional<Set<String>> known = directory.knownModels(ref.provider());
        // A preset (@preset/slug) is defined in the user's provider account, not in its public catalog.
        if (known.isPresent() && !known.get().contains(ref.model()) && !ref.model().startsWith(PRESET_PREFIX)) {
            return Optional.of(new AgentProblem(agent.name(), setting, ErrorCode.CONFIG_INVALID,
                    where + " is not a model " + ref.provider() + " offers"
                            + Suggestions.didYouMean(ref.model(), known.get())
                            + "; `creor models --provider " + ref.provider() + "` lists them"));
        }
        Optional<String> rejected = directory.rejection(ref);
        if (rejected.isPresent()) {
            return Optional.of(new AgentProblem(agent.name(), setting, ErrorCode.MODEL_NOT_ALLOWED,
                    where + " is not allowed: " + rejected.get() + " of provider." + ref.provider()));
        }
        return Optional.empty();
    }
}
