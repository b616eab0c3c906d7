package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowAndReportRenderingTest {
    private static final String KEY = "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef01239f3a";

    @TempDir
    Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
        fixture.env("OPENROUTER_API_KEY", KEY);
        fixture.global("""
                {
                  "model": "openrouter/anthropic/claude-sonnet-4",
                  "provider": {"openrouter": {"options": {"apiKey": "{env:OPENROUTER_API_KEY}"}}}
                }
                """);
        fixture.project("creor.jsonc", """
                {
                  // the project's own choices
                  "agent": {"plan": {"model": "openrouter/openai/o3", "fallbacks": ["openrouter/openai/gpt-4o"]}},
                  "provider": {"openrouter": {"timeout": false, "whitelist": []}}
                }
                """);
    }

    @Test
    void showsTheMergedConfigurationInFirstAppearanceOrderWithSecretsMasked() {
        LoadedConfig loaded = fixture.loaderWithOpenRouter().flag("--model", "/model", "openrouter/openai/gpt-4o").build().load();

        assertThat(loaded.showText(false)).isEqualTo("""
                {
                  "model": "openrouter/openai/gpt-4o",
                  "provider": {
                    "openrouter": {
                      "options": {
                        "apiKey": "sk-or-v1-…9f3a"
                      },
                      "timeout": false,
                      "whitelist": []
                    }
                  },
                  "agent": {
                    "plan": {
                      "model": "openrouter/openai/o3",
                      "fallbacks": ["openrouter/openai/gpt-4o"]
                    }
                  }
                }
                """);
    }

    @Test
    void showsEachValuesOriginAsAComment() {
        LoadedConfig loaded = fixture.loaderWithOpenRouter().flag("--model", "/model", "openrouter/openai/gpt-4o").build().load();

        assertThat(loaded.showText(true)).isEqualTo("""
                {
                  "model": "openrouter/openai/gpt-4o",  // --model (flag)
                  "provider": {
                    "openrouter": {
                      "options": {
                        "apiKey": "sk-or-v1-…9f3a"  // ~/.config/creor/creor.json:3:53 via {env:OPENROUTER_API_KEY}
                      },
                      "timeout": false,  // creor.jsonc:4:42
                      "whitelist": []  // creor.jsonc:4:62
                    }
                  },
                  "agent": {
                    "plan": {
                      "model": "openrouter/openai/o3",  // creor.jsonc:3:31
                      "fallbacks": ["openrouter/openai/gpt-4o"]  // creor.jsonc:3:68
                    }
                  }
                }
                """);
    }

    @Test
    void longArraysAndArraysOfObjectsSpanLinesWithTheOriginOnTheOpeningLine() {
        fixture.env("CREOR_CONFIG_CONTENT", "{\"fallbacks\": [\"openrouter/anthropic/claude-sonnet-4\","
                + " \"openrouter/google/gemini-2.5-flash\", \"openrouter/openai/gpt-4o\"]}");

        String shown = fixture.load().showText(true);

        assertThat(shown).contains("""
                  "fallbacks": [  // CREOR_CONFIG_CONTENT:1:15
                    "openrouter/anthropic/claude-sonnet-4",
                    "openrouter/google/gemini-2.5-flash",
                    "openrouter/openai/gpt-4o"
                  ]
                }
                """);
    }

    @Test
    void showsJsonWithStructuredOrigins() throws Exception {
        JsonNode json = new ObjectMapper().readTree(fixture.load().showJson(true));

        assertThat(json.at("/config/provider/openrouter/options/apiKey").asText()).isEqualTo("sk-or-v1-…9f3a");
        JsonNode origin = json.at("/origins/~1provider~1openrouter~1options~1apiKey");
        assertThat(origin.get("kind").asText()).isEqualTo("env");
        assertThat(origin.get("source").asText()).isEqualTo("~/.config/creor/creor.json");
        assertThat(origin.get("line").asInt()).isEqualTo(3);
        assertThat(origin.get("column").asInt()).isEqualTo(53);
        assertThat(origin.get("substitutions").get(0).asText()).isEqualTo("{env:OPENROUTER_API_KEY}");
        assertThat(new ObjectMapper().readTree(fixture.load().showJson(false)).has("origins")).isFalse();
    }

    @Test
    void rendersAnInvalidReportAsTextAndJson() throws Exception {
        fixture.project("creor.jsonc", "{\n  \"agent\": {\n    \"build\": {\n      \"modle\": \"openrouter/x\"\n    }\n  },\n"
                + "  \"disabled_providers\": [\"openroutr\"]\n}");
        ValidationReport report = fixture.load().report();

        assertThat(report.renderText()).isEqualTo("""
                creor.jsonc:4:7: /agent/build/modle: unknown key "modle" (did you mean "model"?)
                creor.jsonc:7:26: warning: /disabled_providers/0: unknown provider "openroutr" (did you mean "openrouter"?)
                configuration is invalid: 1 error, 1 warning
                """);
        assertThat(report.renderJson()).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(report.renderJson());
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("sources")).hasSize(2);
        assertThat(json.get("sources").get(1).toString()).isEqualTo("{\"kind\":\"project-file\",\"source\":\"creor.jsonc\","
                + "\"path\":\"" + fixture.project.resolve("creor.jsonc") + "\",\"trusted\":true}");
        assertThat(json.get("problems").get(0).toString()).isEqualTo("{\"severity\":\"error\",\"source\":\"creor.jsonc\","
                + "\"line\":4,\"column\":7,\"pointer\":\"/agent/build/modle\",\"message\":\"unknown key \\\"modle\\\" (did you"
                + " mean \\\"model\\\"?)\",\"suggestion\":\"model\"}");
        assertThat(json.get("problems").get(1).get("severity").asText()).isEqualTo("warning");
        assertThat(report.isValid()).isFalse();
    }

    @Test
    void aProblemWithoutPositionRendersNullsInJson() throws Exception {
        fixture.env("CREOR_CONFIG", "nowhere.json");

        JsonNode problem = new ObjectMapper().readTree(fixture.load().report().renderJson()).get("problems").get(0);

        assertThat(problem.get("line").isNull()).isTrue();
        assertThat(problem.get("column").isNull()).isTrue();
        assertThat(problem.get("pointer").asText()).isEmpty();
        assertThat(problem.get("suggestion").isNull()).isTrue();
    }

    @Test
    void aValidReportWithWarningsExitsWithZero() {
        fixture.project("creor.jsonc", "{\"disabled_providers\": [\"acme\"]}");
        ValidationReport report = fixture.load().report();

        assertThat(report.isValid()).isTrue();
        assertThat(report.warnings()).hasSize(1);
        assertThat(report.errors()).isEmpty();
        assertThat(report.renderText()).endsWith("configuration is valid (2 sources checked: ~/.config/creor/creor.json,"
                + " creor.jsonc) with 1 warning\n");
    }

    @Test
    void usingAnInvalidConfigurationThrowsConfigInvalidListingTheProblems() {
        fixture.project("creor.jsonc", "{\"modle\": \"x\", \"colour\": 1}");
        LoadedConfig loaded = fixture.load();

        assertThatThrownBy(loaded::config).isInstanceOfSatisfying(CreorException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(e.getMessage()).isEqualTo("the configuration is invalid:\n"
                    + "  creor.jsonc:1:2: /modle: unknown key \"modle\" (did you mean \"model\"?)\n"
                    + "  creor.jsonc:1:16: /colour: unknown key \"colour\"");
            assertThat(e.hint()).contains("fix the problems listed; `creor config validate` checks the configuration again");
        });
    }

    @Test
    void aValidReportCannotBecomeAnException() {
        assertThatThrownBy(() -> ValidationReport.of(List.of(), List.of()).toException())
                .isInstanceOf(IllegalStateException.class);
    }
}
