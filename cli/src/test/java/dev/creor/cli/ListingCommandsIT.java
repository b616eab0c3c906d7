package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code models}, {@code agents}, {@code providers}, {@code config} and {@code doctor} as real processes. */
class ListingCommandsIT extends SandboxCommandTest {
    /** The SPI version built-in providers speak: this Creor's. */
    private static final String SPI = String.valueOf(dev.creor.spi.ProviderFactory.spiVersion());

    private CreorProcess creor() {
        return CreorProcess.inHome(home).in(project).env("OPENROUTER_API_KEY", sandbox.apiKey().reveal());
    }

    private long modelListRequests() {
        return sandbox.requests().stream().filter(request -> request.path().endsWith("/models")).count();
    }

    /** Every line's cells start where the header's do. */
    private static void assertAligned(String table, String... header) {
        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).startsWith(header[0]);
        for (int column = 1; column < header.length; column++) {
            int start = lines.get(0).indexOf("  " + header[column]) + 2;
            assertThat(start).as("column " + header[column]).isGreaterThan(1);
            for (String line : lines) {
                assertThat(line.length()).as(line).isGreaterThan(start);
                assertThat(line.charAt(start - 1)).as("a gap before column " + header[column] + " in: " + line)
                        .isEqualTo(' ');
                assertThat(line.charAt(start)).as("column " + header[column] + " starts in: " + line)
                        .isNotEqualTo(' ');
            }
        }
    }

    /** Every line's cells in these (number) columns end where the header's do. */
    private static void assertRightAligned(String table, String... header) {
        List<String> lines = table.lines().toList();
        for (String name : header) {
            int end = lines.get(0).indexOf(name) + name.length();
            for (String line : lines) {
                assertThat(line.charAt(end - 1)).as("column " + name + " ends in: " + line).isNotEqualTo(' ');
                assertThat(end == line.length() || line.charAt(end) == ' ').as("column " + name + " ends in: " + line)
                        .isTrue();
            }
        }
    }

    @Test
    void modelsPrintsAnAlignedTableFromTheProvidersCatalog() {
        CreorProcess.Result result = creor().run("models");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).isEmpty();
        assertThat(result.stdout()).startsWith("ID  ");
        assertRightAligned(result.stdout(), "CONTEXT", "MAX OUTPUT", "$/M INPUT", "$/M OUTPUT");
        assertThat(result.stdout().lines())
                .anySatisfy(line -> assertThat(line.split(" {2,}"))
                        .containsExactly("openrouter/anthropic/claude-sonnet-4", "200,000", "64,000", "3", "15"))
                .anySatisfy(line -> assertThat(line.split(" {2,}"))
                        .containsExactly("openrouter/openrouter/auto", "2,000,000", "-", "-", "-"))
                .anySatisfy(line -> assertThat(line).startsWith("openrouter/openrouter/auto "))
                .anySatisfy(line -> assertThat(line).startsWith("openrouter/meta-llama/llama-3.3-70b-instruct:free "));
    }

    @Test
    void modelsHonoursSearchProviderAndTheConfiguredWhitelistAndBlacklist() {
        CliFixtures.writeConfig(project, """
                {"provider": {"openrouter": {
                  "whitelist": ["openai/gpt-4o*", "openai/o3", "anthropic/claude-sonnet-4"], "blacklist": ["openai/o3"]}}}
                """);

        CreorProcess.Result listed = creor().run("models", "--provider", "openrouter");
        CreorProcess.Result searched = creor().run("models", "--search", "SONNET");
        CreorProcess.Result json = creor().run("models", "--json", "--search", "gpt-4o-mini");
        CreorProcess.Result nothing = creor().run("models", "--search", "no-such-model");
        CreorProcess.Result unknownProvider = creor().run("models", "--provider", "openruoter");

        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.stdout().lines().skip(1).map(line -> line.split(" ")[0]))
                .containsExactly("openrouter/anthropic/claude-sonnet-4", "openrouter/openai/gpt-4o",
                        "openrouter/openai/gpt-4o-mini");
        assertThat(searched.stdout().lines().skip(1).map(line -> line.split(" ")[0]))
                .containsExactly("openrouter/anthropic/claude-sonnet-4");
        JsonNode model = CliFixtures.jsonLines(json.stdout()).get(0);
        assertThat(CliFixtures.jsonLines(json.stdout())).hasSize(1);
        assertThat(model.get("id").asText()).isEqualTo("openrouter/openai/gpt-4o-mini");
        assertThat(model.get("provider").asText()).isEqualTo("openrouter");
        assertThat(model.get("model").asText()).isEqualTo("openai/gpt-4o-mini");
        assertThat(model.get("contextLength").asLong()).isEqualTo(128_000);
        assertThat(model.get("maxOutputTokens").asLong()).isEqualTo(16_384);
        assertThat(model.get("inputPricePerMillion").decimalValue()).isEqualByComparingTo("0.15");
        assertThat(model.get("outputPricePerMillion").decimalValue()).isEqualByComparingTo("0.6");
        assertThat(model.get("supportedParameters")).isNotEmpty();
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.stdout()).isEmpty();
        assertThat(nothing.stderr()).isEqualTo("creor: no model matches \"no-such-model\"\n");
        assertThat(unknownProvider.exitCode()).as(unknownProvider.toString()).isEqualTo(2);
        assertThat(unknownProvider.stderr()).startsWith("creor: unknown provider \"openruoter\"");
    }

    @Test
    void modelsUsesTheCachedListUntilRefreshIsAsked() {
        CreorProcess.Result first = creor().run("models");
        long afterFirst = modelListRequests();
        CreorProcess.Result cached = creor().run("models");
        long afterCached = modelListRequests();
        CreorProcess.Result refreshed = creor().run("models", "--refresh");

        assertThat(List.of(first, cached, refreshed)).allSatisfy(result ->
                assertThat(result.exitCode()).as(result.toString()).isZero());
        assertThat(afterFirst).isEqualTo(1);
        assertThat(afterCached).as("the second listing came from the cache").isEqualTo(1);
        assertThat(modelListRequests()).isEqualTo(2);
        assertThat(refreshed.stdout()).isEqualTo(first.stdout());
    }

    @Test
    void agentsShowTheirModelAndWhereItCameFrom() {
        CliFixtures.writeConfig(project, """
                {
                  "model": "openrouter/anthropic/claude-sonnet-4",
                  "agent": {
                    "plan": {"model": "openrouter/openai/o3"},
                    "review": {"model": "openrouter/openai/gpt-4o", "description": "Reviews diffs"}
                  }
                }
                """);

        CreorProcess.Result result = creor().run("agents");
        CreorProcess.Result json = creor().run("agents", "--json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).isEmpty();
        assertAligned(result.stdout(), "NAME", "MODEL", "FROM", "DESCRIPTION");
        assertThat(result.stdout().lines().skip(1).map(line -> List.of(line.split(" {2,}"))))
                .containsExactly(
                        List.of("build", "openrouter/anthropic/claude-sonnet-4", "top-level model (creor.json:2:12)",
                                "Full coding work: reads, edits and checks code (the default agent)."),
                        List.of("plan", "openrouter/openai/o3", "agent.plan.model (creor.json:4:23)",
                                "Analysis and planning: proposes steps and risks, makes no edits."),
                        List.of("explore", "openrouter/anthropic/claude-sonnet-4", "top-level model (creor.json:2:12)",
                                "Fast, cheap look-ups: finds files, symbols and call sites."),
                        List.of("review", "openrouter/openai/gpt-4o", "agent.review.model (creor.json:5:25)",
                                "Reviews diffs"));
        List<JsonNode> agents = CliFixtures.jsonLines(json.stdout());
        assertThat(agents).extracting(agent -> agent.get("name").asText())
                .containsExactly("build", "plan", "explore", "review");
        assertThat(agents.get(3).get("builtIn").asBoolean()).isFalse();
        assertThat(agents.get(3).get("modelSource").asText()).isEqualTo("AGENT");
        assertThat(agents.get(3).get("modelOrigin").asText()).isEqualTo("agent.review.model (creor.json:5:25)");
        assertThat(agents.get(3).get("problems")).isEmpty();
    }

    @Test
    void agentsWithProblemsAreListedAndExitWith2() {
        CliFixtures.writeConfig(project, """
                {
                  "model": "openrouter/openai/gpt-4o",
                  "agent": {"plan": {"model": "openrouter/openai/gpt-4oo"},
                            "explore": {"model": "openrouter/google/gemini-2.5-flash"}},
                  "provider": {"openrouter": {"whitelist": ["openai/*"]}}
                }
                """);

        CreorProcess.Result result = creor().run("agents");
        CreorProcess.Result json = creor().run("agents", "--json");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).contains("plan     openrouter/openai/gpt-4oo ",
                "explore  openrouter/google/gemini-2.5-flash ");
        assertThat(result.stderr().lines()).hasSize(2)
                .anySatisfy(line -> assertThat(line).startsWith("creor: agent \"plan\": ").contains("creor.json:3:",
                        "(did you mean \"openai/gpt-4o\" or "))
                .anySatisfy(line -> assertThat(line).isEqualTo("creor: agent \"explore\": agent.explore.model "
                        + "\"openrouter/google/gemini-2.5-flash\" (creor.json:4:34) is not allowed: "
                        + "\"google/gemini-2.5-flash\" is not on the whitelist [openai/*] of provider.openrouter"));
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(CliFixtures.jsonLines(json.stdout()).get(1).at("/problems/0/code").asText())
                .isEqualTo("CONFIG_INVALID");
        assertThat(CliFixtures.jsonLines(json.stdout()).get(2).at("/problems/0/code").asText())
                .isEqualTo("MODEL_NOT_ALLOWED");
    }

    @Test
    void providersListTheBuiltInProviderAndItsCredential() {
        CreorProcess.Result result = creor().run("providers");
        CreorProcess.Result json = creor().run("providers", "--json");
        CreorProcess.Result withoutKey = creor().withoutEnv("OPENROUTER_API_KEY").run("providers");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).isEmpty();
        assertAligned(result.stdout(), "ID", "NAME", "ORIGIN", "SPI", "STATUS", "CREDENTIAL");
        assertThat(result.stdout().lines().skip(1).map(line -> List.of(line.split(" {2,}")))).containsExactly(
                List.of("openai-compatible", "OpenAI-compatible", "built-in", SPI, "not configured", "-"),
                List.of("openrouter", "OpenRouter", "built-in", SPI, "enabled",
                        "environment variable OPENROUTER_API_KEY (sk-or-v1-…a2e7)"));
        JsonNode provider = CliFixtures.jsonLines(json.stdout()).get(1);
        assertThat(provider.get("id").asText()).isEqualTo("openrouter");
        assertThat(provider.get("origin").asText()).isEqualTo("built-in");
        assertThat(provider.get("spiVersion").asText()).isEqualTo(SPI);
        assertThat(provider.get("status").asText()).isEqualTo("enabled");
        assertThat(withoutKey.stdout().lines().map(line -> List.of(line.split(" {2,}"))))
                .contains(List.of("openrouter", "OpenRouter", "built-in", SPI, "enabled", "missing"));
    }

    @Test
    void configValidateChecksTheMergedConfigOrTheGivenFiles() throws IOException {
        Path good = Files.writeString(project.resolve("good.jsonc"), "{\n  // fine\n  \"model\": \"openrouter/openai/o3\",\n}\n");
        Path bad = Files.writeString(project.resolve("bad.json"), "{\n  \"modle\": \"openrouter/openai/o3\"\n}\n");

        CreorProcess.Result merged = creor().env("CREOR_CONFIG_CONTENT", "{\"model\": \"openrouter/openai/gpt-4o\"}")
                .run("config", "validate");
        CreorProcess.Result goodFile = creor().run("config", "validate", good.toString());
        CreorProcess.Result both = creor().run("config", "validate", "good.jsonc", "bad.json");
        CreorProcess.Result json = creor().run("config", "validate", "--json", "bad.json");

        assertThat(merged.exitCode()).as(merged.toString()).isZero();
        assertThat(merged.stdout()).isEqualTo("configuration is valid (2 sources checked: ~/.config/creor/creor.json,"
                + " CREOR_CONFIG_CONTENT)\n");
        assertThat(goodFile.exitCode()).as(goodFile.toString()).isZero();
        assertThat(both.exitCode()).as(both.toString()).isEqualTo(2);
        assertThat(both.stdout()).contains("bad.json:2:3: /modle: unknown key \"modle\" (did you mean \"model\"?)");
        assertThat(json.exitCode()).isEqualTo(2);
        JsonNode report = CliFixtures.json(json.stdout());
        assertThat(report.get("valid").asBoolean()).isFalse();
        assertThat(report.at("/problems/0/line").asInt()).isEqualTo(2);
        assertThat(report.at("/problems/0/column").asInt()).isEqualTo(3);
        assertThat(report.at("/problems/0/pointer").asText()).isEqualTo("/modle");
        assertThat(report.at("/problems/0/suggestion").asText()).isEqualTo("model");
    }

    @Test
    void configValidateReportsEveryRuleTheRuntimeWouldRefuseAtOnce() throws IOException {
        // Each of these once passed validation and failed only when a runtime was built. A home
        // of its own: the shared one's global config sets both back-offs.
        Path ownHome = Files.createDirectories(project.resolve("own-home"));
        CliFixtures.writeConfig(project, """
                {
                  "agent": {"has space": {}},
                  "provider": {"openrouter": {
                    "retry": {"initialBackoffMs": 60000},
                    "concurrency": {"maxQueued": 10}
                  }}
                }
                """);

        CreorProcess.Result result = CreorProcess.inHome(ownHome).in(project).run("config", "validate");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).contains(
                "creor.json:2:13: /agent/has space: invalid agent name \"has space\"",
                "creor.json:4:35: /provider/openrouter/retry/initialBackoffMs: initialBackoffMs (60000) is greater than"
                        + " the default maxBackoffMs (30000)",
                "creor.json:5:34: /provider/openrouter/concurrency/maxQueued: a queue needs a limit",
                "configuration is invalid: 3 errors");
    }

    @Test
    void configShowPrintsTheMergedConfigWithOriginsAndSecretsMasked() {
        String key = sandbox.apiKey().reveal();
        CliFixtures.writeGlobalConfig(home, """
                {"provider": {"openrouter": {"options": {"baseURL": "%s", "apiKey": "%s"}}}}
                """.formatted(sandbox.baseUrl(), key));
        CliFixtures.writeConfig(project, """
                {
                  "model": "openrouter/openai/gpt-4o"
                }
                """);

        CreorProcess.Result plain = creor().run("config", "show");
        CreorProcess.Result origin = creor().run("config", "show", "--origin");
        CreorProcess.Result json = creor().run("config", "show", "--json", "--origin");

        assertThat(List.of(plain, origin, json)).allSatisfy(result -> {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).doesNotContain(key.substring(9, 30)).contains("sk-or-v1-…a2e7");
        });
        assertThat(plain.stdout()).contains("\"model\": \"openrouter/openai/gpt-4o\"").doesNotContain("  // ");
        assertThat(origin.stdout()).contains("\"model\": \"openrouter/openai/gpt-4o\"  // creor.json:2:12 (untrusted)");
        assertThat(plain.stderr()).isEqualTo("creor: creor.json is a project file that is not trusted: keys that decide"
                + " where requests go or what they carry, and {env:}/{file:} references, are refused from it"
                + " (`creor trust` trusts its folder)\n");
        JsonNode shown = CliFixtures.json(json.stdout());
        assertThat(shown.at("/config/model").asText()).isEqualTo("openrouter/openai/gpt-4o");
        assertThat(shown.at("/origins/~1model/description").asText()).isEqualTo("creor.json:2:12");
    }

    @Test
    void anInvalidConfigIsStillShownAndListedWithTheProblemsOnStderr() {
        CliFixtures.writeConfig(project, "{\n  \"model\": 5\n}\n");

        CreorProcess.Result result = creor().run("config", "show");
        CreorProcess.Result providers = creor().run("providers");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).contains("\"model\": 5");
        assertThat(result.stderr()).startsWith("creor.json:2:12: /model: ");
        assertThat(providers.exitCode()).as(providers.toString()).isEqualTo(2);
        assertThat(providers.stdout().lines().map(line -> List.of(line.split(" {2,}"))))
                .contains(List.of("openrouter", "OpenRouter", "built-in", SPI, "unknown (config invalid)", "-"));
        assertThat(providers.stderr())
                .isEqualTo("creor: error: the configuration is invalid; `creor config validate` lists why\n");
    }

    @Test
    void doctorReportsAHealthySetupWithTheKeysLimits() {
        CreorProcess.Result result = creor().run("doctor");
        CreorProcess.Result json = creor().run("doctor", "--json");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).isEmpty();
        assertThat(result.stdout()).isEqualTo("""
                ok   config      valid (~/.config/creor/creor.json)
                ok   openrouter  OpenRouter requests go to %s (provider.openrouter.options.baseURL at \
                ~/.config/creor/creor.json:4:30), not to its default https://openrouter.ai/api/v1
                ok   openrouter  key sk-or-v1-…a2e7 from environment variable OPENROUTER_API_KEY
                ok   openrouter  key accepted, label "sk-or-v1-…a2e7", limit $25, remaining $25, used $0
                """.formatted(sandbox.baseUrl()));
        assertThat(CliFixtures.jsonLines(json.stdout())).allSatisfy(check ->
                assertThat(check.get("status").asText()).isEqualTo("ok"));
    }

    @Test
    void doctorWithoutAKeyFailsWithExitCode3AndTheFix() {
        CreorProcess.Result result = creor().withoutEnv("OPENROUTER_API_KEY").run("doctor");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stdout()).contains("""
                fail openrouter  no key
                                 fix: run `creor auth login openrouter` or save one on the settings page \
                (`creor settings`), or set OPENROUTER_API_KEY
                ok   openrouter  reachable; it offers""");
    }

    @Test
    void doctorReportsAnUnreachableProviderOnce() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CliFixtures.writeGlobalConfig(home, """
                {"provider": {"openrouter": {"options": {"baseURL": "http://127.0.0.1:%d/api/v1"}}}}
                """.formatted(closedPort));

        CreorProcess.Result result = creor().run("doctor");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout().lines().filter(line -> line.startsWith("fail"))).singleElement().asString()
                .startsWith("fail openrouter  not reachable: could not connect to OpenRouter at 127.0.0.1:" + closedPort);
        assertThat(result.stdout()).contains("fix: check your network connection and provider.openrouter.options.baseURL");
    }

    @Test
    void doctorReportsAnInvalidConfigWithExitCode2() {
        CliFixtures.writeConfig(project, "{\n  \"agentt\": {}\n}\n");

        CreorProcess.Result result = creor().run("doctor");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).startsWith("fail config  creor.json:2:3: /agentt: unknown key \"agentt\" "
                + "(did you mean \"agent\"?)\n             fix: ");
    }

    /** The agents of agentsWithProblemsAreListedAndExitWith2: a misspelt model and one outside the whitelist. */
    private static final String BROKEN_AGENTS = """
            {
              "model": "openrouter/openai/gpt-4o",
              "agent": {"plan": {"model": "openrouter/openai/gpt-4oo"},
                        "explore": {"model": "openrouter/google/gemini-2.5-flash"}},
              "provider": {"openrouter": {"whitelist": ["openai/*"]}}
            }
            """;

    @Test
    void configValidateReportsTheAgentsProblemsOfflineWithFileAndLine() {
        CliFixtures.writeConfig(project, BROKEN_AGENTS);

        // A fresh home: no cached model list, so validate checks against the bundled one.
        CreorProcess.Result result = creor().run("config", "validate");
        CreorProcess.Result json = creor().run("config", "validate", "--json");
        assertThat(sandbox.requests()).as("validate sends nothing, the model list included").isEmpty();
        CreorProcess.Result agents = creor().run("agents");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        List<String> lines = result.stdout().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("agent \"plan\": agent.plan.model \"openrouter/openai/gpt-4oo\""
                + " (creor.json:3:31) is not a model openrouter offers (did you mean \"openai/gpt-4o\"");
        assertThat(lines.get(1)).isEqualTo("agent \"explore\": agent.explore.model"
                + " \"openrouter/google/gemini-2.5-flash\" (creor.json:4:34) is not allowed: \"google/gemini-2.5-flash\""
                + " is not on the whitelist [openai/*] of provider.openrouter");
        assertThat(lines.get(2)).isEqualTo("configuration is invalid: 2 problems with the agents' models");
        // The verdicts `creor agents` prints (its did-you-mean comes from the sandbox's list): one check, not two.
        assertThat(agents.stderr().lines().map(line -> line.substring("creor: ".length())))
                .containsExactly(lines.get(0).replaceFirst("offers .*", "offers") + agents.stderr().lines()
                        .findFirst().orElseThrow().replaceFirst(".* offers", ""), lines.get(1));
        assertThat(json.exitCode()).isEqualTo(2);
        JsonNode report = CliFixtures.json(json.stdout());
        assertThat(report.get("valid").asBoolean()).isFalse();
        assertThat(report.at("/agentProblems/0/agent").asText()).isEqualTo("plan");
        assertThat(report.at("/agentProblems/0/code").asText()).isEqualTo("CONFIG_INVALID");
        assertThat(report.at("/agentProblems/1/code").asText()).isEqualTo("MODEL_NOT_ALLOWED");
    }

    @Test
    void configValidateChecksAgentsAgainstTheBundledListWhenNoProviderCanBeReached() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CliFixtures.writeGlobalConfig(home, """
                {"provider": {"openrouter": {"options": {"baseURL": "http://127.0.0.1:%d/api/v1"}}}}
                """.formatted(closedPort));
        CliFixtures.writeConfig(project, BROKEN_AGENTS);

        CreorProcess.Result result = creor().run("config", "validate");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).contains("(creor.json:3:31) is not a model openrouter offers",
                "(creor.json:4:34) is not allowed", "configuration is invalid: 2 problems with the agents' models");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void doctorFailsOnTheAgentsProblemsWithExitCode2() {
        CliFixtures.writeConfig(project, BROKEN_AGENTS);

        CreorProcess.Result result = creor().run("doctor");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).contains(
                "fail agents      agent \"plan\": agent.plan.model \"openrouter/openai/gpt-4oo\" (creor.json:3:31) is not"
                        + " a model openrouter offers",
                "fail agents      agent \"explore\": agent.explore.model \"openrouter/google/gemini-2.5-flash\""
                        + " (creor.json:4:34) is not allowed",
                "fix: change agent.explore.model to a model the provider's whitelist and blacklist allow",
                "fix: correct the model in the config (`creor models` lists them), then run creor config validate");
    }
}
