package dev.creor.config;

import dev.creor.config.internal.ArrayNode;
import dev.creor.config.internal.BooleanNode;
import dev.creor.config.internal.JsonText;
import dev.creor.config.internal.Node;
import dev.creor.config.internal.NumberNode;
import dev.creor.config.internal.ObjectNode;
import dev.creor.config.internal.StringNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Renders the merged configuration for {@code creor config show}: keys in the order they first
 * appeared, secrets masked ({@code sk-or-v1-…9f3a}), and optionally where each value came from.
 */
final class ShowRenderer {
    private static final int WIDEST_INLINE_ARRAY = 100;

    private final Provenance provenance;
    private final Set<String> secrets;
    private final StringBuilder out = new StringBuilder();

    private ShowRenderer(Provenance provenance, Set<String> secrets) {
        this.provenance = provenance;
        this.secrets = secrets;
    }

    /**
     * Pretty JSON; with origins, each value line ends with a {@code // creor.json:3:14} comment (JSONC),
     * {@code // creor.json:3:14 (untrusted)} for a value from a project file that is not trusted.
     */
    static String text(Provenance provenance, Set<String> secrets, boolean withOrigins) {
        ShowRenderer renderer = new ShowRenderer(provenance, secrets);
        renderer.write(provenance.merged(), new ArrayList<>(), 0, "", withOrigins);
        return renderer.out.toString();
    }

    /**
     * One line of JSON: {@code {"config":{...}}}, plus with origins
     * {@code "origins":{"/model":{"kind":"file","source":"creor.json","line":3,"column":14,"substitutions":[]}}}
     * for every leaf value.
     */
    static String json(Provenance provenance, Set<String> secrets, boolean withOrigins) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("config", JsonLikeValues.masked(provenance.merged(), secrets));
        if (withOrigins) {
            Map<String, Object> origins = new LinkedHashMap<>();
            provenance.leaves().forEach((pointer, origin) -> origins.put(pointer, originJson(origin)));
            json.put("origins", origins);
        }
        return JsonText.compact(json);
    }

    private static Map<String, Object> originJson(Origin origin) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", origin.kind().name().toLowerCase(Locale.ROOT));
        json.put("source", origin.source().displayName());
        json.put("line", origin.line().isPresent() ? origin.line().getAsInt() : null);
        json.put("column", origin.column().isPresent() ? origin.column().getAsInt() : null);
        json.put("substitutions", origin.substitutions().stream().map(Substitution::toString).toList());
        json.put("description", origin.describe());
        json.put("trusted", origin.source().trusted());
        return json;
    }

    /**
     * Writes the value and ends the line; {@code comma} is "," when another member or item
     * follows. Items of an array carry no comment of their own: arrays replace whole, so the
     * array's origin is theirs.
     */
    private void write(Node node, List<String> tokens, int depth, String comma, boolean comments) {
        if (node instanceof ObjectNode object && !object.members().isEmpty()) {
            out.append("{\n");
            int remaining = object.members().size();
            for (ObjectNode.Member member : object.members().values()) {
                indent(depth + 1);
                out.append(JsonText.quote(member.key())).append(": ");
                tokens.add(member.key());
                write(member.value(), tokens, depth + 1, --remaining > 0 ? "," : "", comments);
                tokens.remove(tokens.size() - 1);
            }
            indent(depth);
            out.append('}').append(comma).append('\n');
        } else if (node instanceof ArrayNode array && !array.items().isEmpty()) {
            String inline = inlineArray(array, tokens);
            if (inline != null) {
                out.append(inline).append(comma);
                comment(node, comments);
                out.append('\n');
                return;
            }
            out.append('[');
            comment(node, comments);
            out.append('\n');
            for (int i = 0; i < array.items().size(); i++) {
                indent(depth + 1);
                tokens.add(Integer.toString(i));
                write(array.items().get(i), tokens, depth + 1, i + 1 < array.items().size() ? "," : "", false);
                tokens.remove(tokens.size() - 1);
            }
            indent(depth);
            out.append(']').append(comma).append('\n');
        } else {
            out.append(scalar(node, tokens)).append(comma);
            comment(node, comments);
            out.append('\n');
        }
    }

    private String inlineArray(ArrayNode array, List<String> tokens) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < array.items().size(); i++) {
            Node item = array.items().get(i);
            if (item instanceof ObjectNode || item instanceof ArrayNode) {
                return null;
            }
            tokens.add(Integer.toString(i));
            items.add(scalar(item, tokens));
            tokens.remove(tokens.size() - 1);
        }
        String inline = "[" + String.join(", ", items) + "]";
        return inline.length() <= WIDEST_INLINE_ARRAY ? inline : null;
    }

    private void comment(Node node, boolean comments) {
        if (!comments) {
            return;
        }
        Optional<Origin> origin = provenance.origin(node);
        origin.ifPresent(value -> out.append("  // ").append(value.describe())
                .append(value.source().trusted() ? "" : " (untrusted)"));
    }

    private String scalar(Node node, List<String> tokens) {
        if (node instanceof StringNode string) {
            return JsonText.quote(JsonLikeValues.maskedText(string, tokens, secrets));
        }
        if (node instanceof NumberNode number) {
            return String.valueOf(number.value());
        }
        if (node instanceof BooleanNode bool) {
            return String.valueOf(bool.value());
        }
        if (node instanceof ObjectNode) {
            return "{}";
        }
        if (node instanceof ArrayNode) {
            return "[]";
        }
        return "null";
    }

    private void indent(int depth) {
        out.append("  ".repeat(depth));
    }
}
