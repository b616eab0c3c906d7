package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ReasoningOptions;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.ToolSpec;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import dev.creor.spi.Provider;
import dev.creor.testkit.RecordingSubscriber;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Chat and streaming against the sandbox: what goes on the wire and what comes back. */
class OpenRouterChatModelTest extends SandboxTestSupport {

    @Test
    void aWholeAnswerCarriesTextUsageCostAndMetadata() throws Exception {
        ChatResponse response = provider().chatModel().chat(request("anthropic/claude-sonnet-4"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(response.text()).isNotBlank();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.servedModel()).isEqualTo(ModelRef.parse("openrouter/anthropic/claude-sonnet-4"));
        assertThat(response.upstreamProvider()).isPresent();
        assertThat(response.metadata().generationId()).hasValueSatisfying(id -> assertThat(id).startsWith("gen-"));
        assertThat(response.usage().promptTokens()).isPositive();
        assertThat(response.usage().completionTokens()).isPositive();
        assertThat(response.usage().cost()).hasValueSatisfying(cost -> assertThat(cost).isPositive());
        assertThat(sandbox.awaitRequest(0, WAIT).body()).containsEntry("stream", false);
    }

    @Test
    void aStreamedAnswerEqualsTheWholeOneIncludingItsCost() throws Exception {
        Provider provider = provider();
        ChatResponse whole = provider.chatModel().chat(request("openai/gpt-4o")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("openai/gpt-4o")));
        ChatResponse streamed = subscriber.awaitResponse();

        assertThat(subscriber.textDeltas()).hasSizeGreaterThan(1);
        assertThat(streamed.text()).isEqualTo(whole.text());
        assertThat(streamed.finishReason()).isEqualTo(whole.finishReason());
        assertThat(streamed.servedModel()).isEqualTo(whole.servedModel());
        assertThat(streamed.upstreamProvider()).isEqualTo(whole.upstreamProvider());
        assertThat(streamed.usage().promptTokens()).isEqualTo(whole.usage().promptTokens());
        assertThat(streamed.usage().completionTokens()).isEqualTo(whole.usage().completionTokens());
        assertThat(streamed.usage().cost()).isPresent().isEqualTo(whole.usage().cost());
        assertThat(streamed.metadata().generationId()).isPresent();
        RecordedRequest streamedRequest = sandbox.awaitRequest(1, WAIT);
        assertThat(streamedRequest.body()).containsEntry("stream", true)
                .containsEntry("stream_options", Map.of("include_usage", true));
        assertThat(streamedRequest.header("Accept")).hasValue("text/event-stream");
    }

    @Test
    void textChunksGiveExactlyThatManyDeltasThenCompleted() {
        sandbox.script("vendor/chunky", SandboxBehaviour.textChunks(37));

        List<ChatEvent> events = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider().chatModel().stream(request("vendor/chunky"))).awaitCompletion();

