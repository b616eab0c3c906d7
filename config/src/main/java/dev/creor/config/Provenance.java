package dev.creor.config;

import dev.creor.config.internal.JsonPointer;
import dev.creor.config.internal.Node;
import dev.creor.config.internal.ObjectNode;
import dev.creor.config.internal.Position;
import dev.creor.config.internal.Reference;
import dev.creor.config.internal.StringNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where each value of the merged configuration came from.
 *
 * <p>Ask with the value's JSON pointer: {@code provenance.describe("/agent/build/model")} gives
 * {@code creor.json:3:14}, ready for an error message such as
 * {@code unknown provider "openroutr" in agent.build.model at creor.json:3:14}. An object that
 * several sources contributed to is attributed to the highest-precedence one.
 */
public final class Provenance {
    private final ObjectNode merged;
    private final List<ConfigSource> sources;

    Provenance(ObjectNode merged, List<ConfigSource> sources) {
        this.merged = Objects.requireNonNull(merged, "merged is null");
        this.sources = List.copyOf(sources);
    }

    /**
     * The origin of the value at {@code pointer}, or empty when the merged configuration has no
     * value there.
     *
     * @param pointer a JSON pointer such as {@code /provider/openrouter/timeout}; {@code ""} is
     *                the whole configuration
     * @throws IllegalArgumentException when the pointer is not a JSON pointer
     */
    public Optional<Origin> originOf(String pointer) {
        Objects.requireNonNull(pointer, "pointer is null");
        Node node = JsonPointer.resolve(merged, JsonPointer.tokens(pointer));
        return node == null ? Optional.empty() : origin(node);
    }

    /**
     * The short description of where the value at {@code pointer} came from, such as
     * {@code creor.json:3:14}. When there is no value there, the closest enclosing value that
     * exists is described (where the missing key would go), and {@code built-in configuration}
     * when there is none at all.
     *
     * @throws IllegalArgumentException when the pointer is not a JSON pointer
     */
    public String describe(String pointer) {
        Objects.requireNonNull(pointer, "pointer is null");
        List<String> tokens = JsonPointer.tokens(pointer);
        for (int length = tokens.size(); length >= 0; length--) {
            Node node = JsonPointer.resolve(merged, tokens.subList(0, length));
            if (node != null) {
                Optional<Origin> origin = origin(node);
                if (origin.isPresent()) {
                    return origin.get().describe();
                }
            }
        }
        return "built-in configuration";
    }

    /**
     * The origin of every leaf value (strings, numbers, booleans, arrays, empty objects) by JSON
     * pointer, in document order.
     */
    public Map<String, Origin> leaves() {
        Map<String, Origin> leaves = new LinkedHashMap<>();
        collectLeaves(merged, "", leaves);
        return Collections.unmodifiableMap(leaves);
    }

    private void collectLeaves(Node node, String pointer, Map<String, Origin> leaves) {
        if (node instanceof ObjectNode object && !object.members().isEmpty()) {
            for (ObjectNode.Member member : object.members().values()) {
                collectLeaves(member.value(), JsonPointer.append(pointer, member.key()), leaves);
            }
        } else {
            origin(node).ifPresent(origin -> leaves.put(pointer, origin));
        }
    }

    Optional<Origin> origin(Node node) {
        Position position = node.position();
        if (position.source() < 0 || position.source() >= sources.size()) {
            return Optional.empty();
        }
        ConfigSource source = sources.get(position.source());
        List<Substitution> substitutions = new ArrayList<>();
        boolean wholeValueFromOneVariable = false;
        if (node instanceof StringNode string) {
            for (Reference reference : string.references()) {
                substitutions.add(new Substitution(reference.fromEnvironment() ? Substitution.Kind.ENV
                        : Substitution.Kind.FILE, reference.target()));
            }
            wholeValueFromOneVariable = string.wholeReference() && string.references().get(0).fromEnvironment()
                    && !string.unresolved();
        }
        Origin.Kind kind = wholeValueFromOneVariable ? Origin.Kind.ENV : kindOf(source);
        return Optional.of(new Origin(kind, source, position.line(), position.column(), substitutions));
    }

    private static Origin.Kind kindOf(ConfigSource source) {
        switch (source.kind()) {
            case DEFAULTS:
                return Origin.Kind.DEFAULT;
            case INLINE:
                return Origin.Kind.INLINE;
            case FLAG:
                return Origin.Kind.FLAG;
            default:
                return Origin.Kind.FILE;
        }
    }

    /** The pointers of the merged configuration's top-level keys and the sources read; no values. */
    @Override
    public String toString() {
        return "Provenance[" + merged.members().keySet() + " from " + sources + "]";
    }

    ObjectNode merged() {
        return merged;
    }
}
