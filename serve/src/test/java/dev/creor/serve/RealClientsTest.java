package dev.creor.serve;

import static dev.creor.serve.GatewayFixture.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway driven by clients no one here wrote, under node: the official {@code openai}
 * package and Vercel's AI SDK with {@code @ai-sdk/openai-compatible} (versions pinned in
 * {@code src/test/clients/package-lock.json}), with the sandbox upstream.
 */
class RealClientsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String WEATHER = "{\"city\":\"Paris\"}";

    @TempDir
    Path home;

    private GatewayFixture fixture;

    @BeforeEach
    void start() {
        fixture = new GatewayFixture(home);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private JsonNode run(String scenario, String model) {
        return NodeClients.run(scenario, fixture.base, GatewayFixture.TOKEN, model).result();
    }

    // ---------------------------------------------------------------- openai

    @Test
    void openaiListsTheAgentsAndModels() {
        JsonNode result = run("openai-list", MODEL);

        assertThat(NodeClients.texts(result.path("ids"))).contains("agent/build", MODEL, GatewayFixture.OTHER_MODEL);
    }

    @Test
    void openaiChats() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.reply("Hello from the sandbox"));

        JsonNode result = run("openai-chat", MODEL);

        assertThat(result.path("content").asText()).isEqualTo("Hello from the sandbox");
        assertThat(result.path("finish").asText()).isEqualTo("stop");
        assertThat(result.path("model").asText()).isEqualTo(MODEL);
        assertThat(result.path("usage").path("cost").isNumber()).as(result.toString()).isTrue();
        assertThat(result.path("route").path("attempts").get(0).path("outcome").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void openaiStreams() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.textChunks(6));

        JsonNode result = run("openai-stream", MODEL);

        assertThat(result.path("text").asText()).isNotEmpty();
        assertThat(result.path("chunks").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(result.path("finish").asText()).isEqualTo("stop");
        assertThat(result.path("usage").path("total_tokens").asLong()).isPositive();
    }

    @Test
    void openaiRunsAToolCallLoop() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.toolCall("get_weather", WEATHER),
                SandboxBehaviour.reply("It is sunny in Paris"));

        JsonNode result = run("openai-tools", MODEL);

        assertThat(result.path("firstFinish").asText()).isEqualTo("tool_calls");
        assertThat(result.path("call").path("name").asText()).isEqualTo("get_weather");
        assertThat(result.path("call").path("arguments").asText()).isEqualTo(WEATHER);
        assertThat(result.path("answer").asText()).isEqualTo("It is sunny in Paris");
        String second = lastChatRequest().rawBody();
        assertThat(second).as("the tool's result went upstream with its call id")
                .contains("\"role\":\"tool\"", "\"tool_call_id\":\"" + result.path("call").path("id").asText() + "\"",
                        "sunny");
    }

    @Test
    void openaiSendsToolChoiceParallelToolCallsAndAJsonSchemaThroughTheGateway() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.toolCall("get_weather", WEATHER),
                SandboxBehaviour.reply(WEATHER));

        JsonNode result = run("openai-options", MODEL);

        assertThat(result.path("call").asText()).isEqualTo("get_weather");
        assertThat(result.path("json").path("city").asText()).isEqualTo("Paris");
        List<RecordedRequest> chats = chatRequests();
        JsonNode toolTurn = GatewayFixture.json(chats.get(chats.size() - 2).rawBody());
        JsonNode schemaTurn = GatewayFixture.json(chats.get(chats.size() - 1).rawBody());
        assertThat(toolTurn.path("tool_choice")).isEqualTo(GatewayFixture.json(
                "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"));
        assertThat(toolTurn.path("parallel_tool_calls").isBoolean()).as(toolTurn.toString()).isTrue();
        assertThat(toolTurn.path("parallel_tool_calls").booleanValue()).isFalse();
        assertThat(schemaTurn.path("response_format").path("type").asText()).isEqualTo("json_schema");
        assertThat(schemaTurn.path("response_format").path("json_schema").path("name").asText()).isEqualTo("weather");
        assertThat(schemaTurn.path("response_format").path("json_schema").path("strict").asBoolean()).isTrue();
        assertThat(schemaTurn.path("response_format").path("json_schema").path("schema").path("required").get(0).asText())
                .isEqualTo("city");
    }

    @Test
    void openaiAbortingMidStreamCancelsTheUpstreamRequest() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.stallAfterChunks(2));

        JsonNode result = run("openai-abort", MODEL);

        assertThat(result.path("aborted").asBoolean()).isTrue();
        assertThat(result.path("text").asText()).isNotEmpty();
        fixture.sandbox.awaitOpenConnections(0, WAIT);
        assertThat(fixture.sandbox.inFlightRequests()).isZero();
        fixture.awaitGatewayIdle(WAIT);
    }

    @Test
    void openaiRaisesAFailureMidStream() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.midStreamError(2, "server_error"));

        JsonNode result = run("openai-midstream-error", MODEL);

        assertThat(result.path("failed").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.path("text").asText()).isNotEmpty();
        assertThat(result.path("message").asText()).isNotBlank();
    }

    @Test
    void openaiGets401ForAWrongToken() {
        JsonNode result = run("openai-wrong-token", MODEL);

        assertThat(result.path("failed").asBoolean()).isTrue();
        assertThat(result.path("status").asInt()).isEqualTo(401);
        assertThat(result.path("name").asText()).isEqualTo("AuthenticationError");
    }

    @Test
    void openaiGets404WithDidYouMeanForAnUnknownModel() {
        JsonNode result = run("openai-unknown-model", "openrouter/openai/gpt-5-mnii");

        assertThat(result.path("status").asInt()).isEqualTo(404);
        assertThat(result.path("name").asText()).isEqualTo("NotFoundError");
        assertThat(result.path("message").asText()).contains("did you mean \"" + MODEL + "\"");
    }

    // ---------------------------------------------------------------- Vercel AI SDK

    @Test
    void aiSdkGeneratesText() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.reply("Hello from the sandbox"));

        JsonNode result = run("ai-generate", "agent/build");

        assertThat(result.path("text").asText()).isEqualTo("Hello from the sandbox");
        assertThat(result.path("finishReason").asText()).isEqualTo("stop");
        assertThat(result.path("usage").path("totalTokens").asLong()).isPositive();
        assertThat(result.path("modelId").asText()).isEqualTo(MODEL);
    }

    @Test
    void aiSdkStreamsText() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.textChunks(6));

        JsonNode result = run("ai-stream", MODEL);

        assertThat(result.path("text").asText()).isNotEmpty();
        assertThat(result.path("deltas").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(result.path("finishReason").asText()).isEqualTo("stop");
        assertThat(result.path("usage").path("totalTokens").asLong()).isPositive();
    }

    @Test
    void aiSdkRunsAToolCallLoop() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.toolCall("get_weather", WEATHER),
                SandboxBehaviour.reply("It is sunny in Paris"));

        JsonNode result = run("ai-tools", MODEL);

        assertThat(result.path("calls").get(0).path("city").asText()).isEqualTo("Paris");
        assertThat(result.path("steps").asInt()).isEqualTo(2);
        assertThat(result.path("text").asText()).isEqualTo("It is sunny in Paris");
        assertThat(lastChatRequest().rawBody()).contains("\"role\":\"tool\"", "sunny");
    }

    @Test
    void aiSdkSendsToolChoiceParallelToolCallsAndAJsonSchemaThroughTheGateway() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.toolCall("get_weather", WEATHER),
                SandboxBehaviour.reply(WEATHER));

        JsonNode result = run("ai-options", MODEL);

        assertThat(result.path("call").asText()).as(result.toString()).isEqualTo("get_weather");
        assertThat(result.path("json").path("city").asText()).as(result.toString()).isEqualTo("Paris");
        List<RecordedRequest> chats = chatRequests();
        JsonNode toolTurn = GatewayFixture.json(chats.get(chats.size() - 2).rawBody());
        JsonNode schemaTurn = GatewayFixture.json(chats.get(chats.size() - 1).rawBody());
        assertThat(toolTurn.path("tool_choice")).isEqualTo(GatewayFixture.json(
                "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"));
        assertThat(toolTurn.path("parallel_tool_calls").isBoolean()).as(toolTurn.toString()).isTrue();
        assertThat(toolTurn.path("parallel_tool_calls").booleanValue()).isFalse();
        assertThat(schemaTurn.path("response_format").path("type").asText()).isEqualTo("json_schema");
        assertThat(schemaTurn.path("response_format").path("json_schema").path("name").asText()).isEqualTo("weather");
        assertThat(schemaTurn.path("response_format").path("json_schema").path("schema").path("properties").has("city"))
                .isTrue();
    }

    @Test
    void aiSdkAbortingMidStreamCancelsTheUpstreamRequest() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.stallAfterChunks(2));

        JsonNode result = run("ai-abort", MODEL);

        assertThat(result.path("aborted").asBoolean()).isTrue();
        fixture.sandbox.awaitOpenConnections(0, WAIT);
        assertThat(fixture.sandbox.inFlightRequests()).isZero();
        fixture.awaitGatewayIdle(WAIT);
    }

    @Test
    void aiSdkGets401ForAWrongToken() {
        JsonNode result = run("ai-wrong-token", MODEL);

        assertThat(result.path("failed").asBoolean()).isTrue();
        assertThat(result.path("status").asInt()).as(result.toString()).isEqualTo(401);
    }

    @Test
    void aiSdkGets404WithDidYouMeanForAnUnknownModel() {
        JsonNode result = run("ai-unknown-model", "agent/biuld");

        assertThat(result.path("status").asInt()).as(result.toString()).isEqualTo(404);
        assertThat(result.path("message").asText() + result.path("responseBody").asText())
                .contains("did you mean", "agent/build");
    }

    private RecordedRequest lastChatRequest() {
        List<RecordedRequest> chats = chatRequests();
        assertThat(chats).isNotEmpty();
        return chats.get(chats.size() - 1);
    }

    private List<RecordedRequest> chatRequests() {
        return fixture.sandbox.requests().stream()
                .filter(request -> request.path().endsWith("/chat/completions")).toList();
    }
}
