package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ReasoningOptions;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.ToolSpec;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.provider.openrouter.sandbox.SdkConformance;
import dev.creor.spi.Provider;
import dev.creor.testkit.RecordingSubscriber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every request the adapter sends uses only the fields and types of OpenRouter's request schema:
 * the bodies the sandbox recorded are checked key by key, unknown keys failing, against the
 * official SDK's {@code ChatRequest} schema.
 */
class RequestConformanceTest extends SandboxTestSupport {
    /**
     * OpenRouter's reasoning guide documents {@code reasoning.max_tokens}, {@code exclude} and
     * {@code enabled} for chat completions, but the SDK's request schema (1.3.19) defines only
     * {@code effort} and {@code summary}. The adapter sends them when a request asks; the check
     * accepts exactly these, only for the request that uses them, and fails if they stop deviating.
     */
    private static final List<Map<String, String>> REASONING_BEYOND_THE_SDK = List.of(
            deviation("reasoning.max_tokens"), deviation("reasoning.exclude"), deviation("reasoning.enabled"));

    private static final ToolSpec WEATHER = new ToolSpec("get_weather", "The weather in a city",
            Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city")));
    private static final ToolSpec CLOCK = new ToolSpec("now", "", Map.of());

    @Test
    void everyKindOfRequestTheAdapterSendsMatchesTheSdksRequestSchema() throws Exception {
        List<Map<String, Object>> requests = captureEveryKindOfRequest(Map.of());

        SdkConformance.Result result = SdkConformance.run("requests", write(requests).toString());

        assertThat(result.mismatches()).as(result.output()).isEmpty();
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("adapter requests against @openrouter/sdk 1.3.19: " + requests.size() + " checks");
    }

    /** The check can fail: a key the schema does not define, or the tolerated ones without their tolerance, are reported. */
    @Test
    void aKeyOutsideTheSchemaIsReported() throws Exception {
        List<Map<String, Object>> requests = new ArrayList<>(captureEveryKindOfRequest(Map.of("sesion_id", "typo")));
        requests.replaceAll(request -> {
            Map<String, Object> strict = new LinkedHashMap<>(request);
            strict.remove("tolerate");
            return strict;
        });

        SdkConformance.Result result = SdkConformance.run("requests", write(requests).toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.mismatches()).as(result.output())
                .contains("MISMATCH request (plain): sesion_id is not a field of OpenRouter's schema",
                        "MISMATCH request (reasoning with a budget): reasoning.max_tokens is not a field of OpenRouter's schema",
                        "MISMATCH request (reasoning with a budget): reasoning.exclude is not a field of OpenRouter's schema");
    }

    /** Sends one request of each kind through the adapter and returns the bodies the sandbox received. */
    private List<Map<String, Object>> captureEveryKindOfRequest(Map<String, Object> extras) throws Exception {
        Provider plain = provider();
        Provider routed = provider(settings -> settings.routing(Map.of(
                "order", List.of("Anthropic", "Google"), "allowFallbacks", false, "requireParameters", true,
                "dataCollection", "deny", "zdr", true, "only", List.of("Anthropic", "Google", "OpenAI"),
                "ignore", List.of("Azure"), "quantizations", List.of("fp8", "bf16"), "sort", "price",
                "maxPrice", Map.of("prompt", 5, "completion", new java.math.BigDecimal("15.5"), "request", 0, "image", 1))));
        Map<String, ChatRequest> kinds = new LinkedHashMap<>();
        kinds.put("plain", base("openai/gpt-4o").extras(extras).build());
        kinds.put("sampling", base("openai/gpt-4o").temperature(0.2).topP(0.9).maxTokens(256)
                .stop(List.of("###", "END")).user("user-42").sessionId("session-7").build());
        kinds.put("tools and a tool-call history", base("openai/gpt-4o-mini").tools(List.of(WEATHER, CLOCK))
                .addMessage(Message.assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Zürich\"}"))))
                .addMessage(Message.tool("call_1", "{\"sky\":\"clear\"}"))
                .addMessage(Message.assistant("It is clear.", List.of(new ToolCall("call_2", "now", "{}"))))
                .addMessage(Message.tool("call_2", "12:00"))
                .build());
        kinds.put("reasoning effort", base("anthropic/claude-sonnet-4").reasoning(ReasoningOptions.builder().effort("high").build()).build());
        kinds.put("reasoning with a budget", base("anthropic/claude-sonnet-4")
                .reasoning(ReasoningOptions.builder().maxTokens(2048).exclude(true).enabled(true).build()).build());
        kinds.put("request options", base("openai/gpt-4o").tools(List.of(WEATHER, CLOCK))
                .toolChoice(ChatRequest.ToolChoice.tool("get_weather")).parallelToolCalls(false)
                .responseFormat(ChatRequest.ResponseFormat.jsonSchema("weather", Map.of("type", "object",
                        "properties", Map.of("sky", Map.of("type", "string"))), true))
                .plugins(List.of(new ChatRequest.Plugin("web", Map.of("max_results", 3))))
                .preset("coding-defaults")
                .routing(Map.of("sort", "latency", "only", List.of("OpenAI"))).build());
        kinds.put("no tools and a JSON object", base("openai/gpt-4o").toolChoice(ChatRequest.ToolChoice.none())
                .responseFormat(ChatRequest.ResponseFormat.jsonObject()).build());
        kinds.put("fallback models", base("openai/gpt-4o").fallbacks(List.of(ModelRef.parse("openrouter/anthropic/claude-sonnet-4"),
                ModelRef.parse("openrouter/google/gemini-2.5-flash"), ModelRef.parse("other/model"))).build());

        List<Map<String, Object>> captured = new ArrayList<>();
        for (Map.Entry<String, ChatRequest> kind : kinds.entrySet()) {
            captured.add(captured(kind.getKey(), () -> plain.chatModel().chat(kind.getValue()).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS)));
            captured.add(captured(kind.getKey() + ", streamed", () -> RecordingSubscriber.<ChatEvent>requestingAll()
                    .subscribeTo(plain.chatModel().stream(kind.getValue())).awaitResponse()));
        }
        captured.add(captured("routing preferences", () -> routed.chatModel().chat(base("openai/gpt-4o").build())
                .toCompletableFuture().get(10, TimeUnit.SECONDS)));
        return captured;
    }

    private Map<String, Object> captured(String name, Exchange exchange) throws Exception {
        sandbox.clearRequests();
        exchange.run();
        RecordedRequest request = sandbox.awaitRequest(0, WAIT);
        assertThat(request.path()).isEqualTo("/api/v1/chat/completions");
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("body", new ObjectMapper().readValue(request.rawBody(), JsonNode.class));
        if (name.startsWith("reasoning with a budget")) {
            entry.put("tolerate", REASONING_BEYOND_THE_SDK);
        }
        if (name.startsWith("request options")) {
            entry.put("tolerate", List.of(Map.of("path", "preset", "why", "OpenRouter's presets guide documents the"
                    + " preset field; SDK 1.3.19's ChatRequest schema does not")));
        }
        return entry;
    }

    private static ChatRequest.Builder base(String model) {
        return ChatRequest.builder().model(ModelRef.parse("openrouter/" + model))
                .addMessage(Message.system("Be brief."))
                .addMessage(Message.user("What is the weather in Zürich? 🚀"));
    }

    private Path write(List<Map<String, Object>> requests) throws IOException {
        Path file = cacheDirectory.resolve("requests.json");
        Files.writeString(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(requests));
        return file;
    }

    private static Map<String, String> deviation(String path) {
        return Map.of("path", path, "why", "OpenRouter's reasoning guide documents it; SDK 1.3.19's ChatRequest schema does not");
    }

    @FunctionalInterface
    private interface Exchange {
        void run() throws Exception;
    }
}