        assertThat(events).hasSize(38);
        assertThat(events.subList(0, 37)).allMatch(ChatEvent.TextDelta.class::isInstance);
        assertThat(events.get(37)).isInstanceOf(ChatEvent.Completed.class);
    }

    @Test
    void everyEventIsDeliveredOnAVertxEventLoop() {
        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider().chatModel().stream(request("openai/gpt-4o-mini")));
        subscriber.awaitCompletion();

        assertThat(subscriber.threads()).allMatch(name -> name.startsWith("vert.x-eventloop-thread-"));
    }

    @Test
    void theRequestCarriesTheKeyAttributionUserAgentAndEveryMappedField() throws Exception {
        Provider provider = provider(settings -> settings.routing(Map.of("sort", "price", "allowFallbacks", false,
                "dataCollection", "deny", "maxPrice", Map.of("prompt", 5))));
        ChatRequest request = ChatRequest.builder()
                .model(ModelRef.parse("openrouter/anthropic/claude-sonnet-4"))
                .fallbacks(List.of(ModelRef.parse("openrouter/openai/gpt-4o"), ModelRef.parse("other/model")))
                .addMessage(Message.system("Be brief."))
                .addMessage(Message.user("What is the weather in Köln?"))
                .addMessage(Message.assistant("", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Köln\"}"))))
                .addMessage(Message.tool("call_1", "{\"temp\":12}"))
                .tools(List.of(new ToolSpec("get_weather", "Current weather", Map.of("type", "object",
                        "properties", Map.of("city", Map.of("type", "string"))))))
                .temperature(0.3)
                .topP(0.8)
                .maxTokens(256)
                .stop(List.of("STOP"))
                .reasoning(ReasoningOptions.builder().effort("low").build())
                .user("user-1")
                .sessionId("session-1")
                .extras(Map.of("transforms", List.of("middle-out")))
                .build();

        provider.chatModel().chat(request).toCompletableFuture().get(10, TimeUnit.SECONDS);

        RecordedRequest recorded = sandbox.awaitRequest(0, WAIT);
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/api/v1/chat/completions");
        assertThat(recorded.header("Authorization")).hasValue("Bearer " + sandbox.apiKey().reveal());
        assertThat(recorded.header("HTTP-Referer")).hasValue("https://creor.dev");
        assertThat(recorded.header("X-Title")).hasValue("Creor");
        assertThat(recorded.header("User-Agent")).hasValue("creor-test/1.0");
        assertThat(recorded.header("Content-Type")).hasValue("application/json");
        Map<String, Object> body = recorded.body();
        assertThat(body).containsEntry("model", "anthropic/claude-sonnet-4")
                .containsEntry("models", List.of("anthropic/claude-sonnet-4", "openai/gpt-4o"))
                .containsEntry("temperature", 0.3)
                .containsEntry("top_p", 0.8)
                .containsEntry("max_tokens", 256)
                .containsEntry("stop", List.of("STOP"))
                .containsEntry("reasoning", Map.of("effort", "low"))
                .containsEntry("user", "user-1")
                .containsEntry("session_id", "session-1")
                .containsEntry("transforms", List.of("middle-out"))
                .containsEntry("provider", Map.of("sort", "price", "allow_fallbacks", false, "data_collection", "deny",
                        "max_price", Map.of("prompt", "5")));
        assertThat((List<?>) body.get("messages")).hasSize(4);
        assertThat((List<?>) body.get("tools")).hasSize(1);
    }

    @Test
    void attributionHeadersCanBeOverridden() throws Exception {
        provider(settings -> settings.options(options("referer", "https://example.org/app", "title", "Example")))
                .chatModel().chat(request("openai/gpt-4o")).toCompletableFuture().get(10, TimeUnit.SECONDS);

        RecordedRequest recorded = sandbox.awaitRequest(0, WAIT);
        assertThat(recorded.header("HTTP-Referer")).hasValue("https://example.org/app");
        assertThat(recorded.header("X-Title")).hasValue("Example");
    }

    @Test
    void theAutoRouterReportsTheModelItPicked() throws Exception {
        ChatResponse whole = provider().chatModel().chat(request("openrouter/auto", "Write a Java method"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        ChatResponse streamed = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider().chatModel().stream(request("openrouter/auto", "Write a Java method")))
                .awaitResponse();

        assertThat(whole.servedModel().provider()).isEqualTo("openrouter");
        assertThat(whole.servedModel().model()).isNotEqualTo("openrouter/auto");
        assertThat(streamed.servedModel()).isEqualTo(whole.servedModel());
    }

    @Test
    void sameProviderFallbacksAreTriedByOpenRouterWithinOneRequest() throws Exception {
        sandbox.script("anthropic/claude-sonnet-4", SandboxBehaviour.status(503));
        ChatRequest request = request("anthropic/claude-sonnet-4").toBuilder()
                .fallbacks(List.of(ModelRef.parse("openrouter/openai/gpt-4o"))).build();

        ChatResponse whole = provider().chatModel().chat(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
        ChatResponse streamed = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider().chatModel().stream(request)).awaitResponse();

        assertThat(whole.servedModel()).isEqualTo(ModelRef.parse("openrouter/openai/gpt-4o"));
        assertThat(streamed.servedModel()).isEqualTo(ModelRef.parse("openrouter/openai/gpt-4o"));
        assertThat(sandbox.requests()).hasSize(2);
    }

    @Test
    void aFreeVariantKeepsItsSuffix() throws Exception {
        ChatResponse response = provider().chatModel().chat(request("meta-llama/llama-3.3-70b-instruct:free"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(sandbox.awaitRequest(0, WAIT).body()).containsEntry("model", "meta-llama/llama-3.3-70b-instruct:free");
        assertThat(response.usage().cost()).hasValueSatisfying(cost -> assertThat(cost).isEqualByComparingTo(BigDecimal.ZERO));
    }
}
