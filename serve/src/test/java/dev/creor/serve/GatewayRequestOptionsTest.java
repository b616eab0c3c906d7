package dev.creor.serve;

import static dev.creor.serve.GatewayFixture.MODEL;
import static dev.creor.serve.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request options beyond sampling ({@code tool_choice}, {@code parallel_tool_calls},
 * {@code response_format}, {@code reasoning}, {@code preset}, {@code plugins}) on the wire the
 * provider received, for OpenRouter (the sandbox) and an OpenAI-compatible endpoint (testkit's
 * double), and the fields the gateway refuses with a 400 naming them, before anything is sent.
 */
class GatewayRequestOptionsTest {
    private static final String WEATHER_TOOL = "\"tools\": [{\"type\": \"function\", \"function\": {\"name\":"
            + " \"get_weather\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}}}]";
    private static final String SCHEMA = "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"weather\","
            + " \"strict\": true, \"schema\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}},"
            + " \"required\": [\"city\"]}}}";

    @TempDir
    Path home;

    private static String body(String model, String options) {
        return "{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"Weather?\"}]"
                + options + "}";
    }

    @Test
    void toolChoiceParallelToolCallsAndAJsonSchemaReachOpenRouter() {
        try (GatewayFixture fixture = new GatewayFixture(home)) {
            fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.reply("{\"city\":\"Paris\"}"));

            HttpResponse<String> answer = fixture.send(fixture.post("/v1/chat/completions", body(MODEL, ", " + WEATHER_TOOL
                    + ", \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"get_weather\"}},"
                    + " \"parallel_tool_calls\": false, \"response_format\": " + SCHEMA + ", \"seed\": 7")));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            Map<String, Object> sent = lastChatRequest(fixture).body();
            assertThat(sent).containsEntry("tool_choice", Map.of("type", "function", "function", Map.of("name", "get_weather")))
                    .containsEntry("parallel_tool_calls", false)
                    .containsEntry("seed", 7);
            assertThat(json(lastChatRequest(fixture).rawBody()).path("response_format")).isEqualTo(json(
                    "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"weather\", \"schema\": {\"type\": \"object\","
                            + " \"properties\": {\"city\": {\"type\": \"string\"}}, \"required\": [\"city\"]}, \"strict\": true}}"));
        }
    }

    /** An OpenAI-compatible endpoint gets no raw extras: the options must be the request's own to reach it. */
    @Test
    void toolChoiceParallelToolCallsAndAJsonSchemaReachAnOpenAiCompatibleEndpoint() {
        try (GatewayFixture fixture = GatewayFixture.withOpenAiCompatibleEndpoint(home)) {
            HttpResponse<String> tools = fixture.send(fixture.post("/v1/chat/completions", body("local/tools", ", "
                    + WEATHER_TOOL + ", \"tool_choice\": \"required\", \"parallel_tool_calls\": false, \"seed\": 7")));
            assertThat(tools.statusCode()).as(tools.body()).isEqualTo(200);
            JsonNode toolRequest = json(fixture.local.orElseThrow().lastChatBody());

            HttpResponse<String> structured = fixture.send(fixture.post("/v1/chat/completions", body("local/echo",
                    ", \"response_format\": " + SCHEMA)));
            assertThat(structured.statusCode()).as(structured.body()).isEqualTo(200);
            JsonNode structuredRequest = json(fixture.local.orElseThrow().lastChatBody());

            HttpResponse<String> preset = fixture.send(fixture.post("/v1/chat/completions", body("local/echo",
                    ", \"preset\": \"weather-desk\"")));

            assertThat(toolRequest.path("tool_choice").asText()).isEqualTo("required");
            assertThat(toolRequest.path("seed").asInt()).as("a field Creor has no type for passes through").isEqualTo(7);
            assertThat(toolRequest.path("parallel_tool_calls").isBoolean()).as(toolRequest.toString()).isTrue();
            assertThat(toolRequest.path("parallel_tool_calls").booleanValue()).isFalse();
            assertThat(structuredRequest.path("response_format").path("type").asText()).isEqualTo("json_schema");
            assertThat(structuredRequest.path("response_format").path("json_schema").path("name").asText())
                    .isEqualTo("weather");
            assertThat(structuredRequest.path("response_format").path("json_schema").path("strict").asBoolean()).isTrue();
            assertThat(preset.statusCode()).as("a preset is refused, not dropped: " + preset.body()).isEqualTo(400);
            assertThat(json(preset.body()).path("error").path("message").asText()).contains("preset", "local/echo");
        }
    }

    /**
     * The request's reasoning budget replaces the agent's effort (a request may carry only one;
     * merged as raw JSON, OpenRouter would get both and refuse the request), while the agent's
     * {@code exclude} stays.
     */
    @Test
    void aRequestsReasoningBudgetReplacesTheAgentsEffort() {
        try (GatewayFixture fixture = GatewayFixture.withConfig(home,
                ", \"agent\": {\"thinker\": {\"reasoning\": {\"effort\": \"high\", \"exclude\": true}}}")) {
            HttpResponse<String> agentsOwn = fixture.send(fixture.post("/v1/chat/completions", body("agent/thinker", "")));
            assertThat(agentsOwn.statusCode()).as(agentsOwn.body()).isEqualTo(200);
            Object agentsReasoning = lastChatRequest(fixture).body().get("reasoning");

            HttpResponse<String> refined = fixture.send(fixture.post("/v1/chat/completions", body("agent/thinker",
                    ", \"reasoning\": {\"max_tokens\": 2000}")));
            assertThat(refined.statusCode()).as(refined.body()).isEqualTo(200);
            Object refinedReasoning = lastChatRequest(fixture).body().get("reasoning");

            HttpResponse<String> openAiSpelling = fixture.send(fixture.post("/v1/chat/completions", body("agent/thinker",
                    ", \"reasoning_effort\": \"low\"")));
            assertThat(openAiSpelling.statusCode()).as(openAiSpelling.body()).isEqualTo(200);
            Object openAiReasoning = lastChatRequest(fixture).body().get("reasoning");

            assertThat(agentsReasoning).isEqualTo(Map.of("effort", "high", "exclude", true));
            assertThat(refinedReasoning).isEqualTo(Map.of("max_tokens", 2000, "exclude", true));
            assertThat(openAiReasoning).isEqualTo(Map.of("effort", "low", "exclude", true));
        }
    }

    @Test
    void presetAndPluginsReachOpenRouter() {
        try (GatewayFixture fixture = new GatewayFixture(home)) {
            HttpResponse<String> answer = fixture.send(fixture.post("/v1/chat/completions", body(MODEL,
                    ", \"preset\": \"weather-desk\", \"plugins\": [{\"id\": \"web\", \"max_results\": 3}]")));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            Map<String, Object> sent = lastChatRequest(fixture).body();
            assertThat(sent).containsEntry("preset", "weather-desk")
                    .containsEntry("plugins", List.of(Map.of("id", "web", "max_results", 3)));
        }
    }

    @Test
    void fieldsTheGatewayCannotHonourAreRefusedNamingThemBeforeAnythingIsSent() {
        try (GatewayFixture fixture = new GatewayFixture(home)) {
            Map<String, String> refusals = Map.ofEntries(
                    Map.entry(", " + WEATHER_TOOL + ", \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\":"
                            + " \"get_wether\"}}", "\"tool_choice\" names the tool \"get_wether\""),
                    Map.entry(", \"tool_choice\": \"always\"", "\"tool_choice\" must be"),
                    Map.entry(", \"parallel_tool_calls\": \"no\"", "\"parallel_tool_calls\" must be true or false"),
                    Map.entry(", \"response_format\": {\"type\": \"xml\"}", "\"response_format.type\""),
                    Map.entry(", \"response_format\": {\"type\": \"json_schema\"}", "\"response_format.json_schema\""),
                    Map.entry(", \"reasoning\": {\"effort\": \"high\", \"max_tokens\": 100}", "both \"effort\" and \"max_tokens\""),
                    Map.entry(", \"reasoning\": {\"effort\": \"high\"}, \"reasoning_effort\": \"low\"", "\"reasoning_effort\" and \"reasoning\""),
                    Map.entry(", \"reasoning\": {\"budget\": 100}", "\"reasoning.budget\""),
                    Map.entry(", \"max_tokens\": 10, \"max_completion_tokens\": 20", "\"max_completion_tokens\""),
                    Map.entry(", \"plugins\": [{\"max_results\": 3}]", "\"plugins[0]\""),
                    Map.entry(", \"preset\": \"@preset/x\"", "preset"),
                    Map.entry(", \"provider\": \"OpenAI\"", "\"provider\" must be an object"),
                    Map.entry(", \"functions\": [{\"name\": \"f\"}]", "\"functions\" is OpenAI's deprecated form"),
                    Map.entry(", \"logprobs\": true", "\"logprobs\""),
                    Map.entry(", \"top_logprobs\": 2", "\"top_logprobs\""),
                    Map.entry(", \"audio\": {\"voice\": \"alloy\"}", "\"audio\""),
                    Map.entry(", \"modalities\": [\"text\", \"audio\"]", "\"modalities\""));

            refusals.forEach((options, named) -> {
                HttpResponse<String> answer = fixture.send(fixture.post("/v1/chat/completions", body(MODEL, options)));

                assertThat(answer.statusCode()).as(options + " → " + answer.body()).isEqualTo(400);
                JsonNode error = json(answer.body()).path("error");
                assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
                assertThat(error.path("code").asText()).isEqualTo("INVALID_REQUEST");
                assertThat(error.path("message").asText()).as(options).contains(named);
            });
            assertThat(fixture.sandbox.requests().stream().filter(request -> request.path().endsWith("/chat/completions")))
                    .as("nothing refused goes upstream").isEmpty();
        }
    }

    @Test
    void harmlessFormsOfRefusableFieldsPass() {
        try (GatewayFixture fixture = new GatewayFixture(home)) {
            HttpResponse<String> answer = fixture.send(fixture.post("/v1/chat/completions", body(MODEL,
                    ", \"logprobs\": false, \"modalities\": [\"text\"], \"max_tokens\": 10, \"max_completion_tokens\": 10")));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(lastChatRequest(fixture).body()).containsEntry("max_tokens", 10);
        }
    }

    private static RecordedRequest lastChatRequest(GatewayFixture fixture) {
        List<RecordedRequest> chats = fixture.sandbox.requests().stream()
                .filter(request -> request.path().endsWith("/chat/completions")).toList();
        assertThat(chats).isNotEmpty();
        return chats.get(chats.size() - 1);
    }
}
