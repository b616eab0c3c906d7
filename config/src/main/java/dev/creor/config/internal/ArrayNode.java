package dev.creor.config.internal;

import java.util.Collections;
import java.util.List;

/** A JSON array. */
public record ArrayNode(Position position, List<Node> items) implements Node {

    /** Keeps {@code items} as given (callers pass a fresh list they no longer touch). */
    public ArrayNode {
        items = Collections.unmodifiableList(items);
    }

    @Override
    public String kind() {
        return "an array";
    }
}
