package dev.creor.cli;

import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.dripEvery;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.latency;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallAfterChunks;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallBeforeHeaders;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.status;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.textChunks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code creor run} as a real process against the OpenRouter sandbox. */
class RunCommandIT extends SandboxCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private CreorProcess creor() {
        return CreorProcess.inHome(home).in(project).env("OPENROUTER_API_KEY", sandbox.apiKey().reveal());
    }

    /** The line run prints before sending anything, since the sandbox is not OpenRouter's default endpoint. */
    private static String endpointNote() {
        return "creor: OpenRouter requests go to " + sandbox.baseUrl() + " (provider.openrouter.options.baseURL at"
                + " ~/.config/creor/creor.json:4:30), not to its default https://openrouter.ai/api/v1\n";
    }

    /** Standard error without the endpoint note, which every run against the sandbox starts with. */
    private static String diagnostics(CreorProcess.Result result) {
        return result.stderr().replaceFirst(java.util.regex.Pattern.quote(endpointNote()), "");
    }

    private Map<String, Object> lastRequestBody() {
        List<RecordedRequest> chats = sandbox.requests().stream()
                .filter(request -> request.path().endsWith("/chat/completions")).toList();
        assertThat(chats).as("chat requests").isNotEmpty();
        return chats.get(chats.size() - 1).body();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> messages(Map<String, Object> body) {
        return (List<Map<String, Object>>) body.get("messages");
    }

    @Test
    void theEndpointInEffectIsNamedBeforeAnythingIsSentWhenItIsNotTheProvidersDefault() {
        CreorProcess.Result result = creor().run("run", "--json", "--model", "openrouter/openai/gpt-4o", "hello");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).isEqualTo(endpointNote());
    }

    @Test
    void theAnswerStreamsToStdoutAndTheSummaryGoesToStderr() {
        sandbox.script("anthropic/claude-sonnet-4", reply("Streamed in five small words."));

        CreorProcess.Result result = creor().run("run", "--model", "openrouter/anthropic/claude-sonnet-4", "hello");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("Streamed in five small words.\n");
        assertThat(diagnostics(result).lines()).singleElement().asString().matches(
                "openrouter/anthropic/claude-sonnet-4 via Anthropic · \\d+ in / \\d+ out tokens · \\$0\\.\\d+"
                        + " · first token \\d+ ms · total \\d+ ms");
    }

    // Waits are measured, not planned: the first attempt may show one (scheduling), and full jitter may make a
    // back-off round to 0 ms, which goes unmentioned.
    @Test
    void aRetriedOutageShowsTheRouteInTheSummary() {
        sandbox.script("openai/gpt-4o", status(503).times(1), reply("Recovered."));

        CreorProcess.Result result = creor().run("run", "--model", "openrouter/openai/gpt-4o", "hello");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("Recovered.\n");
        assertThat(diagnostics(result)).startsWith("openrouter/openai/gpt-4o via OpenAI · ")
                .containsPattern(" · route: (\\(waited \\d+ ms\\) )?openrouter/openai/gpt-4o FAILED PROVIDER_UNAVAILABLE → (\\(waited \\d+ ms\\) )?"
                        + "openrouter/openai/gpt-4o SUCCEEDED\n$");
    }

    @Test
    void anOutageSurvivedByAFallbackModelShowsTheRoute() {
        CliFixtures.writeConfig(project, """
                {"agent": {"build": {"model": "openrouter/openai/o3", "fallbacks": ["openrouter/openai/gpt-4o-mini"]}}}
                """);
        sandbox.script("openai/o3", status(503));
        sandbox.script("openai/gpt-4o-mini", reply("The fallback answered."));

        CreorProcess.Result result = creor().run("run", "hello");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("The fallback answered.\n");
        assertThat(diagnostics(result)).startsWith("openrouter/openai/gpt-4o-mini via OpenAI · ")
                .containsPattern(" · route: (\\(waited \\d+ ms\\) )?openrouter/openai/o3 SUCCEEDED, answered by its "
                        + "fallback openrouter/openai/gpt-4o-mini\n$");
        assertThat(lastRequestBody()).containsEntry("model", "openai/o3")
                .containsEntry("models", List.of("openai/o3", "openai/gpt-4o-mini"));
    }

    @Test
    void agentModelSystemAndTemperatureReachTheWire() {
        CliFixtures.writeConfig(project, """
                {"agent": {"review": {"model": "openrouter/openai/gpt-4o", "prompt": "You review code.",
                                      "temperature": 0.3, "description": "Reviews diffs"}}}
                """);

        CreorProcess.Result asConfigured = creor().run("run", "--agent", "review", "Is this diff safe?");

        assertThat(asConfigured.exitCode()).as(asConfigured.toString()).isZero();
        Map<String, Object> body = lastRequestBody();
        assertThat(body).containsEntry("model", "openai/gpt-4o").containsEntry("temperature", 0.3);
        assertThat(messages(body)).containsExactly(
                Map.of("role", "system", "content", "You review code."),
                Map.of("role", "user", "content", "Is this diff safe?"));

        CreorProcess.Result overridden = creor().run("run", "--agent", "review", "--model",
                "openrouter/openai/gpt-4o-mini", "--system", "Answer in French.", "--temperature", "1.25", "Bonjour");

        assertThat(overridden.exitCode()).as(overridden.toString()).isZero();
        body = lastRequestBody();
        assertThat(body).containsEntry("model", "openai/gpt-4o-mini").containsEntry("temperature", 1.25);
        assertThat(messages(body)).containsExactly(
                Map.of("role", "system", "content", "Answer in French."),
                Map.of("role", "user", "content", "Bonjour"));
    }

    @Test
    void agentAndModelRequestOptionsReachTheWireAndTheFlagsOverrideThem() {
        CliFixtures.writeConfig(project, """
                {"agent": {"plan": {"model": "openrouter/openai/o3", "temperature": 0.2,
                                    "reasoning": {"maxTokens": 6000}}},
                 "provider": {"openrouter": {"models": {"openai/o3": {"maxTokens": 3000,
                                                                      "reasoning": {"effort": "low", "exclude": true}}}}}}
                """);

        CreorProcess.Result asConfigured = creor().run("run", "--agent", "plan", "Plan the refactoring.");

        assertThat(asConfigured.exitCode()).as(asConfigured.toString()).isZero();
        Map<String, Object> body = lastRequestBody();
        assertThat(body).containsEntry("model", "openai/o3").containsEntry("temperature", 0.2)
                .containsEntry("max_tokens", 3000)
                // The agent's budget replaces the model's effort (OpenRouter refuses both); the model's exclude stays.
                .containsEntry("reasoning", Map.of("max_tokens", 6000, "exclude", true));

        CreorProcess.Result overridden = creor().run("run", "--agent", "plan", "--reasoning-effort", "high",
                "--max-tokens", "500", "--temperature", "0", "Plan it again.");

        assertThat(overridden.exitCode()).as(overridden.toString()).isZero();
        body = lastRequestBody();
        assertThat(body).containsEntry("temperature", 0.0).containsEntry("max_tokens", 500)
                .containsEntry("reasoning", Map.of("effort", "high", "exclude", true));
    }

    @Test
    void aBadReasoningEffortOrMaxTokensExitsWith2BeforeAnythingIsSent() {
        CreorProcess.Result effort = creor().run("run", "--reasoning-effort", "extreme", "hello");
        CreorProcess.Result tokens = creor().run("run", "--max-tokens", "0", "hello");

        assertThat(effort.exitCode()).as(effort.toString()).isEqualTo(2);
        assertThat(effort.stderr()).contains("--reasoning-effort must be one of none, minimal, low, medium, high, xhigh,"
                + " got \"extreme\"");
        assertThat(tokens.exitCode()).as(tokens.toString()).isEqualTo(2);
        assertThat(tokens.stderr()).contains("--max-tokens must be a positive number of tokens, got 0");
        assertThat(sandbox.requests()).noneMatch(request -> request.path().endsWith("/chat/completions"));
    }

    @Test
    void thePromptComesFromTheArgumentFromDashFromPipedInputOrFromBoth() {
        CreorProcess.Result fromArgument = creor().run("run", "from the argument");
        String onlyArgumentPrompt = lastUserMessage();
        CreorProcess.Result both = creor().stdin("at Trace.main(Trace.java:3)\n").run("run", "Explain this stack trace");
        String bothPrompt = lastUserMessage();
        CreorProcess.Result fromDash = creor().stdin("from a dash\n").run("run", "-");
        String fromDashPrompt = lastUserMessage();
        CreorProcess.Result piped = creor().stdin("piped in, «ünïcödé» 🚀").run("run");
        String pipedPrompt = lastUserMessage();
        CreorProcess.Result nothing = creor().run("run");

        assertThat(List.of(fromArgument, both, fromDash, piped)).allSatisfy(
                result -> assertThat(result.exitCode()).as(result.toString()).isZero());
        assertThat(onlyArgumentPrompt).isEqualTo("from the argument");
        assertThat(bothPrompt).isEqualTo("Explain this stack trace\n\nat Trace.main(Trace.java:3)\n");
        assertThat(fromDashPrompt).isEqualTo("from a dash\n");
        assertThat(pipedPrompt).isEqualTo("piped in, «ünïcödé» 🚀");
        assertThat(piped.stdout()).contains("You said: “piped in, «ünïcödé» 🚀”");
        assertThat(nothing.exitCode()).as(nothing.toString()).isEqualTo(2);
        assertThat(diagnostics(nothing)).startsWith("creor: no prompt: give one as an argument, or pipe it in\n  hint: ");
    }

    @Test
    void pipedInputThatIsNotUtf8IsRefusedWithTheOffsetOfTheFirstBadByte() {
        // "café" in Latin-1: the é (0xE9) at offset 3 would have reached the model as U+FFFD.
        CreorProcess.Result latin1 = creor().stdin(new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'}).run("run", "-");

        assertThat(latin1.exitCode()).as(latin1.toString()).isEqualTo(2);
        assertThat(diagnostics(latin1)).startsWith("creor: standard input is not UTF-8: byte 3 (0xE9) cannot start or "
                + "continue a UTF-8 character\n  hint: convert it first");
        assertThat(sandbox.requests()).isEmpty();
    }

    private String lastUserMessage() {
        List<Map<String, Object>> messages = messages(lastRequestBody());
        return (String) messages.get(messages.size() - 1).get("content");
    }

    @Test
    void jsonPrintsOneObjectPerEventAndEndsWithTheCompletion() {
        sandbox.script("anthropic/claude-sonnet-4", reply("one two three"));

        CreorProcess.Result result = creor().run("run", "--json", "--model", "openrouter/anthropic/claude-sonnet-4",
                "count");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(diagnostics(result)).isEmpty();
        List<JsonNode> events = CliFixtures.jsonLines(result.stdout());
        List<JsonNode> texts = events.subList(0, events.size() - 1);
        assertThat(texts).allSatisfy(event -> assertThat(event.get("type").asText()).isEqualTo("text"));
        assertThat(texts.stream().map(event -> event.get("text").asText()).collect(Collectors.joining()))
                .isEqualTo("one two three");
        JsonNode completed = events.get(events.size() - 1);
        assertThat(completed.get("type").asText()).isEqualTo("completed");
        assertThat(completed.get("model").asText()).isEqualTo("openrouter/anthropic/claude-sonnet-4");
        assertThat(completed.get("upstreamProvider").asText()).isEqualTo("Anthropic");
        assertThat(completed.get("finishReason").asText()).isEqualTo("STOP");
        assertThat(completed.get("generationId").asText()).startsWith("gen-");
        assertThat(completed.at("/usage/promptTokens").asInt()).isPositive();
        assertThat(completed.at("/usage/completionTokens").asInt()).isPositive();
        assertThat(completed.get("cost").asText()).matches("0\\.\\d+");
        assertThat(completed.get("timeToFirstTokenMs").asLong()).isNotNegative();
        assertThat(completed.get("totalMs").asLong()).isGreaterThanOrEqualTo(completed.get("timeToFirstTokenMs").asLong());
        assertThat(completed.get("route")).hasSize(1);
        assertThat(completed.at("/route/0/outcome").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aSecondRunReadingThePromptCacheShowsItInTheSummaryAndTheJsonCompletion() {
        String rules = "Rules of the cached agent: " + "keep every method short and name things plainly. ".repeat(40);
        CliFixtures.writeConfig(project, """
                {"agent": {"cached": {"model": "openrouter/anthropic/claude-sonnet-4", "prompt": "%s",
                                      "caching": "auto"}}}
                """.formatted(rules));

        CreorProcess.Result first = creor().run("run", "--agent", "cached", "First question?");
        CreorProcess.Result second = creor().run("run", "--json", "--agent", "cached", "Second question?");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(diagnostics(first)).containsPattern(" \\(0 cached, [1-9]\\d* written to cache");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        List<JsonNode> events = CliFixtures.jsonLines(second.stdout());
        JsonNode completed = events.get(events.size() - 1);
        assertThat(completed.at("/promptCache/cachedTokens").asLong()).isPositive()
                .isEqualTo(completed.at("/usage/cachedTokens").asLong());
        assertThat(completed.at("/promptCache/writtenTokens").asLong())
                .isEqualTo(completed.at("/usage/cacheWriteTokens").asLong(0));
        assertThat(completed.at("/promptCache/savingsUsd")).isEqualTo(completed.at("/usage/cacheSavingsUsd"));
    }

    @Test
    void theTimeToTheFirstTokenEndsWhereTheFirstTokenArrives() {
        // 700 ms before the answer starts, then five chunks 300 ms apart: the first token comes
        // after at least 700 ms, and at least 1,200 ms before the end.
        sandbox.script("anthropic/claude-sonnet-4", textChunks(5).and(latency(Duration.ofMillis(700)))
                .and(dripEvery(Duration.ofMillis(300))));

        CreorProcess.Result result = creor().run("run", "--json", "--model", "openrouter/anthropic/claude-sonnet-4",
                "hello");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JsonNode> events = CliFixtures.jsonLines(result.stdout());
        JsonNode completed = events.get(events.size() - 1);
        long firstToken = completed.get("timeToFirstTokenMs").asLong();
        long total = completed.get("totalMs").asLong();
        assertThat(firstToken).as(completed.toString()).isGreaterThanOrEqualTo(700).isLessThanOrEqualTo(total - 1_200);
    }

    @Test
    void anEndlessOutageFailsWithExitCode1AndShowsTheRoute() {
        sandbox.script("openai/gpt-4o", status(503));

        CreorProcess.Result text = creor().run("run", "--model", "openrouter/openai/gpt-4o", "hello");
        CreorProcess.Result json = creor().run("run", "--json", "--model", "openrouter/openai/gpt-4o", "hello");

        assertThat(text.exitCode()).as(text.toString()).isEqualTo(1);
        assertThat(text.stdout()).isEmpty();
        assertThat(diagnostics(text)).startsWith("creor: OpenRouter answered HTTP 503 for openai/gpt-4o")
                .contains("\n  hint: ")
                .containsPattern("\n  route: (\\(waited \\d+ ms\\) )?openrouter/openai/gpt-4o FAILED PROVIDER_UNAVAILABLE → (\\(waited \\d+ ms\\) )?"
                        + "openrouter/openai/gpt-4o FAILED PROVIDER_UNAVAILABLE → (\\(waited \\d+ ms\\) )?"
                        + "openrouter/openai/gpt-4o FAILED PROVIDER_UNAVAILABLE\n$")
                .doesNotContain("\tat ");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(1);
        JsonNode failed = CliFixtures.jsonLines(json.stdout()).get(0);
        assertThat(failed.get("type").asText()).isEqualTo("failed");
        assertThat(failed.get("code").asText()).isEqualTo("PROVIDER_UNAVAILABLE");
        assertThat(failed.get("httpStatus").asInt()).isEqualTo(503);
        assertThat(failed.get("route")).hasSize(3);
        assertThat(failed.at("/route/2/errorCode").asText()).isEqualTo("PROVIDER_UNAVAILABLE");
    }

    @Test
    void aRejectedKeyExitsWith3() {
        CreorProcess.Result result = creor().env("OPENROUTER_API_KEY", "sk-or-v1-not-the-sandbox-key")
                .run("run", "hello");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.stdout()).isEmpty();
        assertThat(diagnostics(result)).startsWith("creor: OpenRouter answered HTTP 401").contains("\n  hint: ");
    }

    @Test
    void noKeyExitsWith3AndSaysHowToSetOne() {
        CreorProcess.Result result = creor().withoutEnv("OPENROUTER_API_KEY").run("run", "hello");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(diagnostics(result)).isEqualTo("creor: no API key is set for OpenRouter (provider openrouter)\n"
                + "  hint: run `creor auth login openrouter` or save one on the settings page (`creor settings`), "
                + "or set OPENROUTER_API_KEY\n");
        assertThat(sandbox.requests()).noneMatch(request -> request.path().endsWith("/chat/completions"));
    }

    @Test
    void insufficientCreditsExitWith1() {
        sandbox.script("openai/gpt-4o", status(402));

        CreorProcess.Result result = creor().run("run", "--model", "openrouter/openai/gpt-4o", "hello");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(diagnostics(result)).startsWith("creor: OpenRouter answered HTTP 402 for openai/gpt-4o")
                .contains("\n  hint: add credits");
    }

    @Test
    void anInvalidConfigExitsWith2AndNamesFileLineAndColumn() {
        CliFixtures.writeConfig(project, "{\n  \"model\": 5\n}\n");

        CreorProcess.Result result = creor().run("run", "hello");
        CreorProcess.Result json = creor().run("run", "--json", "hello");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(diagnostics(result)).startsWith("creor: the configuration is invalid:\n  creor.json:2:12: /model: ")
                .doesNotContain("\tat ");
        assertThat(json.exitCode()).isEqualTo(2);
        JsonNode failed = CliFixtures.jsonLines(json.stdout()).get(0);
        assertThat(failed.get("type").asText()).isEqualTo("failed");
        assertThat(failed.get("code").asText()).isEqualTo("CONFIG_INVALID");
        assertThat(failed.get("message").asText()).contains("creor.json:2:12");
    }

    @Test
    void anUnknownAgentExitsWith2WithADidYouMean() {
        CreorProcess.Result result = creor().run("run", "--agent", "plna", "hello");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(diagnostics(result)).isEqualTo("creor: unknown agent \"plna\" (did you mean \"plan\"?)\n"
                + "  hint: the agents are build, plan, explore; define more under \"agent\" in creor.json\n");
    }

    @Test
    void anUnknownModelAndABadTemperatureExitWith2() {
        CreorProcess.Result unknownModel = creor().run("run", "--model", "openrouter/openai/gpt-4oo", "hello");
        CreorProcess.Result badTemperature = creor().run("run", "--temperature", "3", "hello");

        assertThat(unknownModel.exitCode()).as(unknownModel.toString()).isEqualTo(2);
        assertThat(diagnostics(unknownModel)).contains("(did you mean \"openai/gpt-4o\" or ");
        assertThat(badTemperature.exitCode()).as(badTemperature.toString()).isEqualTo(2);
        assertThat(diagnostics(badTemperature)).isEqualTo("creor: --temperature must be between 0 and 2, got 3.0\n");
    }

    /** An agent with no system prompt on microsoft/phi-4, whose context window is 16,384 tokens. */
    private void writeBarePhi4Agent() {
        CliFixtures.writeConfig(project, """
                {"agent": {"bare": {"model": "openrouter/microsoft/phi-4"}}}
                """);
    }

    @Test
    void aPromptOverTheModelsContextWindowIsRefusedBeforeSendingWithExitCode2() {
        writeBarePhi4Agent();
        String prompt = "x".repeat(70_000);

        CreorProcess.Result result = creor().stdin(prompt).run("run", "--agent", "bare");
        CreorProcess.Result json = creor().stdin(prompt).run("run", "--json", "--agent", "bare");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(diagnostics(result)).isEqualTo("creor: the prompt is about 17,500 tokens (70,000 characters / 4),"
                + " more than the context window of openrouter/microsoft/phi-4 (16,384 tokens); nothing was sent\n"
                + "  hint: shorten the prompt, or use a model with a larger context window (`creor models` shows each"
                + " model's CONTEXT), for example as a fallback\n");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(2);
        JsonNode failed = CliFixtures.jsonLines(json.stdout()).get(0);
        assertThat(failed.get("code").asText()).isEqualTo("CONTEXT_TOO_LONG");
        assertThat(failed.at("/route/0/outcome").asText()).isEqualTo("SKIPPED");
        assertThat(failed.at("/route/0/errorCode").asText()).isEqualTo("CONTEXT_TOO_LONG");
        assertThat(sandbox.requests()).noneMatch(request -> request.path().endsWith("/chat/completions"));
    }

    @Test
    void aFallbackWithALargerWindowTakesAPromptTooLongForTheModel() {
        CliFixtures.writeConfig(project, """
                {"agent": {"bare": {"model": "openrouter/microsoft/phi-4", "fallbacks": ["openrouter/openai/gpt-4o"]}}}
                """);

        CreorProcess.Result result = creor().stdin("x".repeat(70_000)).run("run", "--agent", "bare");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(diagnostics(result)).containsPattern("route: openrouter/microsoft/phi-4 SKIPPED CONTEXT_TOO_LONG → "
                + "(\\(waited \\d+ ms\\) )?openrouter/openai/gpt-4o SUCCEEDED");
        assertThat(lastRequestBody().get("model")).isEqualTo("openai/gpt-4o");
        assertThat(lastRequestBody()).doesNotContainKey("models");
    }

    @Test
    void theProvidersContextLengthErrorIsTheSameCodeAndExitCode() {
        writeBarePhi4Agent();
        // Exactly 16,384 tokens by Creor's estimate, so it is sent; the sandbox counts the message framing too.
        CreorProcess.Result result = creor().stdin("x".repeat(4 * 16_384)).run("run", "--agent", "bare");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(diagnostics(result)).startsWith("creor: OpenRouter answered HTTP 400 for microsoft/phi-4")
                .contains("maximum context length is 16384 tokens", "\n  hint: shorten the conversation");
        assertThat(sandbox.requests()).filteredOn(request -> request.path().endsWith("/chat/completions")).hasSize(1);
    }

    @Test
    void onATerminalASpinnerWithTheElapsedTimeWaitsForTheFirstTokenAndIsErasedBeforeIt() {
        assumeTrue(CreorProcess.terminalAvailable(), "script(1) from util-linux makes the terminal");
        sandbox.script("openai/gpt-4o", reply("Hi there.").and(latency(Duration.ofMillis(1_500))));

        CreorProcess.Result result = creor().underTerminal().env("TERM", "xterm")
                .run("run", "--model", "openrouter/openai/gpt-4o", "hello");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String screen = result.stdout();
        int spinner = screen.indexOf(" waiting for openrouter/openai/gpt-4o · ");
        int erased = screen.lastIndexOf("\r\u001b[K");
        int answer = screen.indexOf("Hi there.");
        assertThat(spinner).as(screen).isPositive();
        assertThat(screen).containsPattern("\r[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] waiting for openrouter/openai/gpt-4o · 1\\.\\d s");
        assertThat(erased).as("erased after the last frame, before the answer: " + screen).isGreaterThan(spinner)
                .isLessThan(answer);
        assertThat(screen.substring(answer)).doesNotContain("waiting for");
    }

    @Test
    void onATerminalAFailureErasesTheSpinnerBeforeTheError() {
        assumeTrue(CreorProcess.terminalAvailable(), "script(1) from util-linux makes the terminal");
        sandbox.script("openai/gpt-4o", status(402).and(latency(Duration.ofMillis(1_000))));

        CreorProcess.Result result = creor().underTerminal().env("TERM", "xterm")
                .run("run", "--model", "openrouter/openai/gpt-4o", "hello");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        String screen = result.stdout();
        int spinner = screen.lastIndexOf(" waiting for openrouter/openai/gpt-4o · ");
        assertThat(spinner).as(screen).isPositive();
        assertThat(screen.lastIndexOf("\r\u001b[K")).as("erased after the last frame, before the error: " + screen)
                .isGreaterThan(spinner).isLessThan(screen.indexOf("creor: OpenRouter answered HTTP 402"));
    }

    @Test
    void pipedJsonAndDumbTerminalRunsGetNoSpinner() {
        assumeTrue(CreorProcess.terminalAvailable(), "script(1) from util-linux makes the terminal");
        sandbox.script("openai/gpt-4o", reply("Hi there.").and(latency(Duration.ofMillis(1_000))).times(3));

        CreorProcess.Result piped = creor().run("run", "--model", "openrouter/openai/gpt-4o", "hello");
        CreorProcess.Result json = creor().underTerminal().env("TERM", "xterm")
                .run("run", "--json", "--model", "openrouter/openai/gpt-4o", "hello");
        CreorProcess.Result dumb = creor().underTerminal().env("TERM", "dumb")
                .run("run", "--model", "openrouter/openai/gpt-4o", "hello");

        for (CreorProcess.Result result : List.of(piped, json, dumb)) {
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout() + result.stderr()).doesNotContain("waiting for", "\u001b[K", "⠋");
        }
    }

    @Test
    void aModelOutsideTheWhitelistIsRefusedBeforeAnyRequest() {
        CliFixtures.writeConfig(project, """
                {"provider": {"openrouter": {"whitelist": ["openai/*"]}}}
                """);

        CreorProcess.Result result = creor().run("run", "--model", "openrouter/google/gemini-2.5-flash", "hello");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(diagnostics(result)).startsWith("creor: agent \"build\": the model override "
                + "\"openrouter/google/gemini-2.5-flash\" (--model) is not allowed: ").contains("whitelist");
        assertThat(sandbox.requests()).noneMatch(request -> request.path().endsWith("/chat/completions"));
    }

    @Test
    void debugLogsTheHttpExchangesWithTheKeyMasked() {
        String key = sandbox.apiKey().reveal();

        CreorProcess.Result result = creor().run("run", "--debug", "--model", "openrouter/openai/gpt-4o", "hello");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).startsWith("Hello from the Creor sandbox (openai/gpt-4o).");
        assertThat(diagnostics(result))
                .containsPattern("DEBUG dev.creor.provider.kit.transport.HttpExchange: HTTP POST 127.0.0.1:\\d+"
                        + "/api/v1/chat/completions for openai/gpt-4o \\[.*authorization: Bearer sk-or-v1-…"
                        + key.substring(key.length() - 4) + "[,\\]]")
                .contains("HTTP 200 OK for openai/gpt-4o after ")
                .doesNotContain(key.substring(9, 25))
                .endsWith("total " + diagnostics(result).replaceAll("(?s).* · total ", ""));
    }

    @Test
    void ctrlCCancelsTheRequestClosesTheConnectionAndExitsWith130() throws Exception {
        sandbox.script("openai/gpt-4o", textChunks(6).and(stallAfterChunks(2)));

        try (CreorProcess.Running running = creor().launch("run", "--model", "openrouter/openai/gpt-4o", "hello")) {
            running.awaitStdout(text -> !text.isEmpty(), WAIT);
            assumeFalse(running.ignoresInterrupts(),
                    "this test runs in a process that ignores SIGINT (started in the background by a "
                            + "non-interactive shell), so Ctrl-C cannot reach creor");
            assertThat(sandbox.inFlightRequests()).as("the answer is stalled, not over").isEqualTo(1);

            running.interrupt();
            CreorProcess.Result result = running.await(WAIT);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
            assertThat(result.stdout()).isNotEmpty().doesNotEndWith("\n");
            assertThat(diagnostics(result)).isEqualTo("\ncreor: interrupted; the request was cancelled\n");
        }
        sandbox.awaitOpenConnections(0, WAIT);
        assertThat(sandbox.inFlightRequests()).isZero();
    }

    @Test
    void ctrlCWithJsonEndsTheOutputWithACancelledFailure() throws Exception {
        sandbox.script("openai/gpt-4o", textChunks(6).and(stallAfterChunks(2)));

        try (CreorProcess.Running running = creor().launch("run", "--json", "--model", "openrouter/openai/gpt-4o",
                "hello")) {
            running.awaitStdout(text -> text.contains("\"type\":\"text\""), WAIT);
            assumeFalse(running.ignoresInterrupts(), "this test runs in a process that ignores SIGINT");

            running.interrupt();
            CreorProcess.Result result = running.await(WAIT);

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(130);
            List<JsonNode> events = CliFixtures.jsonLines(result.stdout());
            JsonNode last = events.get(events.size() - 1);
            assertThat(last.get("type").asText()).isEqualTo("failed");
            assertThat(last.get("code").asText()).isEqualTo("CANCELLED");
            String streamed = events.stream().filter(event -> event.get("type").asText().equals("text"))
                    .map(event -> event.get("text").asText()).collect(Collectors.joining());
            assertThat(last.get("partialText").asText()).as(last.toString()).isNotEmpty().isEqualTo(streamed);
            assertThat(last.at("/route/0/model").asText()).isEqualTo("openrouter/openai/gpt-4o");
            assertThat(last.at("/route/0/outcome").asText()).isEqualTo("CANCELLED");
        }
        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void theTimeoutLimitsTheWholeRunNotEachOfItsAttempts() throws IOException {
        // Issue 14: three attempts ran 31.8 s under "timeout": 10000. The sandbox is reached through the
        // user's own global config, as a project file may not set baseURL once it is untrusted.
        Files.deleteIfExists(project.resolve("creor.json"));
        Path global = Files.createDirectories(home.resolve(".config/creor")).resolve("creor.json");
        Files.writeString(global, """
                {"provider": {"openrouter": {
                  "options": {"baseURL": "%s"},
                  "timeout": 1500, "chunkTimeout": 30000,
                  "retry": {"maxAttempts": 3, "initialBackoffMs": 10, "maxBackoffMs": 20}}}}
                """.formatted(sandbox.baseUrl()));
        sandbox.script("openai/gpt-4o", stallBeforeHeaders());

        CreorProcess.Result result = creor().run("run", "--model", "openrouter/openai/gpt-4o", "hello");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("creor: total timeout: the request for openrouter/openai/gpt-4o took"
                + " longer than 1.5 s (1 attempt); the limit covers every attempt, retry and fallback")
                .contains("hint: raise provider.openrouter.timeout, or set it to false to remove the limit");
        assertThat(sandbox.requests().stream().filter(request -> request.path().endsWith("/chat/completions")))
                .as("one attempt, not one per retry").hasSize(1);
    }

    @Test
    void anImageGoesWithThePromptAsAnImagePartOfItsOwnType() throws IOException {
        // A PNG named .jpg: the bytes decide the type.
        Files.write(project.resolve("shot.jpg"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2});

        CreorProcess.Result result = creor().run("run", "--model", "openrouter/openai/gpt-4o", "--image", "shot.jpg",
                "What is on the screen?");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<Map<String, Object>> messages = messages(lastRequestBody());
        assertThat(messages.get(messages.size() - 1)).isEqualTo(Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "What is on the screen?"),
                Map.of("type", "image_url", "image_url", Map.of("url", "data:image/png;base64,iVBORw0KGgoBAg==")))));
    }

    @Test
    void aMissingEmptyOrUnsupportedImageIsAUsageErrorBeforeAnythingIsSent() throws IOException {
        Files.writeString(project.resolve("notes.txt"), "not an image");
        Files.write(project.resolve("empty.png"), new byte[0]);
        sandbox.clearRequests();

        CreorProcess.Result missing = creor().run("run", "--image", "nowhere.png", "hi");
        CreorProcess.Result text = creor().run("run", "--image", "notes.txt", "hi");
        CreorProcess.Result empty = creor().run("run", "--image", "empty.png", "hi");

        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.stderr()).contains("creor: --image nowhere.png does not exist (looked for ");
        assertThat(text.exitCode()).as(text.toString()).isEqualTo(2);
        assertThat(text.stderr()).contains("creor: --image notes.txt is not a PNG, JPEG, GIF or WebP image");
        assertThat(empty.exitCode()).as(empty.toString()).isEqualTo(2);
        assertThat(empty.stderr()).contains("creor: --image empty.png is empty");
        assertThat(sandbox.requests()).filteredOn(request -> request.path().endsWith("/chat/completions")).isEmpty();
    }

    @Test
    void aModelThatReadsNoImagesRefusesThePromptWithOpenRoutersReason() throws IOException {
        Files.write(project.resolve("shot.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});

        CreorProcess.Result result = creor().run("run", "--model", "openrouter/deepseek/deepseek-r1", "--image", "shot.png",
                "What is this?");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).contains("support image input");
    }

    @Test
    void jsonEventsCarryTheSignedReasoningAndTheToolCalls() throws IOException {
        sandbox.script("google/gemini-3-pro-preview", SandboxBehaviour.toolCall("read_file", "{\"path\":\"a\"}")
                .and(SandboxBehaviour.reasoning("Reading first.")));

        CreorProcess.Result result = creor().run("run", "--json", "--model", "openrouter/google/gemini-3-pro-preview",
                "read a");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        List<JsonNode> events = CliFixtures.jsonLines(result.stdout());
        assertThat(events).anySatisfy(event -> {
            assertThat(event.get("type").asText()).isEqualTo("tool_call");
            assertThat(event.get("name").asText()).isEqualTo("read_file");
        });
        assertThat(events).filteredOn(event -> event.get("type").asText().equals("reasoning_detail"))
                .extracting(event -> event.at("/detail/type").asText())
                .containsExactly("reasoning.text", "reasoning.encrypted");
        assertThat(events.get(events.size() - 1).get("finishReason").asText()).isEqualTo("TOOL_CALLS");
    }
}
