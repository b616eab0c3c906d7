package dev.creor.config.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.creor.core.Secret;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JSONC (JSON with {@code //} and {@code /* *}{@code /} comments and trailing commas)
 * into a {@link Node} tree that keeps the line and column of every value.
 *
 * <p>Jackson's streaming parser does the lexing; this class builds the tree, so it can report
 * every duplicate key with both places (Jackson's strict duplicate detection stops at the
 * first and names only one), limit nesting with a located message, and turn Jackson's
 * messages into ones a person can act on. A syntax error ends the reading of that source.
 *
 * <p>It is Creor's one reader of JSONC: the config loader reads sources with it, and the config
 * file editor ({@code dev.creor.config.edit}) splices changes into text at the character
 * {@link TextSpans} it records for every value it read.
 */
public final class JsoncParser {
    /** The deepest nesting of objects and arrays a config may have. */
    public static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // A backstop only: the tree builder stops at MAX_DEPTH with a located message first.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
            .build();

    private static final Pattern UNEXPECTED_CHARACTER = Pattern.compile(
            "^Unexpected character \\((?:'(.*?)' \\(code (\\d+)\\)|\\(CTRL-CHAR, code (\\d+)\\))\\): (.*)$", Pattern.DOTALL);
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("^Unrecognized token '(.*?)'", Pattern.DOTALL);

    private final String text;
    private final int source;
    private final List<Issue> issues = new ArrayList<>();
    private final Deque<Open> open = new ArrayDeque<>();
    private final IdentityHashMap<Object, TextSpans.Span> spans = new IdentityHashMap<>();
    private JsonParser parser;

    private JsoncParser(String text, int source) {
        this.text = text;
        this.source = source;
    }

    /**
     * The root object (null when the text holds no usable object), every problem found, and
     * where in the text each value and key of the tree stands.
     */
    public record Result(ObjectNode root, List<Issue> issues, TextSpans spans) {
        /** Copies the problems. */
        public Result {
            issues = List.copyOf(issues);
        }

        /** Whether an error was found: the text cannot be used as it is. */
        public boolean hasErrors() {
            return issues.stream().anyMatch(issue -> !issue.warning());
        }
    }

    /**
     * Whether the text holds no JSON value at all: it is empty, or only white space and
     * comments. {@link #parse} reports such a text as an error, since a config file must hold
     * an object; an editor can instead write the first one.
     */
    public static boolean holdsNoValue(String text) {
        try (JsonParser jsonParser = FACTORY.createParser(text.toCharArray())) {
            return jsonParser.nextToken() == null;
        } catch (IOException notEmpty) {
            return false;
        }
    }

    /**
     * Parses one source's text (without a byte order mark).
     *
     * @param source the index of the source, recorded in every position
     */
    public static Result parse(String text, int source) {
        return new JsoncParser(text, source).run();
    }

    private Result run() {
        try (JsonParser jsonParser = FACTORY.createParser(text.toCharArray())) {
            parser = jsonParser;
            JsonToken first = parser.nextToken();
            if (first == null) {
                issues.add(Issue.error(new Position(source, 1, 1), "", text.isBlank()
                        ? "the file is empty; write {} for an empty configuration"
                        : "there is no JSON value, only comments; write {} for an empty configuration"));
                return result(null);
            }
            if (first != JsonToken.START_OBJECT) {
                issues.add(Issue.error(here(), "", "expected a JSON object {...} at the top level, got " + describe(first)));
                return result(null);
            }
            ObjectNode root = (ObjectNode) readValue(first, 1, "");
            if (root == null) {
                return result(null);
            }
            JsonToken after = parser.nextToken();
            if (after != null) {
                issues.add(Issue.error(here(), "", "unexpected " + describe(after)
                        + " after the end of the top-level object; a file holds one object"));
            }
            return result(root);
        } catch (JsonProcessingException e) {
            issues.add(Issue.error(positionOf(e.getLocation()), "", translate(e)));
            return result(null);
        } catch (IOException e) {
            // Reading from a char array cannot fail with I/O; anything else is a parse problem.
            issues.add(Issue.error(here(), "", "cannot be parsed: " + firstLine(e.getMessage())));
            return result(null);
        }
    }

    private Result result(ObjectNode root) {
        return new Result(root, issues, new TextSpans(spans));
    }

    /** Reads the value starting at {@code token}; null when reading cannot go on (already reported). */
    private Node readValue(JsonToken token, int depth, String pointer) throws IOException {
        int start = offset();
        Node node = readValueAt(token, depth, pointer);
        if (node != null) {
            int end = node instanceof ObjectNode || node instanceof ArrayNode ? offset() + 1 : scalarEnd(start);
            spans.put(node, new TextSpans.Span(start, end));
        }
        return node;
    }

    private Node readValueAt(JsonToken token, int depth, String pointer) throws IOException {
        Position position = here();
        switch (token) {
            case START_OBJECT:
                return depth > MAX_DEPTH ? tooDeep(position, pointer) : readObject(position, depth, pointer);
            case START_ARRAY:
                return depth > MAX_DEPTH ? tooDeep(position, pointer) : readArray(position, depth, pointer);
            case VALUE_STRING:
                return StringNode.of(position, parser.getText(), (int) parser.currentTokenLocation().getCharOffset());
            case VALUE_NUMBER_INT:
                return new NumberNode(position, parser.getNumberValue());
            case VALUE_NUMBER_FLOAT:
                double number = parser.getDoubleValue();
                if (!Double.isInfinite(number)) {
                    return new NumberNode(position, number);
                }
                try {
                    return new NumberNode(position, parser.getDecimalValue());
                } catch (NumberFormatException e) {
                    issues.add(Issue.error(position, pointer, "the number " + abbreviated(parser.getText())
                            + " is too large for any setting"));
                    return null;
                }
            case VALUE_TRUE:
                return new BooleanNode(position, true);
            case VALUE_FALSE:
                return new BooleanNode(position, false);
            case VALUE_NULL:
                return new NullNode(position);
            default:
                throw new IllegalStateException("unexpected token " + token + " at " + position);
        }
    }

    private Node readObject(Position position, int depth, String pointer) throws IOException {
        open.push(new Open(position, '}'));
        Map<String, ObjectNode.Member> members = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String key = parser.currentName();
            Position keyPosition = here();
            int keyOffset = offset();
            String memberPointer = JsonPointer.append(pointer, key);
            Node value = readValue(parser.nextToken(), depth + 1, memberPointer);
            if (value == null) {
                return null;
            }
            ObjectNode.Member first = members.get(key);
            if (first == null) {
                ObjectNode.Member member = new ObjectNode.Member(key, keyPosition, value);
                spans.put(member, new TextSpans.Span(keyOffset, spans.get(value).end()));
                members.put(key, member);
            } else {
                issues.add(Issue.error(keyPosition, memberPointer, "duplicate key \"" + key + "\" (first defined at "
                        + first.keyPosition().line() + ":" + first.keyPosition().column() + "); keep one of them"));
            }
        }
        open.pop();
        return new ObjectNode(position, members);
    }

    private Node readArray(Position position, int depth, String pointer) throws IOException {
        open.push(new Open(position, ']'));
        List<Node> items = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            Node item = readValue(token, depth + 1, pointer + "/" + items.size());
            if (item == null) {
                return null;
            }
            items.add(item);
        }
        open.pop();
        return new ArrayNode(position, items);
    }

    private Node tooDeep(Position position, String pointer) {
        issues.add(Issue.error(position, pointer, "objects and arrays are nested deeper than " + MAX_DEPTH
                + " levels; a configuration never needs that many"));
        return null;
    }

    /** The character offset where the current token starts. */
    private int offset() {
        return (int) parser.currentTokenLocation().getCharOffset();
    }

    /** Where the string, number or literal starting at {@code start} ends (exclusive). */
    private int scalarEnd(int start) {
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

    private Position here() {
        return positionOf(parser.currentTokenLocation());
    }

    private Position positionOf(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return new Position(source, 1, 1);
        }
        return new Position(source, location.getLineNr(), Math.max(1, location.getColumnNr()));
    }

    private String translate(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Unexpected end-of-input")) {
            if (original.contains("closing quote")) {
                return "unexpected end of input inside a string: the closing \" is missing";
            }
            if (original.contains("comment")) {
                return "unexpected end of input inside a /* comment */: the closing */ is missing";
            }
            Open innermost = open.peek();
            if (innermost != null) {
                return "unexpected end of input: the " + (innermost.closer == '}' ? "object" : "array") + " opened at "
                        + innermost.position.line() + ":" + innermost.position.column() + " is not closed with '"
                        + innermost.closer + "'";
            }
            return "unexpected end of input";
        }
        Matcher unexpected = UNEXPECTED_CHARACTER.matcher(original);
        if (unexpected.find()) {
            String found = unexpected.group(1) != null
                    ? foundCharacter(unexpected.group(1), Integer.parseInt(unexpected.group(2)))
                    : foundCharacter(null, Integer.parseInt(unexpected.group(3)));
            String expectation = unexpected.group(4);
            if (expectation.contains("double-quote to start field name")) {
                return "expected a key in double quotes, found " + found;
            }
            if (expectation.contains("comma to separate Object entries")) {
                return "expected ',' or '}' after a value, found " + found + "; is a comma missing?";
            }
            if (expectation.contains("comma to separate Array entries")) {
                return "expected ',' or ']' after a value, found " + found + "; is a comma missing?";
            }
            if (expectation.contains("colon to separate field name and value")) {
                return "expected ':' after the key, found " + found;
            }
            if (expectation.contains("expected a valid value") || expectation.contains("expected a value")) {
                return "expected a value (a string in double quotes, a number, an object, an array, true, false or null), found "
                        + found;
            }
            if (expectation.contains("maybe a (non-standard) comment")) {
                return "unexpected '/': comments start with // or /*";
            }
            return "unexpected character " + found + ": " + firstLine(expectation);
        }
        Matcher unrecognized = UNRECOGNIZED_TOKEN.matcher(original);
        if (unrecognized.find()) {
            String word = unrecognized.group(1);
            // A bare word this long is likely a pasted key; never echo one whole.
            return "unexpected word \"" + (word.length() < 16 ? word : Secret.mask(word)) + "\": strings must be in double quotes, and only true,"
                    + " false and null are written bare";
        }
        if (original.startsWith("Illegal unquoted character")) {
            return "a line break or control character inside a string must be escaped (\\n, \\t, \\u0000...)";
        }
        if (original.startsWith("Unrecognized character escape")) {
            return "invalid escape sequence in a string; only \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX are allowed";
        }
        if (original.startsWith("Invalid numeric value") || original.contains("Leading zeroes")) {
            return "invalid number: " + firstLine(original);
        }
        if (original.contains("nesting depth")) {
            return "objects and arrays are nested deeper than " + MAX_DEPTH + " levels; a configuration never needs that many";
        }
        return "invalid JSON: " + firstLine(original);
    }

    private static String foundCharacter(String quoted, int code) {
        if (quoted == null || code < 0x20) {
            return String.format("the control character U+%04X", code);
        }
        return "'" + quoted + "'";
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case START_ARRAY:
                return "an array";
            case START_OBJECT:
                return "an object";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return "null";
            default:
                return token.asString() == null ? token.name() : "'" + token.asString() + "'";
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 24 ? text : text.substring(0, 12) + "…" + text.substring(text.length() - 8);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private record Open(Position position, char closer) {
    }
}
