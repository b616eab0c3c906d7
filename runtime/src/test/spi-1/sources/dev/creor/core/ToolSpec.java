package dev.creor.core;

import java.util.Map;

/**
 * A tool (function) the model may call.
 *
 * @param name        the name the model uses to call it
 * @param description what the tool does, for the model to decide when to call it
 * @param parameters  the JSON Schema of its arguments, as a JSON-like object (see
 *                    {@link JsonValues}); an empty map means the tool takes no arguments
 */
public record ToolSpec(String name, String description, Map<String, Object> parameters) {
    /** Checks the name and description and copies the schema deeply. */
    public ToolSpec {
        Checks.requireText(name, "name");
        java.util.Objects.requireNonNull(description, "description is null");
        parameters = JsonValues.copyOf(parameters);
    }
}
