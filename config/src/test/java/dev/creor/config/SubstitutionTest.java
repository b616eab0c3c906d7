package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubstitutionTest {
    private static final String KEY = "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef01239f3a";

    @TempDir
    Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    private static List<String> rendered(LoadedConfig loaded) {
        return loaded.report().problems().stream().map(ConfigProblem::render).toList();
    }

    @Test
    void substitutesAnEnvironmentVariableAndKeepsItSecretUnderASecretKey() {
        fixture.env("OPENROUTER_API_KEY", KEY);
        fixture.project("creor.json", """
                {"provider": {"openrouter": {"options": {"apiKey": "{env:OPENROUTER_API_KEY}"}}}}
                """);

        LoadedConfig loaded = fixture.load();

        ProviderConfig openrouter = loaded.config().provider("openrouter").orElseThrow();
        assertThat(openrouter.apiKey()).contains(Secret.of(KEY));
        assertThat(openrouter.options().get("apiKey")).isInstanceOf(Secret.class);
        Origin origin = loaded.provenance().originOf("/provider/openrouter/options/apiKey").orElseThrow();
        assertThat(origin.kind()).isEqualTo(Origin.Kind.ENV);
        assertThat(origin.substitutions()).containsExactly(new Substitution(Substitution.Kind.ENV, "OPENROUTER_API_KEY"));
        assertThat(origin.describe()).isEqualTo("creor.json:1:52 via {env:OPENROUTER_API_KEY}");
    }

    @Test
    void aLiteralValueUnderASecretKeyIsASecretToo() {
        fixture.project("creor.json", "{\"provider\": {\"openrouter\": {\"options\": {\"apiKey\": \"" + KEY
                + "\", \"headers\": {\"X-Api-Key\": \"another-secret-value\", \"X-Title\": \"creor\"}}}}}");

        ProviderConfig openrouter = fixture.load().config().provider("openrouter").orElseThrow();

        assertThat(openrouter.apiKey()).contains(Secret.of(KEY));
        assertThat(openrouter.options().get("headers")).isEqualTo(java.util.Map.of(
                "X-Api-Key", Secret.of("another-secret-value"), "X-Title", "creor"));
    }

    @Test
    void substitutesSeveralReferencesMixedWithText() {
        fixture.env("USER_NAME", "ada");
        fixture.env("PROVIDER", "openrouter");
        fixture.project("greeting.txt", "hello\n");
        fixture.project("creor.json", """
                {
                  "model": "{env:PROVIDER}/openai/gpt-4o",
                  "agent": {"build": {"prompt": "{file:greeting.txt}, {env:USER_NAME}! {file:greeting.txt}"}}
                }
                """);

        LoadedConfig loaded = fixture.load();

        assertThat(loaded.config().model()).contains(ModelRef.parse("openrouter/openai/gpt-4o"));
        assertThat(loaded.config().agent("build").orElseThrow().systemPrompt()).contains("hello, ada! hello");
        Origin origin = loaded.provenance().originOf("/agent/build/prompt").orElseThrow();
        assertThat(origin.kind()).as("not a single variable, so the file it is written in").isEqualTo(Origin.Kind.FILE);
        assertThat(origin.describe())
                .isEqualTo("creor.json:3:33 via {file:greeting.txt}, {env:USER_NAME}, {file:greeting.txt}");
    }

    @Test
    void aFileReferenceIsRelativeToTheFileThatHoldsItAndLosesOneTrailingNewline() {
        fixture.write(fixture.home.resolve(".config/creor/prompts/review.md"), "Review carefully.\n\n");
        fixture.global("{\"agent\": {\"review\": {\"prompt\": \"{file:./prompts/review.md}\"}}}");

        LoadedConfig loaded = fixture.load();

        assertThat(loaded.config().agent("review").orElseThrow().systemPrompt()).contains("Review carefully.\n");
    }

    @Test
    void aFileReferenceExpandsTildeToTheHomeParameterAndAcceptsAbsolutePaths() {
        fixture.write(fixture.home.resolve("prompt.md"), "from home\r\n");
        Path absolute = fixture.write(dir.resolve("abs/prompt.md"), "absolute");
        fixture.project("creor.json", "{\"agent\": {\"a\": {\"prompt\": \"{file:~/prompt.md}\"}, \"b\": {\"prompt\": \"{file:"
                + absolute + "}\"}}}");

        CreorConfig config = fixture.load().config();

        assertThat(config.agent("a").orElseThrow().systemPrompt()).contains("from home");
        assertThat(config.agent("b").orElseThrow().systemPrompt()).contains("absolute");
    }

    @Test
    void inlineContentResolvesFilesAgainstTheWorkingDirectory() {
        fixture.project("p.md", "inline prompt");
        fixture.env("CREOR_CONFIG_CONTENT", "{\"agent\": {\"a\": {\"prompt\": \"{file:p.md}\"}}}");

        assertThat(fixture.load().config().agent("a").orElseThrow().systemPrompt()).contains("inline prompt");
    }

    @Test
    void anUnsetVariableIsAnErrorAtTheReferenceNeverAnEmptyString() {
        fixture.project("creor.json", """
                {
                  "agent": {"build": {"prompt": "caf\\u00e9 {env:MISSING_VAR}"}}
                }
                """);

        LoadedConfig loaded = fixture.load();

        assertThat(loaded.isValid()).isFalse();
        assertThat(rendered(loaded)).containsExactly("creor.json:2:44: /agent/build/prompt: {env:MISSING_VAR}: the environment"
                + " variable MISSING_VAR is not set; set it, or write the value instead of the reference");
    }

    @Test
    void anEmptyVariableCountsAsUnset() {
        fixture.env("EMPTY", "");
        fixture.project("creor.json", "{\"model\": \"{env:EMPTY}\"}");

        assertThat(rendered(fixture.load())).containsExactly("creor.json:1:12: /model: {env:EMPTY}: the environment variable"
                + " EMPTY is not set; set it, or write the value instead of the reference");
    }

    @Test
    void aMissingFileIsAnErrorAtTheReference() {
        fixture.project("creor.json", "{\"agent\": {\"build\": {\"prompt\": \"see {file:prompts/none.md}\"}}}");

        assertThat(rendered(fixture.load())).containsExactly("creor.json:1:37: /agent/build/prompt: {file:prompts/none.md}:"
                + " prompts/none.md: the file does not exist");
    }

    @Test
    void aReferencedDirectoryOrNonUtf8FileIsAnErrorAtTheReference() throws IOException {
        Files.createDirectories(fixture.project.resolve("prompts"));
        Files.write(fixture.project.resolve("bad.md"), new byte[] {'o', 'k', '\n', (byte) 0xC3, '('});
        fixture.project("creor.json", "{\"agent\": {\"a\": {\"prompt\": \"{file:prompts}\"}, \"b\": {\"prompt\": \"{file:bad.md}\"}}}");

        assertThat(rendered(fixture.load())).containsExactly(
                "creor.json:1:29: /agent/a/prompt: {file:prompts}: prompts: this is a directory, not a file",
                "creor.json:1:64: /agent/b/prompt: {file:bad.md}: bad.md: the file is not valid UTF-8: byte 0xC3 at byte"
                        + " offset 3 cannot be decoded; save the file as UTF-8 (at 2:1)");
    }

    @Test
    void malformedReferencesAreErrors() {
        fixture.project("creor.json", "{\"agent\": {\"a\": {\"prompt\": \"{env:NOT-A-NAME}\"}, \"b\": {\"prompt\": \"{file:}\"}}}");

        assertThat(rendered(fixture.load())).containsExactly(
                "creor.json:1:29: /agent/a/prompt: {env:NOT-A-NAME}: \"NOT-A-NAME\" is not an environment variable name"
                        + " (letters, digits and _, not starting with a digit)",
                "creor.json:1:66: /agent/b/prompt: {file:}: the reference names no file");
    }

    @Test
    void textThatOnlyLooksLikeAReferenceStaysAsWritten() {
        fixture.project("creor.json", "{\"agent\": {\"a\": {\"prompt\": \"use {braces} and {env:UNCLOSED and {other:x}\"}}}");

        assertThat(fixture.load().config().agent("a").orElseThrow().systemPrompt())
                .contains("use {braces} and {env:UNCLOSED and {other:x}");
    }

    @Test
    void substitutedTextIsNotSearchedForReferencesAgain() {
        fixture.env("A", "{env:B}");
        fixture.env("B", "surprise");
        fixture.project("creor.json", "{\"agent\": {\"a\": {\"prompt\": \"{env:A}\"}}}");

        assertThat(fixture.load().config().agent("a").orElseThrow().systemPrompt()).contains("{env:B}");
    }

    @Test
    void referencesInArraysAreSubstituted() {
        fixture.env("FALLBACK", "openrouter/openai/gpt-4o");
        fixture.project("creor.json", "{\"fallbacks\": [\"{env:FALLBACK}\"]}");

        assertThat(fixture.load().config().fallbacks()).containsExactly(ModelRef.parse("openrouter/openai/gpt-4o"));
    }

    @Test
    void anUnresolvedValueIsReportedOnceNotAgainBySchemaValidation() {
        fixture.project("creor.json", "{\"model\": \"{env:MODEL}\"}");

        assertThat(rendered(fixture.load())).hasSize(1);
    }

    @Test
    void checkingFilesOnTheirOwnTreatsAnUnsetVariableAsAWarning() {
        Path file = fixture.project("creor.json", "{\"provider\": {\"openrouter\": {\"options\": {\"apiKey\": \"{env:KEY}\"}}},"
                + " \"agent\": {\"a\": {\"prompt\": \"{file:missing.md}\"}}}");

        ValidationReport report = fixture.loaderWithOpenRouter().build().validateFiles(List.of(file));

        assertThat(report.problems()).extracting(ConfigProblem::render).containsExactly(
                "creor.json:1:53: warning: /provider/openrouter/options/apiKey: {env:KEY}: the environment variable KEY is"
                        + " not set; it must be set wherever this file is used",
                "creor.json:1:95: /agent/a/prompt: {file:missing.md}: missing.md: the file does not exist");
    }
}
