package dev.creor.settings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading JSONC text the way Creor's config files are written (comments, trailing commas) while
 * keeping the character offsets of what was read: an outline of objects, members and values
 * for {@link JsoncSplicer}, the comments of the text, and a strict tree for comparing documents.
 */
final class JsoncText {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY).build();

    private JsoncText() {
    }

    /** A value of the outline: where it starts and where it ends (exclusive). */
    sealed interface Node permits ObjectNode, OtherNode {
        int start();

        int end();
    }

    /** An object, with its members in the order written. */
    record ObjectNode(int start, int end, List<Member> members) implements Node {
    }

    /** An array or a scalar: the outline does not look inside. */
    record OtherNode(int start, int end, JsonToken token) implements Node {
    }

    /** A member of an object: its name, where the name's opening quote is, and its value. */
    record Member(String name, int nameStart, Node value) {
    }

    /** A text that cannot be read, with the position of the problem (1-based, 0 when unknown). */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        Unreadable(String problem, int line, int column) {
            super(problem);
            this.line = line;
            this.column = column;
        }

        String describe() {
            return getMessage() + (line > 0 ? " at line " + line + ", column " + column : "");
        }
    }

    /**
     * The outline of the text's top-level value, or {@code null} when the text holds no value
     * (it is empty, or only white space and comments).
     */
    static Node outline(String text) throws Unreadable {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            Node root = node(parser, token, text);
            if (parser.nextToken() != null) {
                throw unreadable("there is more after the top-level value", parser.currentTokenLocation());
            }
            return root;
        } catch (JsonProcessingException e) {
            throw unreadable(problemOf(e), e.getLocation());
        } catch (IOException e) {
            throw new Unreadable("it cannot be read", 0, 0);
        }
    }

    /** The text's value as a tree, strictly (duplicate keys refused); an empty object when it holds none. */
    static JsonNode tree(String text) throws Unreadable {
        if (outline(text) == null) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw unreadable(problemOf(e), e.getLocation());
        }
    }

    private static Node node(JsonParser parser, JsonToken token, String text) throws IOException {
        int start = offset(parser);
        switch (token) {
            case START_OBJECT -> {
                List<Member> members = new ArrayList<>();
                JsonToken next = parser.nextToken();
                while (next == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    int nameStart = offset(parser);
                    Node value = node(parser, parser.nextToken(), text);
                    members.add(new Member(name, nameStart, value));
                    next = parser.nextToken();
                }
                return new ObjectNode(start, offset(parser) + 1, List.copyOf(members));
            }
            case START_ARRAY -> {
                JsonToken next = parser.nextToken();
                while (next != JsonToken.END_ARRAY) {
                    node(parser, next, text);
                    next = parser.nextToken();
                }
                return new OtherNode(start, offset(parser) + 1, token);
            }
            default -> {
                return new OtherNode(start, scalarEnd(text, start), token);
            }
        }
    }

    private static int offset(JsonParser parser) {
        return (int) parser.currentTokenLocation().getCharOffset();
    }

    /** Where the string, number or literal starting at {@code start} ends. */
    private static int scalarEnd(String text, int start) {
        if (text.charAt(start) == '"') {
            int index = start + 1;
            while (text.charAt(index) != '"') {
                index += text.charAt(index) == '\\' ? 2 : 1;
            }
            return index + 1;
        }
        int index = start;
        while (index < text.length() && (Character.isLetterOrDigit(text.charAt(index))
                || "+-.".indexOf(text.charAt(index)) >= 0)) {
            index++;
        }
        return index;
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

    private static Unreadable unreadable(String problem, JsonLocation location) {
        if (location == null) {
            return new Unreadable(problem, 0, 0);
        }
        return new Unreadable(problem, location.getLineNr(), location.getColumnNr());
    }

    /**
     * A short reason that does not quote the text: Jackson's messages do, and a config file may
     * hold a key.
     */
    private static String problemOf(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.startsWith("Duplicate field")) {
            return "a key appears twice in one object";
        }
        if (message.contains("end-of-input")) {
            return "it ends before the JSON is complete";
        }
        return "it is not valid JSON";
    }
}
