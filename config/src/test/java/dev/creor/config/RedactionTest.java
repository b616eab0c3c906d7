package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A canary key must never appear in any rendering, problem message or toString. */
class RedactionTest {
    private static final String CANARY = "sk-or-v1-canary0canary0canary0canary0canary0canary0canary0c9f3a";
    private static final String CANARY_TAIL = "canary0canary0";

    @TempDir
    Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    private static void assertNoCanary(List<String> texts) {
        for (String text : texts) {
            assertThat(text).doesNotContain(CANARY).doesNotContain(CANARY_TAIL);
        }
    }

    private static List<String> everythingPrinted(LoadedConfig loaded) {
        List<String> texts = new ArrayList<>(List.of(loaded.showText(true), loaded.showText(false), loaded.showJson(true),
                loaded.showJson(false), loaded.report().renderText(), loaded.report().renderJson(),
                loaded.report().toString(), loaded.toString(), loaded.provenance().toString(),
                loaded.provenance().leaves().toString()));
        loaded.report().problems().forEach(problem -> texts.add(problem.toString()));
        if (loaded.isValid()) {
            CreorConfig config = loaded.config();
            texts.add(config.toString());
            texts.add(config.asMap().toString());
            config.providers().values().forEach(provider -> {
                texts.add(provider.toString());
                texts.add(provider.options().toString());
                texts.add(provider.asMap().toString());
            });
        } else {
            try {
                loaded.config();
            } catch (CreorException e) {
                texts.add(e.toString());
                texts.add(e.getMessage());
            }
        }
        return texts;
    }

    @Test
    void aLiteralKeyIsMaskedEverywhere() {
        fixture.project("creor.json", "{\"provider\": {\"openrouter\": {\"options\": {\"apiKey\": \"" + CANARY + "\","
                + " \"headers\": {\"Authorization\": \"Bearer " + CANARY + "\"}}}}}");

        LoadedConfig loaded = fixture.load();

        assertThat(loaded.isValid()).isTrue();
        assertNoCanary(everythingPrinted(loaded));
        assertThat(loaded.showText(false)).contains("\"apiKey\": \"sk-or-v1-…9f3a\"");
        assertThat(loaded.showJson(false)).contains("\"apiKey\":\"sk-or-v1-…9f3a\"").contains("\"Authorization\":\"…9f3a\"");
    }

    @Test
    void theValueOfEveryAgentOrModelHeaderIsMaskedWhateverItsName() {
        // Not shaped like any known key: only the header rule can hide it.
        String opaque = "opaque0session0value0417";
        fixture.project("creor.json", "{\"agent\": {\"build\": {\"headers\": {\"X-Trace\": \"" + opaque + "\"}}},"
                + " \"provider\": {\"openrouter\": {\"models\": {\"openai/o3\": {\"headers\": {\"X-Team\": \"" + opaque
                + "\"}}}}}}");

        LoadedConfig loaded = fixture.load();

        assertThat(loaded.isValid()).as(loaded.report().problems().toString()).isTrue();
        assertThat(everythingPrinted(loaded)).noneMatch(text -> text.contains(opaque));
        assertThat(loaded.showJson(false)).contains("\"X-Trace\":").contains("\"X-Team\":");
        // The request still carries the real value.
        assertThat(loaded.config().agentCatalog().find("build").orElseThrow().options().headers())
                .containsEntry("X-Trace", opaque);
    }

    @Test
    void aSubstitutedKeyIsMaskedEverywhere() {
        fixture.env("OPENROUTER_API_KEY", CANARY);
        fixture.project("key.txt", CANARY + "\n");
        fixture.project("creor.json", "{\"provider\": {\"openrouter\": {\"options\": {\"apiKey\": \"{env:OPENROUTER_API_KEY}\","
                + " \"headers\": {\"x-api-key\": \"{file:key.txt}\"}}}}}");

        LoadedConfig loaded = fixture.load();

        assertThat(loaded.isValid()).isTrue();
        assertNoCanary(everythingPrinted(loaded));
    }

    @Test
    void aKeyInAnInvalidConfigurationIsMaskedInEveryProblem() {
        fixture.env("CREOR_CONFIG_CONTENT", "{\"provider\": {\"openrouter\": {\"options\": {\"apiKey\": 5}}}}");
        fixture.project("creor.json", "{\"provider\": {\"openrouter\": {\"options\": {\"apiKey\": \"" + CANARY + "\","
                + " \"baseURL\": \"" + CANARY + "\"}}}}");
        LoadedConfig loaded = fixture.loader().providerSchemas(Map.of("openrouter",
                "{\"properties\": {\"options\": {\"properties\": {\"apiKey\": {\"type\": \"string\", \"pattern\": \"^x\"},"
                        + " \"baseURL\": {\"type\": \"string\", \"format\": \"uri\", \"maxLength\": 10}}}}}")).build().load();

        assertThat(loaded.isValid()).isFalse();
        assertThat(loaded.report().problems()).extracting(ConfigProblem::message).anySatisfy(message ->
                assertThat(message).startsWith("expected a string of at most 10 characters, got \"sk-or-v1-…9f3a\""));
        assertNoCanary(everythingPrinted(loaded));
    }

