package dev.creor.runtime;

import dev.creor.agents.ModelSource;
import dev.creor.core.ModelRef;
import java.util.Objects;

/**
 * An agent as a config defines it, without a runtime to run it: what a settings editor shows
 * ({@link CreorSetup#agents()}). To run an agent, ask a started {@link Creor} for it.
 *
 * @param name            the agent's name
 * @param description     what it is for
 * @param builtIn         whether Creor defines it (it may still be configured)
 * @param model           the model it resolves to
 * @param modelSourceKind what decides the model
 * @param modelSource     that decision in words, e.g. {@code agent.plan.model at creor.json:3:14}
 */
public record AgentInfo(String name, String description, boolean builtIn, ModelRef model, ModelSource modelSourceKind,
                        String modelSource) {
    /** Checks for nulls. */
    public AgentInfo {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(description, "description is null");
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(modelSourceKind, "modelSourceKind is null");
        Objects.requireNonNull(modelSource, "modelSource is null");
    }
}
