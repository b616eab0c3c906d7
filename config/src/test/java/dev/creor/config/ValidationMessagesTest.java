package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every class of schema and semantic problem, with its exact message and location. */
class ValidationMessagesTest {
    /** A provider that adds its own keys, uses its own definitions, requires an option and refines a core key. */
    static final String ECHO_FRAGMENT = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "$id": "https://example.com/echo.json",
              "type": "object",
              "additionalProperties": false,
              "definitions": {
                "voice": {"enum": ["loud", "quiet"], "x-expected": "a voice: loud or quiet"}
              },
              "properties": {
                "options": {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["endpoint"],
                  "properties": {
                    "endpoint": {"type": "string"},
                    "apiKey": {"type": "string", "pattern": "^ek-"},
                    "voice": {"$ref": "#/definitions/voice"}
                  }
                },
                "timeout": {"maximum": 60000},
                "echoes": {"type": "integer", "minimum": 1}
              }
            }
            """;

    @TempDir
    Path dir;
    ConfigFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ConfigFixture(dir);
    }

    private List<String> problems(String projectConfig) {
        fixture.project("creor.json", projectConfig);
        return fixture.loader().providerSchemas(Map.of("openrouter", ConfigFixture.OPENROUTER_FRAGMENT, "echo", ECHO_FRAGMENT))
                .build().load().report().problems().stream().map(ConfigProblem::render).toList();
    }

    @Test
    void anUnknownKeyIsLocatedAtTheKeyWithADidYouMean() {
        assertThat(problems("""
                {
                  "agent": {
                    "build": {
                      "modle": "openrouter/anthropic/claude-sonnet-4"
                    }
                  }
                }
                """)).containsExactly("creor.json:4:7: /agent/build/modle: unknown key \"modle\" (did you mean \"model\"?)");
    }

    @Test
    void anUnknownKeyWithNothingCloseHasNoSuggestion() {
        fixture.project("creor.json", "{\"fallback\": [], \"colour\": \"blue\"}");
        ValidationReport report = fixture.load().report();

        assertThat(report.problems()).extracting(ConfigProblem::render).containsExactly(
                "creor.json:1:2: /fallback: unknown key \"fallback\" (did you mean \"fallbacks\"?)",
                "creor.json:1:18: /colour: unknown key \"colour\"");
        assertThat(report.problems()).extracting(problem -> problem.suggestion().orElse("-")).containsExactly("fallbacks", "-");
    }

    @Test
    void anUnknownKeyInSeveralSourcesIsReportedInEach() {
        fixture.global("{\"agent\": {\"build\": {\"modle\": \"openrouter/a/b\"}}}");

        assertThat(problems("{\"agent\": {\"build\": {\"modle\": \"openrouter/c/d\", \"temperature\": 1}}}")).containsExactly(
                "~/.config/creor/creor.json:1:22: /agent/build/modle: unknown key \"modle\" (did you mean \"model\"?)",
                "creor.json:1:22: /agent/build/modle: unknown key \"modle\" (did you mean \"model\"?)");
    }

    @Test
    void aWrongTypeSaysWhatWasExpectedAndWhatWasFound() {
        assertThat(problems("""
                {"agent": {"build": {"temperature": "10s", "maxTokens": 1.5, "disable": "yes", "prompt": 7,
                  "fallbacks": "openrouter/a/b"}}}
                """)).containsExactly(
                "creor.json:1:37: /agent/build/temperature: expected a number, got \"10s\"",
                "creor.json:1:57: /agent/build/maxTokens: expected a whole number, got 1.5",
                "creor.json:1:73: /agent/build/disable: expected true or false, got \"yes\"",
                "creor.json:1:90: /agent/build/prompt: expected a string, got 7",
                "creor.json:2:16: /agent/build/fallbacks: expected an array of model references, got \"openrouter/a/b\"");
    }

    @Test
    void aNumberOutOfRangeNamesTheRange() {
        assertThat(problems("{\"agent\": {\"plan\": {\"temperature\": 3, \"top_p\": -0.5, \"maxTokens\": 0}}}")).containsExactly(
                "creor.json:1:36: /agent/plan/temperature: expected a number from 0 to 2, got 3",
                "creor.json:1:48: /agent/plan/top_p: expected a number from 0 to 1, got -0.5",
                "creor.json:1:67: /agent/plan/maxTokens: expected a whole number from 1 to 2147483647, got 0");
    }

    @Test
    void aTimeoutIsPositiveMillisecondsOrFalse() {
        assertThat(problems("""
                {"provider": {
                  "openrouter": {"timeout": "10s", "chunkTimeout": 0, "connectTimeout": 100000000},
                  "echo": {"timeout": true, "options": {"endpoint": "x"}}
                }}
                """)).containsExactly(
                "creor.json:2:29: /provider/openrouter/timeout: expected a positive whole number of milliseconds, at most"
                        + " 86400000 (one day), or false, got \"10s\"",
                "creor.json:2:52: /provider/openrouter/chunkTimeout: expected a positive whole number of milliseconds, at"
                        + " most 86400000 (one day), got 0",
                "creor.json:2:73: /provider/openrouter/connectTimeout: expected a positive whole number of milliseconds, at"
                        + " most 86400000 (one day), got 100000000",
                "creor.json:3:23: /provider/echo/timeout: expected a positive whole number of milliseconds, at most 86400000"
                        + " (one day), or false, got true");
    }

    @Test
    void aModelReferenceNamesTheExpectedShape() {
        assertThat(problems("{\"model\": \"gpt-4o\", \"agent\": {\"plan\": {\"fallbacks\": [\"openrouter/\", \"a b/c\"]}}}"))
                .containsExactly(
                        "creor.json:1:11: /model: expected a model reference provider/model-id, e.g."
                                + " openrouter/anthropic/claude-sonnet-4, got \"gpt-4o\"",
                        "creor.json:1:54: /agent/plan/fallbacks/0: expected a model reference provider/model-id, e.g."
                                + " openrouter/anthropic/claude-sonnet-4, got \"openrouter/\"",
                        "creor.json:1:69: /agent/plan/fallbacks/1: expected a model reference provider/model-id, e.g."
                                + " openrouter/anthropic/claude-sonnet-4, got \"a b/c\"");
    }

    @Test
    void aModelReferenceToAProviderThatIsNotInstalledIsAnErrorWithASuggestion() {
        assertThat(problems("{\"model\": \"openroutr/anthropic/claude-sonnet-4\", \"fallbacks\": [\"nowhere/x\"]}")).containsExactly(
                "creor.json:1:11: /model: unknown provider \"openroutr\" in model reference"
                        + " \"openroutr/anthropic/claude-sonnet-4\" (did you mean \"openrouter\"?)",
                "creor.json:1:64: /fallbacks/0: unknown provider \"nowhere\" in model reference \"nowhere/x\"; the installed"
                        + " providers are echo, openrouter");
    }

    @Test
    void aSectionForAProviderThatIsNotInstalledIsAnUnknownProvider() {
        assertThat(problems("{\"provider\": {\"openroute\": {}, \"acme\": {}}}")).containsExactly(
                "creor.json:1:15: /provider/openroute: unknown provider \"openroute\" (did you mean \"openrouter\"?)",
                "creor.json:1:32: /provider/acme: unknown provider \"acme\"; the installed providers are echo, openrouter");
    }

    @Test
    void withNoProviderInstalledEverySectionIsUnknown() {
        fixture.project("creor.json", "{\"provider\": {\"openrouter\": {}}, \"model\": \"openrouter/x\"}");

        assertThat(fixture.loader().providerSchemas(Map.of()).build().load().report().problems())
                .extracting(ConfigProblem::render).containsExactly(
                        "creor.json:1:15: /provider/openrouter: unknown provider \"openrouter\"; no provider is installed",
                        "creor.json:1:43: /model: unknown provider \"openrouter\" in model reference \"openrouter/x\"; no"
                                + " provider is installed");
    }

    @Test
    void theCoreSchemaAloneAcceptsAnyProviderAndLeavesItsOptionsToIt() {
        fixture.project("creor.json", "{\"provider\": {\"acme\": {\"options\": {\"anything\": [1]}, \"whitelist\": [\"x/*\"]}},"
                + " \"model\": \"acme/x\"}");

        LoadedConfig loaded = fixture.loader().build().load();

        assertThat(loaded.report().problems()).isEmpty();
        assertThat(loaded.config().provider("acme").orElseThrow().options()).isEqualTo(Map.of("anything", List.of(1)));
    }

    @Test
    void providerListsNamingUnknownProvidersAreWarnings() {
        fixture.project("creor.json", "{\"disabled_providers\": [\"openroutr\"], \"enabled_providers\": [\"echo\", \"acme\"]}");
        LoadedConfig loaded = fixture.loader()
                .providerSchemas(Map.of("openrouter", ConfigFixture.OPENROUTER_FRAGMENT, "echo", ECHO_FRAGMENT)).build().load();

        assertThat(loaded.report().problems()).extracting(ConfigProblem::render).containsExactly(
                "creor.json:1:25: warning: /disabled_providers/0: unknown provider \"openroutr\" (did you mean \"openrouter\"?)",
                "creor.json:1:69: warning: /enabled_providers/1: unknown provider \"acme\"; the installed providers are"
                        + " echo, openrouter");
        assertThat(loaded.isValid()).isTrue();
        assertThat(loaded.report().isValid()).isTrue();
    }

    @Test
    void aProviderFragmentAddsKeysChecksItsOptionsAndRefinesCoreKeys() {
        assertThat(problems("""
                {"provider": {"echo": {
                  "echoes": 0,
                  "timeout": 120000,
                  "whitelist": ["echo/*"],
                  "options": {"voice": "lowd", "apiKey": "wrong-prefix-key-123456", "endpont": "http://x"}
                }}}
                """)).containsExactly(
                "creor.json:2:13: /provider/echo/echoes: expected a whole number at least 1, got 0",
                "creor.json:3:14: /provider/echo/timeout: expected a number at most 60000, got 120000",
                "creor.json:5:14: /provider/echo/options: the required key \"endpoint\" is missing",
                "creor.json:5:24: /provider/echo/options/voice: expected a voice: loud or quiet, got \"lowd\""
                        + " (did you mean \"loud\"?)",
                "creor.json:5:42: /provider/echo/options/apiKey: expected a string matching ^ek-, got \"wrong-…3456\"",
                "creor.json:5:69: /provider/echo/options/endpont: unknown key \"endpont\" (did you mean \"endpoint\"?)");
    }

    @Test
    void anEnumValueGetsADidYouMean() {
        assertThat(problems("{\"provider\": {\"openrouter\": {\"routing\": {\"sort\": \"prise\", \"dataCollection\": \"never\"}}}}"))
                .containsExactly(
                        "creor.json:1:50: /provider/openrouter/routing/sort: expected one of \"price\", \"throughput\","
                                + " \"latency\", got \"prise\" (did you mean \"price\"?)",
                        "creor.json:1:77: /provider/openrouter/routing/dataCollection: expected one of \"allow\", \"deny\","
                                + " got \"never\"");
    }

    @Test
    void aSectionOfTheWrongTypeSaysWhichObjectWasExpected() {
        assertThat(problems("{\"provider\": {\"openrouter\": 5, \"echo\": {\"options\": {\"endpoint\": \"x\"}, \"retry\": []}},"
                + " \"agent\": {\"build\": \"fast\"}}")).containsExactly(
                "creor.json:1:29: /provider/openrouter: expected a provider section object, got 5",
                "creor.json:1:80: /provider/echo/retry: expected a retry object, got an array",
                "creor.json:1:105: /agent/build: expected an agent object, got \"fast\"");
    }

    @Test
    void nullIsReportedOnceWhereItIsWritten() {
        assertThat(problems("{\"model\": null, \"agent\": {\"build\": {\"fallbacks\": [null]}}}")).containsExactly(
                "creor.json:1:11: /model: null is not a valid value here; remove the key to leave it unset",
                "creor.json:1:51: /agent/build/fallbacks/0: null is not a valid value here; remove the key to leave it unset");
    }

    @Test
    void aRepeatedProviderIdPointsAtTheRepetition() {
        assertThat(problems("{\"disabled_providers\": [\"echo\", \"openrouter\", \"echo\"]}")).containsExactly(
                "creor.json:1:47: /disabled_providers/2: \"echo\" appears more than once; it is already item 0");
    }

    @Test
    void aRetryWhoseFirstWaitExceedsTheLongestIsAnError() {
        assertThat(problems("{\"provider\": {\"openrouter\": {\"retry\": {\"initialBackoffMs\": 5000, \"maxBackoffMs\": 1000,"
                + " \"maxAttempts\": 101}}}}")).containsExactly(
                "creor.json:1:60: /provider/openrouter/retry/initialBackoffMs: initialBackoffMs (5000) is greater than"
                        + " maxBackoffMs (1000); the first wait cannot exceed the longest",
                "creor.json:1:103: /provider/openrouter/retry/maxAttempts: expected a whole number from 1 to 100, got 101");
    }

    @Test
    void aFirstWaitLongerThanTheDefaultLongestIsAnErrorWhereItIsWritten() {
        assertThat(problems("{\"provider\": {\"openrouter\": {\"retry\": {\"initialBackoffMs\": 60000}}}}")).containsExactly(
                "creor.json:1:60: /provider/openrouter/retry/initialBackoffMs: initialBackoffMs (60000) is greater than the"
                        + " default maxBackoffMs (30000); the first wait cannot exceed the longest; set maxBackoffMs to at"
                        + " least 60000");
    }

    @Test
    void aLongestWaitShorterThanTheDefaultFirstIsAnErrorWhereItIsWritten() {
        assertThat(problems("{\"provider\": {\"openrouter\": {\"retry\": {\"maxBackoffMs\": 100}}}}")).containsExactly(
                "creor.json:1:56: /provider/openrouter/retry/maxBackoffMs: maxBackoffMs (100) is less than the default"
                        + " initialBackoffMs (500); the first wait cannot exceed the longest; set initialBackoffMs to at"
                        + " most 100");
    }

    @Test
    void aQueueWithoutALimitIsAnError() {
        assertThat(problems("{\"provider\": {\"openrouter\": {\"concurrency\": {\"maxQueued\": 5}}}}")).containsExactly(
                "creor.json:1:59: /provider/openrouter/concurrency/maxQueued: a queue needs a limit: maxQueued has no"
                        + " effect without maxConcurrent; set maxConcurrent, or remove maxQueued");
    }

    @Test
    void anAgentNameNoAgentCanHaveIsAnErrorAtTheName() {
        assertThat(problems("{\"agent\": {\"has space\": {}}}")).containsExactly(
                "creor.json:1:12: /agent/has space: invalid agent name \"has space\": use letters, digits, '_', '.' and"
                        + " '-', starting with a letter or digit");
    }

    @Test
    void everyRoutingProblemIsReportedAtOnce() {
        assertThat(problems("{\"agent\": {\"-x\": {}}, \"provider\": {\"openrouter\": {\"retry\": {\"maxBackoffMs\": 1},"
                + " \"concurrency\": {\"maxQueued\": 1}}}}")).hasSize(3);
    }

    @Test
    void aSettingThatClashesOnlyWithADefaultIsAWarningWhenAFileIsCheckedAlone() {
        Path file = fixture.write(dir.resolve("a/creor.json"),
                "{\"provider\": {\"openrouter\": {\"retry\": {\"initialBackoffMs\": 60000}, \"concurrency\": {\"maxQueued\": 5}}}}");

        ValidationReport report = fixture.loaderWithOpenRouter().build().validateFiles(List.of(file));

        assertThat(report.isValid()).isTrue();
        assertThat(report.problems()).extracting(ConfigProblem::render).containsExactly(
                file + ":1:60: warning: /provider/openrouter/retry/initialBackoffMs: initialBackoffMs (60000) is greater"
                        + " than the default maxBackoffMs (30000); the first wait cannot exceed the longest; set"
                        + " maxBackoffMs to at least 60000 (unless another file sets it)",
                file + ":1:97: warning: /provider/openrouter/concurrency/maxQueued: a queue needs a limit: maxQueued has"
                        + " no effect without maxConcurrent; set maxConcurrent, or remove maxQueued (unless another file"
                        + " sets it)");
    }

    @Test
    void anEmptySecretIsAnError() {
        assertThat(problems("{\"provider\": {\"openrouter\": {\"options\": {\"apiKey\": \"\"}}}}")).containsExactly(
                "creor.json:1:52: /provider/openrouter/options/apiKey: the secret is empty; remove the key to use the"
                        + " credential from the environment or the credential store");
    }

    @Test
    void duplicateKeysAreErrorsWithTheirPointer() {
        assertThat(problems("{\n  \"model\": \"openrouter/a/b\",\n  \"model\": \"openrouter/c/d\"\n}")).containsExactly(
                "creor.json:3:3: /model: duplicate key \"model\" (first defined at 2:3); keep one of them");
    }

    @Test
    void keysWithSlashesAndTildesGetEscapedPointers() {
        assertThat(problems("{\"agent\": {\"a/b~c\": {\"modle\": 1}}}")).containsExactly(
                "creor.json:1:12: /agent/a~1b~0c: invalid agent name \"a/b~c\": use letters, digits, '_', '.' and '-',"
                        + " starting with a letter or digit",
                "creor.json:1:22: /agent/a~1b~0c/modle: unknown key \"modle\" (did you mean \"model\"?)");
    }

    @Test
    void problemsAreOrderedBySourceThenPosition() {
        fixture.env("CREOR_CONFIG_CONTENT", "{\"colour\": 1}");
        fixture.global("{\"shape\": 1,\n \"size\": 2}");

        assertThat(problems("{\"zebra\": 1, \"yak\": 2}")).containsExactly(
                "~/.config/creor/creor.json:1:2: /shape: unknown key \"shape\"",
                "~/.config/creor/creor.json:2:2: /size: unknown key \"size\"",
                "creor.json:1:2: /zebra: unknown key \"zebra\"",
                "creor.json:1:14: /yak: unknown key \"yak\"",
                "CREOR_CONFIG_CONTENT:1:2: /colour: unknown key \"colour\"");
    }

    @Test
    void validatesGivenFilesEachOnItsOwn() {
        Path first = fixture.write(dir.resolve("a/creor.json"), "{\"modle\": \"openrouter/x\"}");
        Path second = fixture.write(dir.resolve("b/creor.jsonc"), "{\"model\": \"openrouter/x\", // fine\n}");
        Path missing = dir.resolve("c/creor.json");

        ValidationReport report = fixture.loaderWithOpenRouter().build().validateFiles(List.of(first, second, missing));

        assertThat(report.sources()).extracting(ConfigSource::kind).containsOnly(ConfigSource.Kind.FILE);
        assertThat(report.problems()).extracting(ConfigProblem::render).containsExactly(
                dir.resolve("a/creor.json") + ":1:2: /modle: unknown key \"modle\" (did you mean \"model\"?)",
                dir.resolve("c/creor.json") + ": the file does not exist");
        assertThat(report.isValid()).isFalse();
    }
}
