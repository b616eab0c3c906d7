package dev.creor.config.edit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.creor.config.internal.ObjectNode;
import dev.creor.config.internal.ObjectNode.Member;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one {@link ConfigEdit} to JSONC text by splicing, at the places the config loader's
 * reader ({@link JsoncLayout}) found: the value's characters are replaced,
 * or a member is inserted after the last one of its object (or cut out), and nothing else of the
 * text changes. New text follows the file's indentation and line breaks. {@link ConfigFileEditor}
 * checks the result before it is written.
 */
final class JsoncSplicer {
    private static final int LONGEST_INLINE_ARRAY = 100;
    private static final String DEFAULT_INDENT = "  ";

    private final String newline;
    private final String unit;
    private JsoncLayout layout;

    private JsoncSplicer(String text) {
        this.newline = text.contains("\r\n") ? "\r\n" : "\n";
        this.unit = indentUnit(text);
    }

    /** Why an edit cannot be made by splicing, for people. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String reason) {
            super(reason);
        }
    }

    /** The text with the edit applied. */
    static String apply(String text, ConfigEdit edit) throws Refusal, JsoncLayout.Unreadable {
        return new JsoncSplicer(text).splice(text, edit);
    }

    /** The value as JSON text, for snippets: objects over several lines, short arrays on one. */
    static String render(Object value) {
        return new JsoncSplicer("").pretty(value, "");
    }

    private String splice(String text, ConfigEdit edit) throws Refusal, JsoncLayout.Unreadable {
        layout = JsoncLayout.read(text);
        List<String> path = edit.path();
        if (layout.root().isEmpty()) {
            if (edit instanceof ConfigEdit.Set set) {
                String document = "{" + newline + unit + member(path, 0, set.value(), unit) + newline + "}" + newline;
                return text.isBlank() ? document : text.stripTrailing() + newline + document;
            }
            return text;
        }
        ObjectNode object = layout.root().get();
        for (int depth = 0; depth < path.size(); depth++) {
            Member member = find(object, path.get(depth));
            boolean last = depth == path.size() - 1;
            if (member == null) {
                return edit instanceof ConfigEdit.Set set ? insert(text, object, path, depth, set.value()) : text;
            }
            if (last) {
                return edit instanceof ConfigEdit.Set set ? replace(text, object, member, set.value())
                        : remove(text, object, member);
            }
            if (!(member.value() instanceof ObjectNode child)) {
                if (edit instanceof ConfigEdit.Remove) {
                    return text;
                }
                throw new Refusal(String.join(".", path.subList(0, depth + 1)) + " is not an object, so "
                        + edit.dottedPath() + " cannot be set inside it");
            }
            object = child;
        }
        throw new IllegalStateException("unreachable: the path is never empty");
    }

    private static Member find(ObjectNode object, String name) {
        return object.members().get(name);
    }

    private int start(ObjectNode object) {
        return layout.start(object);
    }

    private int end(ObjectNode object) {
        return layout.end(object);
    }

    private static List<Member> members(ObjectNode object) {
        return List.copyOf(object.members().values());
    }

    private String replace(String text, ObjectNode object, Member member, Object value) {
        String rendered = JsoncLayout.spansLines(text, start(object), end(object))
                ? pretty(value, JsoncLayout.indentOf(text, layout.keyStart(member)))
                : compact(value);
        return text.substring(0, layout.start(member.value())) + rendered + text.substring(layout.end(member.value()));
    }

    private String insert(String text, ObjectNode object, List<String> path, int depth, Object value) {
        int close = end(object) - 1;
        boolean multiLine = JsoncLayout.spansLines(text, start(object), end(object));
        if (object.members().isEmpty()) {
            if (!multiLine) {
                if (start(object) == 0 || JsoncLayout.firstOnLine(text, start(object))) {
                    String indent = JsoncLayout.indentOf(text, start(object));
                    String inner = indent + unit;
                    return text.substring(0, start(object) + 1) + newline + inner + member(path, depth, value, inner)
                            + newline + indent + text.substring(start(object) + 1, close).strip() + "}"
                            + text.substring(end(object));
                }
                return text.substring(0, close) + compactMember(path, depth, value) + text.substring(close);
            }
            if (JsoncLayout.firstOnLine(text, close)) {
                String inner = JsoncLayout.indentOf(text, close) + unit;
                int at = JsoncLayout.lineStart(text, close);
                return text.substring(0, at) + inner + member(path, depth, value, inner) + newline + text.substring(at);
            }
            String indent = JsoncLayout.indentOf(text, start(object));
            String inner = indent + unit;
            return text.substring(0, close) + newline + inner + member(path, depth, value, inner) + newline + indent
                    + text.substring(close);
        }
        List<Member> members = members(object);
        Member last = members.get(members.size() - 1);
        int valueEnd = layout.end(last.value());
        int next = JsoncLayout.skipSpaceAndComments(text, valueEnd);
        boolean trailingComma = next < text.length() && text.charAt(next) == ',';
        int after = trailingComma ? next + 1 : valueEnd;
        String comma = trailingComma ? "" : ",";
        if (!multiLine) {
            String added = " " + compactMember(path, depth, value) + (trailingComma ? "," : "");
            return text.substring(0, valueEnd) + comma + text.substring(valueEnd, after) + added + text.substring(after);
        }
        String indent = JsoncLayout.firstOnLine(text, layout.keyStart(last))
                ? JsoncLayout.indentOf(text, layout.keyStart(last))
                : JsoncLayout.indentOf(text, start(object)) + unit;
        String added = newline + indent + member(path, depth, value, indent) + (trailingComma ? "," : "");
        int lineEnd = JsoncLayout.endOfLine(text, after);
        int resume = lineEnd;
        if (lineEnd >= close) {
            // The closing brace shares the line: put it on a line of its own after the new member.
            resume = close;
            lineEnd = close;
            while (lineEnd > after && (text.charAt(lineEnd - 1) == ' ' || text.charAt(lineEnd - 1) == '\t')) {
                lineEnd--;
            }
            added = added + newline + JsoncLayout.indentOf(text, start(object));
        }
        return text.substring(0, valueEnd) + comma + text.substring(valueEnd, lineEnd) + added + text.substring(resume);
    }

