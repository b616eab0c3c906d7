package dev.creor.agents;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.util.List;
import java.util.Objects;

/**
 * Something wrong with the models an agent would use: an unknown provider or model, or a model
 * the provider's whitelist or blacklist excludes.
 *
 * @param agent   the agent's name
 * @param setting the setting at fault, such as {@code agent.build.model} or {@code fallbacks[1]}
 * @param code    {@link ErrorCode#CONFIG_INVALID} or {@link ErrorCode#MODEL_NOT_ALLOWED}
 * @param message what is wrong, where it was written and what would be right
 */
public record AgentProblem(String agent, String setting, ErrorCode code, String message) {
    /** Checks for nulls. */
    public AgentProblem {
        Objects.requireNonNull(agent, "agent is null");
        Objects.requireNonNull(setting, "setting is null");
        Objects.requireNonNull(code, "code is null");
        Objects.requireNonNull(message, "message is null");
    }

    /** The problem as the exception Creor reports. */
    public CreorException toException() {
        return CreorException.of(code, message);
    }

    /**
     * Several problems as one exception, with the first one's code and every message, so that
     * fixing one does not merely reveal the next.
     *
     * @throws IllegalArgumentException when the list is empty
     */
    public static CreorException toException(List<AgentProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problem to report");
        }
        return CreorException.of(problems.get(0).code(),
                String.join("; ", problems.stream().map(AgentProblem::message).toList()));
    }
}
