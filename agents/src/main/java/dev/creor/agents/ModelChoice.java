package dev.creor.agents;

import dev.creor.core.ModelRef;
import java.util.Objects;
import java.util.Optional;

/**
 * The model an agent will use, which setting decided it and where that setting was written.
 *
 * @param model  the model
 * @param source the setting that decided it
 * @param origin where that setting came from (such as {@code creor.json:4:7} or {@code --model}),
 *               or an empty string when the source is {@link ModelSource#DEFAULT}; read it
 *               through {@link #originText()}
 */
public record ModelChoice(ModelRef model, ModelSource source, String origin) {
    /** Checks for nulls. */
    public ModelChoice {
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(origin, "origin is null");
    }

    /** Where the deciding setting was written, when known. */
    public Optional<String> originText() {
        return origin.isEmpty() ? Optional.empty() : Optional.of(origin);
    }

    /** A phrase for people, such as {@code agent.plan.model (creor.json:4:7)} or {@code built-in default}. */
    public String describeSource(String agentName) {
        String setting = switch (source) {
            case OVERRIDE -> "override";
            case AGENT -> "agent." + agentName + ".model";
            case TOP_LEVEL -> "top-level model";
            case DEFAULT -> "built-in default";
        };
        return origin.isEmpty() ? setting : setting + " (" + origin + ")";
    }
}
