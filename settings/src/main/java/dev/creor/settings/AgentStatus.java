package dev.creor.settings;

import dev.creor.agents.ModelSource;
import dev.creor.core.ModelRef;
import java.util.Objects;

/**
 * An agent as the Agents section shows it.
 *
 * @param name        the agent's name
 * @param description what it is for; empty when nobody said
 * @param builtIn     whether it ships with Creor
 * @param model       the model it resolves to
 * @param source      which setting decided the model
 * @param decidedBy   that setting for people, such as {@code agent.plan.model (creor.json:4:7)}
 */
public record AgentStatus(String name, String description, boolean builtIn, ModelRef model, ModelSource source,
                          String decidedBy) {
    /** Checks for nulls. */
    public AgentStatus {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(description, "description is null");
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(decidedBy, "decidedBy is null");
    }
}
