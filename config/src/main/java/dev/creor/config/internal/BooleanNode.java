package dev.creor.config.internal;

/** {@code true} or {@code false}. */
public record BooleanNode(Position position, boolean value) implements Node {
    @Override
    public String kind() {
        return value ? "true" : "false";
    }
}
