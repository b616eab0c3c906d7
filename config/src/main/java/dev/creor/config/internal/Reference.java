package dev.creor.config.internal;

/**
 * One {@code {env:NAME}} or {@code {file:path}} reference found in a string value.
 *
 * @param fromEnvironment true for {@code {env:...}}, false for {@code {file:...}}
 * @param target          the variable name or the path, as written
 */
public record Reference(boolean fromEnvironment, String target) {
    /** The reference as written, e.g. {@code {env:OPENROUTER_API_KEY}}. */
    @Override
    public String toString() {
        return "{" + (fromEnvironment ? "env" : "file") + ":" + target + "}";
    }
}
