package dev.creor.config.internal;

import java.util.List;

/**
 * A JSON string.
 *
 * @param rawOffset  the offset of the opening quote in the source text, or -1 when the value did
 *                   not come from text; used to place references inside the string exactly
 * @param references the {@code {env:...}} and {@code {file:...}} references substituted into it
 * @param unresolved whether a reference in it could not be resolved (already reported), so that
 *                   validation does not report the value a second time
 * @param wholeReference whether the string as written was exactly one reference and nothing else
 */
public record StringNode(Position position, String value, int rawOffset, List<Reference> references,
        boolean unresolved, boolean wholeReference) implements Node {

    /** Copies the references. */
    public StringNode {
        references = List.copyOf(references);
    }

    /** A plain string, as read. */
    public static StringNode of(Position position, String value, int rawOffset) {
        return new StringNode(position, value, rawOffset, List.of(), false, false);
    }

    @Override
    public String kind() {
        return "a string";
    }
}
