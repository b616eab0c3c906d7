package dev.creor.core;

import java.util.Objects;

/**
 * A function call the model asked for.
 *
 * @param id        the call's id, echoed by the {@link Role#TOOL} message that answers it
 * @param name      the tool's name, as in its {@link ToolSpec}
 * @param arguments the arguments as JSON text, exactly as the model wrote them (it may be
 *                  invalid JSON; the caller decides what to do about that)
 */
public record ToolCall(String id, String name, String arguments) {
    /** Checks that the id and name are non-blank and the arguments non-null. */
    public ToolCall {
        Checks.requireText(id, "id");
        Checks.requireText(name, "name");
        Objects.requireNonNull(arguments, "arguments is null");
    }
}
