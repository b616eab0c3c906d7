package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatRequest.Plugin;
import dev.creor.core.chat.ChatRequest.ResponseFormat;
import dev.creor.core.chat.ChatRequest.ToolChoice;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ReasoningOptions;
import dev.creor.core.chat.ToolSpec;
import dev.creor.provider.kit.transport.HttpExchange;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.spi.Provider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The request-level options (routing, headers, tool choice, response format, preset, plugins,
 * reasoning) as the sandbox receives them on the wire, and the attribution headers every request
 * carries.
 */
class RequestOptionsOverHttpTest extends SandboxTestSupport {
    private static final ToolSpec WEATHER = new ToolSpec("get_weather", "The weather in a city",
            Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))));

    @Test
    void everyRequestLevelOptionReachesTheWireInOpenRouterNames() throws Exception {
        Provider provider = provider(settings -> settings.routing(Map.of("sort", "price", "dataCollection", "deny")));
        ChatRequest request = base("openai/gpt-4o")
                .tools(List.of(WEATHER))
                .toolChoice(ToolChoice.tool("get_weather"))
                .parallelToolCalls(false)
                .responseFormat(ResponseFormat.jsonSchema("weather", Map.of("type", "object",
                        "properties", Map.of("sky", Map.of("type", "string"))), true))
                .plugins(List.of(new Plugin("web", Map.of("max_results", 3))))
                .preset("coding-defaults")
                .routing(Map.of("sort", "latency", "only", List.of("OpenAI")))
                .reasoning(ReasoningOptions.builder().effort("low").exclude(true).build())
                .build();

        JsonNode body = send(provider, request).path("body");

        assertThat(body.get("tool_choice").toString())
                .isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}");
        assertThat(body.get("parallel_tool_calls").asBoolean()).isFalse();
        assertThat(body.get("response_format")).isEqualTo(Json.MAPPER.readTree("{\"type\":\"json_schema\",\"json_schema\":"
                + "{\"name\":\"weather\",\"schema\":{\"type\":\"object\",\"properties\":{\"sky\":{\"type\":\"string\"}}},"
                + "\"strict\":true}}"));
        assertThat(body.get("plugins").toString()).isEqualTo("[{\"id\":\"web\",\"max_results\":3}]");
        assertThat(body.get("preset").asText()).isEqualTo("coding-defaults");
        // The request's sort replaces the provider's; the provider's data collection policy stays.
        assertThat(body.get("provider"))
                .isEqualTo(Json.MAPPER.readTree("{\"sort\":\"latency\",\"data_collection\":\"deny\",\"only\":[\"OpenAI\"]}"));
        assertThat(body.get("reasoning").toString()).isEqualTo("{\"effort\":\"low\",\"exclude\":true}");
    }

    @Test
    void simpleToolChoicesAndJsonObjectAreStrings() throws Exception {
        ChatRequest request = base("openai/gpt-4o").tools(List.of(WEATHER)).toolChoice(ToolChoice.required())
                .responseFormat(ResponseFormat.jsonObject()).build();

        JsonNode body = send(provider(), request).path("body");

        assertThat(body.get("tool_choice").asText()).isEqualTo("required");
        assertThat(body.get("response_format").toString()).isEqualTo("{\"type\":\"json_object\"}");
    }

    @Test
    void aPresetModelReferenceIsSentAsTheModel() throws Exception {
        sandbox.script("@preset/coding-defaults", dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply("ok"));

        JsonNode body = send(provider(), base("@preset/coding-defaults").build()).path("body");

        assertThat(body.get("model").asText()).isEqualTo("@preset/coding-defaults");
    }

    @Test
    void theRequestsHeadersAreSentAndNeverShownInTheDebugLogOfHeaders() throws Exception {
        ChatRequest request = base("openai/gpt-4o")
                .headers(Map.of("X-Team", "platform", "X-Trace-Token", "trace-secret-123456789")).build();

        JsonNode recorded = send(provider(), request);

        assertThat(recorded.at("/headers/x-team").asText()).isEqualTo("platform");
        assertThat(recorded.at("/headers/x-trace-token").asText()).isEqualTo("trace-secret-123456789");
        io.vertx.core.MultiMap headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
                .add("X-Trace-Token", "trace-secret-123456789").add("X-Title", "Creor");
        assertThat(HttpExchange.headers(headers, OpenRouterTransport.ATTRIBUTION_HEADERS)).doesNotContain("trace-secret-123456789").contains("X-Title: Creor");
    }

    @Test
    void attributionHeadersCarryTheTitleUnderBothNamesAndTheCategories() throws Exception {
        Provider provider = provider(settings -> settings.options(options("title", "My Tool",
                "categories", List.of("cli-agent", "programming-app"))));

        JsonNode recorded = send(provider, base("openai/gpt-4o").build());

        assertThat(recorded.at("/headers/x-openrouter-title").asText()).isEqualTo("My Tool");
        assertThat(recorded.at("/headers/x-title").asText()).isEqualTo("My Tool");
        assertThat(recorded.at("/headers/x-openrouter-categories").asText()).isEqualTo("cli-agent,programming-app");
    }

    @Test
    void withoutCategoriesNoCategoriesHeaderIsSentAndTheDefaultTitleIsCreor() throws Exception {
        JsonNode recorded = send(provider(), base("openai/gpt-4o").build());

        assertThat(recorded.at("/headers/x-openrouter-title").asText()).isEqualTo("Creor");
        assertThat(recorded.path("headers").has("x-openrouter-categories")).isFalse();
    }

    @Test
    void badCategoriesAreAConfigErrorNamingTheOption() {
        assertThatThrownBy(() -> provider(settings -> settings.options(options("categories", List.of("CLI Agent")))))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).contains("provider.openrouter.options.categories");
                });
    }

    @Test
    void aBadRoutingPreferenceOfTheRequestFailsItBeforeAnythingIsSent() {
        ChatRequest request = base("openai/gpt-4o").routing(Map.of("sort", "cheapest")).build();

        CreorException error = failure(provider(), request);

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(error.getMessage()).isEqualTo("the request's routing.sort must be one of [price, throughput, latency];"
                + " got \"cheapest\"");
        assertThat(sandbox.requests()).isEmpty();
    }

    @Test
    void aToolChoiceNamingAToolTheRequestDoesNotOfferFailsBeforeAnythingIsSent() {
        ChatRequest request = base("openai/gpt-4o").tools(List.of(WEATHER)).toolChoice(ToolChoice.tool("now")).build();

        CreorException error = failure(provider(), request);

        assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(error.getMessage()).contains("\"now\"").contains("[get_weather]");
        assertThat(sandbox.requests()).isEmpty();
    }

    private static ChatRequest.Builder base(String model) {
        return ChatRequest.builder().model(new ModelRef("openrouter", model))
                .addMessage(Message.user("What is the weather in Zürich?"));
    }

    /** Sends the request and returns what the sandbox recorded: {@code headers} (lower-case names) and {@code body}. */
    private static JsonNode send(Provider provider, ChatRequest request) throws Exception {
        provider.chatModel().chat(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
        RecordedRequest recorded = sandbox.awaitRequest(0, WAIT);
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode result = json.createObjectNode();
        com.fasterxml.jackson.databind.node.ObjectNode headers = result.putObject("headers");
        recorded.headers().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                String.join(",", values)));
        result.set("body", json.readTree(recorded.rawBody()));
        return result;
    }

    private static CreorException failure(Provider provider, ChatRequest request) {
        try {
            provider.chatModel().chat(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            assertThat(failed.getCause()).isInstanceOf(CreorException.class);
            return (CreorException) failed.getCause();
        } catch (Exception other) {
            throw new AssertionError(other);
        }
        throw new AssertionError("the request succeeded");
    }
}