    @Test
    void aKeyPastedAsABareWordIsNotEchoedByTheSyntaxError() {
        fixture.project("creor.json", "{\"provider\": {\"openrouter\": {\"options\": {\"apiKey\": canary0canary0canary0c9f3a}}}}");

        LoadedConfig loaded = fixture.load();

        assertThat(loaded.report().problems()).hasSize(1);
        assertNoCanary(everythingPrinted(loaded));
    }

    @Test
    void aKeyUnderAnyProviderIsMaskedEvenWithoutItsSchema() {
        fixture.project("creor.json", "{\"provider\": {\"acme\": {\"options\": {\"token\": \"" + CANARY + "\","
                + " \"nested\": {\"client_secret\": \"" + CANARY + "\", \"password\": [\"" + CANARY + "\"]}}}}}");

        LoadedConfig loaded = fixture.loader().build().load();

        assertThat(loaded.isValid()).isTrue();
        assertNoCanary(everythingPrinted(loaded));
    }

    @Test
    void aKeyPastedIntoFieldsThatHoldNoSecretIsMaskedByItsShape() {
        // Issue 14: a key in the model, in a prompt, in a file read into a prompt, a password in baseURL.
        String password = "hunter2-in-the-url";
        fixture.write(fixture.home.resolve(".local/share/creor/auth.json"),
                "{\"openrouter\": {\"type\": \"api\", \"key\": \"" + CANARY + "\"}}");
        fixture.global("{\"model\": \"openrouter/" + CANARY + "\","
                + " \"agent\": {\"build\": {\"prompt\": \"You are " + CANARY + ", a helper.\"},"
                + " \"plan\": {\"prompt\": \"{file:~/.local/share/creor/auth.json}\"}},"
                + " \"provider\": {\"openrouter\": {\"options\": {\"baseURL\": \"https://ada:" + password
                + "@127.0.0.1:9/api/v1\", \"headers\": {\"X-Forwarded-Auth\": \"Bearer " + CANARY + "\"}}}}}");

        LoadedConfig loaded = fixture.load();

        assertThat(loaded.isValid()).as(loaded.report().renderText()).isTrue();
        // Everything shown; not the option maps a provider is handed, which hold the values as written.
        List<String> printed = new ArrayList<>(List.of(loaded.showText(true), loaded.showText(false),
                loaded.showJson(true), loaded.showJson(false), loaded.report().renderText(),
                loaded.report().renderJson(), loaded.toString(), loaded.config().toString()));
        loaded.config().agents().values().forEach(agent -> printed.add(agent.toString()));
        assertNoCanary(printed);
        assertThat(printed).noneMatch(text -> text.contains(password));
        assertThat(loaded.showText(true)).contains("\"model\": \"openrouter/sk-or-v1-…9f3a\"")
                .contains("\"prompt\": \"You are sk-or-v1-…9f3a, a helper.\"")
                .contains("\"key\\\": \\\"sk-or-v1-…9f3a\\\"")
                .contains("\"baseURL\": \"https://ada:…(18 chars)@127.0.0.1:9/api/v1\"")
                .contains("\"X-Forwarded-Auth\": \"Bearer sk-or-v1-…9f3a\"");
        assertThat(loaded.config().model().orElseThrow().model()).as("the value itself is kept").isEqualTo(CANARY);
    }

    @Test
    void aKeyPastedIntoAFieldIsMaskedInTheProblemThatQuotesIt() {
        fixture.global("{\"model\": \"" + CANARY + "\", \"agent\": {\"build\": {\"temperature\": \"" + CANARY + "\"}},"
                + " \"provider\": {\"openrouter\": {\"options\": {\"baseURL\": \"ftp://ada:hunter2-in-the-url@x\"}}}}");

        LoadedConfig loaded = fixture.load();

        assertThat(loaded.isValid()).isFalse();
        assertThat(loaded.report().problems()).extracting(ConfigProblem::message)
                .anySatisfy(message -> assertThat(message).contains("got \"sk-or-v1-…9f3a\""));
        assertNoCanary(everythingPrinted(loaded));
        assertThat(everythingPrinted(loaded)).noneMatch(text -> text.contains("hunter2-in-the-url"));
    }
}
