package dev.creor.config.edit;

import dev.creor.config.internal.Issue;
import dev.creor.config.internal.JsoncParser;
import dev.creor.config.internal.Node;
import dev.creor.config.internal.ObjectNode;
import dev.creor.config.internal.TextSpans;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * A JSONC text as {@link JsoncParser} reads it, with what splicing needs beside the tree: where
 * each value and member stands, the text's comments, and where its lines start and end.
 */
final class JsoncLayout {
    private final ObjectNode root;
    private final TextSpans spans;

    private JsoncLayout(ObjectNode root, TextSpans spans) {
        this.root = root;
        this.spans = spans;
    }

    /** A text that cannot be read; its message says where and what is wrong, in the loader's words. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String problem) {
            super(problem);
        }
    }

    /**
     * Reads the text, which must hold one object, or no value at all (empty, or only white
     * space and comments): then {@link #root()} is empty.
     *
     * @throws Unreadable when the loader would refuse the text: a syntax error, a duplicate key,
     *                    a top level that is not an object
     */
    static JsoncLayout read(String text) throws Unreadable {
        if (JsoncParser.holdsNoValue(text)) {
            return new JsoncLayout(null, null);
        }
        JsoncParser.Result result = JsoncParser.parse(text, 0);
        for (Issue issue : result.issues()) {
            if (!issue.warning()) {
                throw new Unreadable((issue.position().hasLine()
                        ? "at line " + issue.position().line() + ", column " + issue.position().column() + " " : "")
                        + "(" + issue.message() + ")");
            }
        }
        return new JsoncLayout(result.root(), result.spans());
    }

    /** The text's top-level object; empty when the text holds no value. */
    Optional<ObjectNode> root() {
        return Optional.ofNullable(root);
    }

    /** The top-level object as plain values, JSON nulls kept; an empty map when the text holds no value. */
    Object plain() {
        return root == null ? new LinkedHashMap<String, Object>() : PlainValues.withNulls(root);
    }

    int start(Node value) {
        return spans.of(value).orElseThrow().start();
    }

    int end(Node value) {
        return spans.of(value).orElseThrow().end();
    }

    /** Where the member's key starts (its opening quote). */
    int keyStart(ObjectNode.Member member) {
        return spans.of(member).orElseThrow().start();
    }

    /**
     * Every comment of the text in order, each with its delimiters ({@code // note},
     * {@code /* note *}{@code /}). Strings are skipped, so a {@code //} inside a URL is no comment.
     */
    static List<String> comments(String text) {
        List<String> comments = new ArrayList<>();
        int index = 0;
        while (index < text.length()) {
            char c = text.charAt(index);
            if (c == '"') {
                index = afterString(text, index);
            } else if (text.startsWith("//", index)) {
                int end = lineEnd(text, index);
                comments.add(text.substring(index, end));
                index = end;
            } else if (text.startsWith("/*", index)) {
                int close = text.indexOf("*/", index + 2);
                int end = close < 0 ? text.length() : close + 2;
                comments.add(text.substring(index, end));
                index = end;
            } else {
                index++;
            }
        }
        return comments;
    }

    /**
     * The first position at or after {@code from} that is neither white space nor inside a
     * comment; {@code text.length()} when there is none.
     */
    static int skipSpaceAndComments(String text, int from) {
        int index = from;
        while (index < text.length()) {
            if (Character.isWhitespace(text.charAt(index))) {
                index++;
            } else if (text.startsWith("//", index)) {
                index = lineEnd(text, index);
            } else if (text.startsWith("/*", index)) {
                int close = text.indexOf("*/", index + 2);
                index = close < 0 ? text.length() : close + 2;
            } else {
                return index;
            }
        }
        return index;
    }

    /**
     * Where the line ends that {@code from} is on, looking past spaces and comments that end on
     * it: the position of its line break, or of the first other character met on the way.
     */
    static int endOfLine(String text, int from) {
        int index = from;
        while (index < text.length()) {
            char c = text.charAt(index);
            if (c == '\n' || c == '\r') {
                return index;
            } else if (c == ' ' || c == '\t') {
                index++;
            } else if (text.startsWith("//", index)) {
                return lineEnd(text, index);
            } else if (text.startsWith("/*", index)) {
                int close = text.indexOf("*/", index + 2);
                index = close < 0 ? text.length() : close + 2;
            } else {
                return index;
            }
        }
        return index;
    }

    /** The position of the line break (or the end of text) after {@code from}. */
    static int lineEnd(String text, int from) {
        int index = from;
        while (index < text.length() && text.charAt(index) != '\n' && text.charAt(index) != '\r') {
            index++;
        }
        return index;
    }

    /** The start of the line {@code position} is on. */
    static int lineStart(String text, int position) {
        int index = position;
        while (index > 0 && text.charAt(index - 1) != '\n' && text.charAt(index - 1) != '\r') {
            index--;
        }
        return index;
    }

    /** Whether only spaces and tabs stand between the start of its line and {@code position}. */
    static boolean firstOnLine(String text, int position) {
        return text.substring(lineStart(text, position), position).isBlank();
    }

    /** The spaces and tabs that start the line {@code position} is on. */
    static String indentOf(String text, int position) {
        int start = lineStart(text, position);
        int end = start;
        while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
            end++;
        }
        return text.substring(start, end);
    }

    /** Whether a line break stands between the two positions. */
    static boolean spansLines(String text, int from, int to) {
        for (int index = from; index < to; index++) {
            if (text.charAt(index) == '\n' || text.charAt(index) == '\r') {
                return true;
            }
        }
        return false;
    }

    private static int afterString(String text, int quote) {
        int index = quote + 1;
        while (index < text.length() && text.charAt(index) != '"') {
            if (text.charAt(index) == '\n') {
                return index;
            }
            index += text.charAt(index) == '\\' ? 2 : 1;
        }
        return Math.min(index + 1, text.length());
    }
}
