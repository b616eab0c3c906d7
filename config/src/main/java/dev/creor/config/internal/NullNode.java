package dev.creor.config.internal;

/** JSON {@code null}, which no config key accepts; kept so it can be reported where it is. */
public record NullNode(Position position) implements Node {
    @Override
    public String kind() {
        return "null";
    }
}