    private String remove(String text, ObjectNode object, Member member) {
        List<Member> members = members(object);
        int index = members.indexOf(member);
        int start = layout.keyStart(member);
        int end = layout.end(member.value());
        int next = skipSpaces(text, end);
        String before;
        if (next < text.length() && text.charAt(next) == ',') {
            end = next + 1;
            before = text.substring(0, start);
        } else if (index > 0) {
            // The last member goes: the comma after the one before it must go too.
            int previousEnd = layout.end(members.get(index - 1).value());
            int comma = JsoncLayout.skipSpaceAndComments(text, previousEnd);
            before = text.substring(0, comma) + text.substring(comma + 1, start);
        } else {
            before = text.substring(0, start);
        }
        String after = text.substring(end);
        if (JsoncLayout.firstOnLine(text, start) && JsoncLayout.lineEnd(text, end) == skipSpaces(text, end)) {
            // The member had its line to itself: take the whole line.
            before = before.substring(0, before.length() - (start - JsoncLayout.lineStart(text, start)));
            int lineEnd = JsoncLayout.lineEnd(text, end);
            int breakLength = text.startsWith("\r\n", lineEnd) ? 2 : lineEnd < text.length() ? 1 : 0;
            after = text.substring(lineEnd + breakLength);
        }
        return before + after;
    }

    private static int skipSpaces(String text, int from) {
        int index = from;
        while (index < text.length() && (text.charAt(index) == ' ' || text.charAt(index) == '\t')) {
            index++;
        }
        return index;
    }

    /** {@code "key": value}, nesting the rest of the path into objects. */
    private String member(List<String> path, int depth, Object value, String indent) {
        return quote(path.get(depth)) + ": " + pretty(nest(path, depth + 1, value), indent);
    }

    private String compactMember(List<String> path, int depth, Object value) {
        return quote(path.get(depth)) + ": " + compact(nest(path, depth + 1, value));
    }

    /** The value wrapped in one object per key of {@code path} from {@code depth} on. */
    static Object nest(List<String> path, int depth, Object value) {
        Object nested = value;
        for (int index = path.size() - 1; index >= depth; index--) {
            Map<String, Object> wrapper = new LinkedHashMap<>();
            wrapper.put(path.get(index), nested);
            nested = wrapper;
        }
        return nested;
    }

    private String pretty(Object value, String indent) {
        String inner = indent + unit;
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return "{}";
            }
            List<String> members = new ArrayList<>();
            map.forEach((key, element) -> members.add(inner + quote((String) key) + ": " + pretty(element, inner)));
            return "{" + newline + String.join("," + newline, members) + newline + indent + "}";
        }
        if (value instanceof List<?> list) {
            String inline = compact(list);
            if (list.stream().noneMatch(element -> element instanceof Map || element instanceof List)
                    && indent.length() + inline.length() <= LONGEST_INLINE_ARRAY) {
                return inline;
            }
            List<String> elements = new ArrayList<>();
            list.forEach(element -> elements.add(inner + pretty(element, inner)));
            return "[" + newline + String.join("," + newline, elements) + newline + indent + "]";
        }
        return scalar(value);
    }

    static String compact(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<String> members = new ArrayList<>();
            map.forEach((key, element) -> members.add(quote((String) key) + ": " + compact(element)));
            return "{" + String.join(", ", members) + "}";
        }
        if (value instanceof List<?> list) {
            List<String> elements = new ArrayList<>();
            list.forEach(element -> elements.add(compact(element)));
            return "[" + String.join(", ", elements) + "]";
        }
        return scalar(value);
    }

    private static String scalar(Object value) {
        if (value instanceof String text) {
            return quote(text);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            return new BigDecimal(value.toString()).toPlainString();
        }
        return value.toString();
    }

    private static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    /** The file's indentation step: a tab, or the smallest indentation of a line that starts with a key. */
    private static String indentUnit(String text) {
        String smallest = null;
        for (String line : text.split("\r?\n")) {
            int index = 0;
            while (index < line.length() && (line.charAt(index) == ' ' || line.charAt(index) == '\t')) {
                index++;
            }
            if (index == 0 || index >= line.length() || line.charAt(index) != '"') {
                continue;
            }
            String indent = line.substring(0, index);
            if (indent.indexOf('\t') >= 0) {
                return "\t";
            }
            if (smallest == null || indent.length() < smallest.length()) {
                smallest = indent;
            }
        }
        return smallest == null ? DEFAULT_INDENT : smallest;
    }
}
