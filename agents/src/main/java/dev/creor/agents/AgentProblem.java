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
        CreorException.Builder builder = CreorException.builder(code, message);
        hint().ifPresent(builder::hint);
        return builder.build();
    }

    /**
     * What to do about a model the whitelist or blacklist excludes, which depends on where the
     * model was chosen: nobody chose the default one, so the fix is choosing one. Other problems
     * say what would be right in their message.
     */
    public java.util.Optional<String> hint() {
        if (code != ErrorCode.MODEL_NOT_ALLOWED) {
            return java.util.Optional.empty();
        }
        String allowed = "a model the provider's whitelist and blacklist allow (`creor models` lists them)";
        return java.util.Optional.of(switch (setting) {
            case "the default model" -> "no model is configured and the default one is not allowed: set \"model\" in "
                    + "creor.json, or pass --model, to " + allowed + "; or allow the default in the whitelist";
            case "the model override" -> "give --model " + allowed;
            default -> "change " + setting + " to " + allowed + ", or change the whitelist or blacklist";
        });
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
        CreorException.Builder builder = CreorException.builder(problems.get(0).code(),
                String.join("; ", problems.stream().map(AgentProblem::message).toList()));
        problems.get(0).hint().ifPresent(builder::hint);
        return builder.build();
    }
}
