package dev.creor.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsoncParserTest {

    private static JsoncParser.Result parse(String text) {
        return JsoncParser.parse(text, 0);
    }

    private static String only(JsoncParser.Result result) {
        assertThat(result.issues()).hasSize(1);
        Issue issue = result.issues().get(0);
        return issue.position().line() + ":" + issue.position().column() + " " + issue.pointer() + " " + issue.message();
    }

    @Test
    void recordsTheCharactersOfEveryValueAndMemberForEditors() {
        String text = "{ // c\n  \"model\": \"a\\\"b\",\n  \"agent\": {\"x\": [1, {}], \"y\": -1.5e3, \"z\": null},\n}";
        JsoncParser.Result result = parse(text);

        assertThat(result.issues()).isEmpty();
        ObjectNode root = result.root();
        ObjectNode agent = (ObjectNode) root.get("agent");
        assertThat(spanned(text, result, root)).isEqualTo(text);
        assertThat(spanned(text, result, root.get("model"))).isEqualTo("\"a\\\"b\"");
        assertThat(spanned(text, result, agent)).isEqualTo("{\"x\": [1, {}], \"y\": -1.5e3, \"z\": null}");
        assertThat(spanned(text, result, agent.get("x"))).isEqualTo("[1, {}]");
        assertThat(spanned(text, result, agent.get("y"))).isEqualTo("-1.5e3");
        assertThat(spanned(text, result, agent.get("z"))).isEqualTo("null");
        TextSpans.Span member = result.spans().of(root.members().get("agent")).orElseThrow();
        assertThat(text.substring(member.start(), member.end())).startsWith("\"agent\": {").endsWith("null}");
        assertThat(JsoncParser.holdsNoValue(" // only a comment\n")).isTrue();
        assertThat(JsoncParser.holdsNoValue("{}")).isFalse();
    }

    private static String spanned(String text, JsoncParser.Result result, Node value) {
        TextSpans.Span span = result.spans().of(value).orElseThrow();
        return text.substring(span.start(), span.end());
    }

    @Test
    void keepsTheLineAndColumnOfEveryValueAndKey() {
        JsoncParser.Result result = parse("{\n  \"model\": \"a/b\",\n  \"agent\": {\"build\": {\"temperature\": 0.5}}\n}");

        assertThat(result.issues()).isEmpty();
        ObjectNode root = result.root();
        assertThat(root.position()).isEqualTo(new Position(0, 1, 1));
        assertThat(root.members().get("model").keyPosition()).isEqualTo(new Position(0, 2, 3));
        assertThat(root.get("model").position()).isEqualTo(new Position(0, 2, 12));
        Node temperature = JsonPointer.resolve(root, List.of("agent", "build", "temperature"));
        assertThat(temperature).isEqualTo(new NumberNode(new Position(0, 3, 38), 0.5));
    }

    @Test
    void acceptsLineAndBlockCommentsAndTrailingCommas() {
        JsoncParser.Result result = parse("""
                // a comment
                {
                  /* block
                     comment */ "fallbacks": ["a/b", "c/d",], // trailing
                  "agent": {"plan": {},},
                }
                """);

        assertThat(result.issues()).isEmpty();
        assertThat(((ArrayNode) result.root().get("fallbacks")).items()).hasSize(2);
        assertThat(result.root().get("fallbacks").position()).isEqualTo(new Position(0, 4, 30));
    }

    @Test
    void reportsEveryDuplicateKeyWithBothPlaces() {
        JsoncParser.Result result = parse("{\n  \"model\": \"a/b\",\n  \"agent\": {\"x\": 1, \"x\": 2},\n  \"model\": \"c/d\"\n}");

        assertThat(result.issues()).extracting(Issue::message)
                .containsExactly("duplicate key \"x\" (first defined at 3:13); keep one of them",
                        "duplicate key \"model\" (first defined at 2:3); keep one of them");
        assertThat(result.issues()).extracting(Issue::pointer).containsExactly("/agent/x", "/model");
        assertThat(result.issues()).extracting(Issue::position)
                .containsExactly(new Position(0, 3, 21), new Position(0, 4, 3));
        assertThat(result.root()).as("a duplicate does not stop reading").isNotNull();
    }

    @Test
    void allowsSixtyFourLevelsOfNestingAndReportsTheSixtyFifthWhereItOpens() {
        String sixtyFour = "{\"a\":".repeat(63) + "{}" + "}".repeat(63);
        assertThat(parse(sixtyFour).issues()).isEmpty();

        String sixtyFive = "{\"a\":".repeat(64) + "[]" + "}".repeat(64);
        JsoncParser.Result result = parse(sixtyFive);
        assertThat(result.root()).isNull();
        assertThat(only(result)).isEqualTo("1:321 " + "/a".repeat(64)
                + " objects and arrays are nested deeper than 64 levels; a configuration never needs that many");
    }

    @Test
    void survivesPathologicalNestingWithoutAStackOverflow() {
        JsoncParser.Result result = parse("[".repeat(200_000));

        assertThat(result.root()).isNull();
        assertThat(result.issues()).isNotEmpty();
    }

    @Test
    void explainsAMissingComma() {
        assertThat(only(parse("{\n  \"model\": \"a/b\"\n  \"fallbacks\": []\n}")))
                .isEqualTo("3:3  expected ',' or '}' after a value, found '\"'; is a comma missing?");
        assertThat(only(parse("{\"fallbacks\": [\"a/b\" \"c/d\"]}")))
                .isEqualTo("1:22  expected ',' or ']' after a value, found '\"'; is a comma missing?");
    }

    @Test
    void explainsAnUnclosedObjectNamingWhereItOpened() {
        assertThat(only(parse("{\n  \"agent\": {\n    \"build\": {}\n}\n")))
                .isEqualTo("5:1  unexpected end of input: the object opened at 1:1 is not closed with '}'");
    }

    @Test
    void explainsUnquotedKeysSingleQuotesAndBareWords() {
        assertThat(only(parse("{model: 1}"))).isEqualTo("1:2  expected a key in double quotes, found 'm'");
        assertThat(only(parse("{\"model\": 'a/b'}")))
                .isEqualTo("1:11  expected a value (a string in double quotes, a number, an object, an array, true,"
                        + " false or null), found '''");
        assertThat(only(parse("{\"model\": gpt}")))
                .isEqualTo("1:11  unexpected word \"gpt\": strings must be in double quotes, and only true, false"
                        + " and null are written bare");
        assertThat(only(parse("{\"model\" 1}"))).isEqualTo("1:10  expected ':' after the key, found '1'");
    }

    @Test
    void neverEchoesALongBareWordWhichIsLikelyAKey() {
        String key = "abcdef0123456789abcdef0123456789abcdef9f3a";
        String message = only(parse("{\"apiKey\": " + key + "}"));

        assertThat(message).doesNotContain(key).contains("\"…9f3a\"");
    }

    @Test
    void explainsUnterminatedStringsCommentsAndRawLineBreaks() {
        assertThat(only(parse("{\"model\": \"a/b"))).endsWith("unexpected end of input inside a string: the closing \" is missing");
        assertThat(only(parse("{\"model\": \"a\nb\"}")))
                .isEqualTo("2:0  a line break or control character inside a string must be escaped (\\n, \\t, \\u0000...)"
                        .replace("2:0", "1:13"));
        assertThat(only(parse("{} /* open"))).endsWith("the closing */ is missing");
    }

    @Test
    void rejectsATopLevelValueThatIsNotAnObject() {
        assertThat(only(parse("[1, 2]"))).isEqualTo("1:1  expected a JSON object {...} at the top level, got an array");
        assertThat(only(parse("  \"text\""))).isEqualTo("1:3  expected a JSON object {...} at the top level, got a string");
    }

    @Test
    void rejectsContentAfterTheTopLevelObject() {
        assertThat(only(parse("{}\n{}"))).isEqualTo("2:1  unexpected an object after the end of the top-level object;"
                + " a file holds one object");
    }

    @Test
    void tellsAnEmptyFileFromOneWithOnlyComments() {
        assertThat(only(parse(""))).isEqualTo("1:1  the file is empty; write {} for an empty configuration");
        assertThat(only(parse("  \n\t"))).isEqualTo("1:1  the file is empty; write {} for an empty configuration");
        assertThat(only(parse("// nothing\n/* here */")))
                .isEqualTo("1:1  there is no JSON value, only comments; write {} for an empty configuration");
    }

    @Test
    void keepsNumbersExactly() {
        ObjectNode root = parse("{\"i\": 7, \"l\": 12345678901, \"b\": 123456789012345678901234567890, \"d\": 0.25,"
                + " \"huge\": 1e999}").root();

        assertThat(((NumberNode) root.get("i")).value()).isEqualTo(7);
        assertThat(((NumberNode) root.get("l")).value()).isEqualTo(12345678901L);
        assertThat(((NumberNode) root.get("b")).value()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(((NumberNode) root.get("d")).value()).isEqualTo(0.25);
        assertThat(((NumberNode) root.get("huge")).value()).isEqualTo(new BigDecimal("1e999"));
    }

    @Test
    void aNumberBeyondEvenBigDecimalIsAProblemNotAnException() {
        JsoncParser.Result result = parse("{\"temperature\": 1e9999999999999999999999999999992}");

        assertThat(only(result)).isEqualTo("1:17 /temperature the number 1e9999999999…99999992 is too large for any setting");
        assertThat(result.root()).isNull();
    }

    @Test
    void recordsWhereEachStringStartsInTheText() {
        String text = "{\"prompt\": \"x\"}";
        StringNode prompt = (StringNode) parse(text).root().get("prompt");

        assertThat(text.charAt(prompt.rawOffset())).isEqualTo('"');
        assertThat(prompt.rawOffset()).isEqualTo(11);
    }
}
