package dev.creor.config.internal;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the values and members that {@link JsoncParser} read stand in its text, as character
 * offsets: what an editor needs to replace a value, or insert and cut members, without touching
 * any other character. Values are looked up by identity, so only the nodes of that parse have
 * spans (not the copies substitution and merging make).
 */
public final class TextSpans {
    private final Map<Object, Span> spans;

    TextSpans(IdentityHashMap<Object, Span> spans) {
        this.spans = new IdentityHashMap<>(spans);
    }

    /**
     * A stretch of the text.
     *
     * @param start the offset of its first character
     * @param end   the offset after its last character
     */
    public record Span(int start, int end) {
        /** Checks the bounds. */
        public Span {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("not a span: " + start + ".." + end);
            }
        }
    }

    /** Where the value is: from its first character to after its closing bracket, quote or last digit. */
    public Optional<Span> of(Node value) {
        return Optional.ofNullable(spans.get(value));
    }

    /** Where the member is: from its key's opening quote to the end of its value. */
    public Optional<Span> of(ObjectNode.Member member) {
        return Optional.ofNullable(spans.get(member));
    }
}
