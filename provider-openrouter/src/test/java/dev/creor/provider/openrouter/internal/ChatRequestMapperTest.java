package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ReasoningOptions;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.ToolSpec;
import dev.creor.spi.ProviderSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatRequestMapperTest {
    private static final ModelRef SONNET = ModelRef.parse("openrouter/anthropic/claude-sonnet-4");

    @Test
    void mapsEveryFieldOfARequest() throws Exception {
        ChatRequest request = ChatRequest.builder()
                .model(SONNET)
                .addMessage(Message.system("Be terse."))
                .addMessage(Message.user("Weather in Köln?"))
                .addMessage(Message.assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Köln\"}"))))
                .addMessage(Message.tool("call_1", "{\"temp\":12}"))
                .addMessage(Message.assistant("12 °C."))
                .tools(List.of(new ToolSpec("get_weather", "Current weather", Map.of("type", "object",
                        "properties", Map.of("city", Map.of("type", "string")))), new ToolSpec("now", "", Map.of())))
                .temperature(0.2)
                .topP(0.9)
                .maxTokens(512)
                .stop(List.of("END"))
                .reasoning(ReasoningOptions.builder().maxTokens(2000).exclude(true).enabled(true).build())
                .user("user-42")
                .sessionId("session-7")
                .build();

        JsonNode body = body(mapper(ProviderSettings.builder("openrouter").build()), request, true);

        assertThat(body.get("model").asText()).isEqualTo("anthropic/claude-sonnet-4");
        assertThat(body.has("models")).isFalse();
        assertThat(body.get("messages")).hasSize(5);
        assertThat(body.at("/messages/0").toString()).isEqualTo("{\"role\":\"system\",\"content\":\"Be terse.\"}");
        assertThat(body.at("/messages/1/content").asText()).isEqualTo("Weather in Köln?");
        assertThat(body.at("/messages/2/content").isNull()).isTrue();
        assertThat(body.at("/messages/2/tool_calls/0").toString()).isEqualTo(
                "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                        + "\"arguments\":\"{\\\"city\\\":\\\"Köln\\\"}\"}}");
        assertThat(body.at("/messages/3").toString()).isEqualTo(
                "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{\\\"temp\\\":12}\"}");
        assertThat(body.at("/messages/4/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/tools/0/type").asText()).isEqualTo("function");
        assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(body.at("/tools/0/function/description").asText()).isEqualTo("Current weather");
        assertThat(body.at("/tools/0/function/parameters/properties/city/type").asText()).isEqualTo("string");
        assertThat(body.at("/tools/1/function/parameters").toString()).contains("\"type\":\"object\"");
        assertThat(body.at("/tools/1/function").has("description")).isFalse();
        assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(512);
        assertThat(body.get("stop").toString()).isEqualTo("[\"END\"]");
        assertThat(body.get("reasoning").toString())
                .isEqualTo("{\"max_tokens\":2000,\"exclude\":true,\"enabled\":true}");
        assertThat(body.get("user").asText()).isEqualTo("user-42");
        assertThat(body.get("session_id").asText()).isEqualTo("session-7");
        assertThat(body.get("stream").asBoolean()).isTrue();
        assertThat(body.get("stream_options").toString()).isEqualTo("{\"include_usage\":true}");
    }

    @Test
    void aPlainRequestSendsOnlyWhatIsSet() throws Exception {
        JsonNode body = body(mapper(ProviderSettings.builder("openrouter").build()), simple().build(), false);

        assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactly("model", "messages", "stream");
        assertThat(body.get("stream").asBoolean()).isFalse();
    }

    @Test
    void sameProviderFallbacksBecomeTheModelsArrayPrimaryFirst() throws Exception {
        ChatRequest request = simple().fallbacks(List.of(ModelRef.parse("openrouter/openai/gpt-4o"),
                ModelRef.parse("anthropic/claude-sonnet-4"), ModelRef.parse("openrouter/anthropic/claude-sonnet-4"),
                ModelRef.parse("openrouter/google/gemini-2.5-flash"))).build();

        JsonNode body = body(mapper(ProviderSettings.builder("openrouter").build()), request, true);

        assertThat(body.get("models").toString())
                .isEqualTo("[\"anthropic/claude-sonnet-4\",\"openai/gpt-4o\",\"google/gemini-2.5-flash\"]");
    }

    @Test
    void routingBecomesTheProviderObjectAndExtrasRefineIt() throws Exception {
        ProviderSettings settings = ProviderSettings.builder("openrouter")
                .routing(Map.of("sort", "price", "allowFallbacks", true)).build();
        ChatRequest request = simple().extras(Map.of("provider", Map.of("order", List.of("Anthropic"), "sort", "latency"),
                "plugins", List.of(Map.of("id", "web")), "transforms", List.of("middle-out"))).build();

        JsonNode body = body(mapper(settings), request, true);

        assertThat(body.at("/provider/sort").asText()).isEqualTo("latency");
        assertThat(body.at("/provider/allow_fallbacks").asBoolean()).isTrue();
        assertThat(body.at("/provider/order/0").asText()).isEqualTo("Anthropic");
        assertThat(body.at("/plugins/0/id").asText()).isEqualTo("web");
        assertThat(body.at("/transforms/0").asText()).isEqualTo("middle-out");
    }

    @Test
    void extrasCannotTakeOverTheFieldsTheAdapterControls() {
        for (String reserved : List.of("model", "models", "messages", "stream", "stream_options")) {
            ChatRequest request = simple().extras(Map.of(reserved, "x")).build();

            assertThatThrownBy(() -> mapper(ProviderSettings.builder("openrouter").build()).body(request, true))
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                        assertThat(error.getMessage()).contains("\"" + reserved + "\"");
                    });
        }
    }

    @Test
    void secretsInExtrasAreRefused() {
        ChatRequest request = simple().extras(Map.of("metadata", Map.of("token", Secret.of("very-secret-value-123")))).build();

        assertThatThrownBy(() -> mapper(ProviderSettings.builder("openrouter").build()).body(request, false))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(error.getMessage()).contains("extras.metadata.token").doesNotContain("very-secret");
                });
    }

    private static ChatRequest.Builder simple() {
        return ChatRequest.builder().model(SONNET).addMessage(Message.user("hi"));
    }

    private static ChatRequestMapper mapper(ProviderSettings settings) {
        return new ChatRequestMapper(OpenRouterSettings.from(settings));
    }

    private static JsonNode body(ChatRequestMapper mapper, ChatRequest request, boolean stream) throws Exception {
        return Json.MAPPER.readTree(mapper.body(request, stream));
    }
}
