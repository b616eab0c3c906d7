package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.Message.CacheBreakpoint;
import dev.creor.core.chat.Message.Media;
import dev.creor.core.chat.Role;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.internal.chat.ChatResponseCollector;
import dev.creor.spi.ProviderSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The message side of the wire, both ways: content parts, cache breakpoints, reasoning details, citations. */
class MessageCodecTest {
    private static final ModelRef SONNET = ModelRef.parse("openrouter/anthropic/claude-sonnet-4");
    private static final ModelRef GEMINI = ModelRef.parse("openrouter/google/gemini-2.5-pro");
    private static final ModelRef GPT = ModelRef.parse("openrouter/openai/gpt-4o");
    private static final OpenRouterErrors ERRORS = new OpenRouterErrors("openrouter",
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
            Secret.of("sk-or-v1-" + "0123456789abcdef".repeat(4)));
    private static final String SIGNED = "{\"type\":\"reasoning.text\",\"text\":\"Need the weather.\","
            + "\"signature\":\"EqQBCkgIBxAB\\u002bGAIiQJ7s/ig==\",\"format\":\"anthropic-claude-v1\",\"index\":0}";

    @Test
    void userPartsBecomeTextImageAndFilePartsWithCacheControl() throws Exception {
        Message user = Message.builder(Role.USER)
                .text("Describe both.")
                .image(Media.bytes("png!".getBytes(StandardCharsets.US_ASCII), "image/png"))
                .cacheBreakpoint(CacheBreakpoint.FIVE_MINUTES)
                .file(Media.url(URI.create("https://example.com/a.pdf")), "a.pdf")
                .cacheBreakpoint(CacheBreakpoint.ONE_HOUR)
                .build();

        JsonNode body = body(request(SONNET, user));

        assertThat(body.at("/messages/0/content").toString()).isEqualTo("[{\"type\":\"text\",\"text\":\"Describe both.\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,cG5nIQ==\"},"
                + "\"cache_control\":{\"type\":\"ephemeral\"}},"
                + "{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\",\"file_data\":\"https://example.com/a.pdf\"},"
                + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]");
    }

    @Test
    void reasoningDetailsGoBackByteForByteWithTheToolCalls() throws Exception {
        Message assistant = Message.builder(Role.ASSISTANT)
                .toolCall(new ToolCall("call_1", "get_weather", "{}"))
                .reasoning(new Message.Reasoning("Need the weather.", "", List.of(SIGNED)))
                .build();

        String body = new String(new ChatRequestMapper(settings()).body(request(SONNET, Message.user("Weather?"), assistant,
                Message.tool("call_1", "sunny")), false), StandardCharsets.UTF_8);

        assertThat(body).contains("\"reasoning_details\":[" + SIGNED + "]");
        assertThat(body).contains("{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"}");
    }

    @Test
    void aWholeAnswersReasoningDetailsRoundTripUnchanged() throws Exception {
        String answer = "{\"id\":\"gen-1\",\"model\":\"anthropic/claude-sonnet-4\",\"choices\":[{\"finish_reason\":\"tool_calls\","
                + "\"message\":{\"role\":\"assistant\",\"content\":null,\"reasoning\":\"Need the weather.\","
                + "\"reasoning_details\":[" + SIGNED + "],\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]}}]}";
        ChatResponse response = new ChatResponseMapper(ERRORS).map(answer.getBytes(StandardCharsets.UTF_8), 200, SONNET);

        String next = new String(new ChatRequestMapper(settings()).body(request(SONNET, Message.user("Weather?"),
                response.message(), Message.tool("call_1", "sunny")), false), StandardCharsets.UTF_8);

        assertThat(response.message().reasoning().orElseThrow().details()).containsExactly(
                SIGNED.replace("\\u002b", "+"));
        assertThat(next).contains("\"reasoning_details\":[" + SIGNED.replace("\\u002b", "+") + "]");
    }

    @Test
    void streamedReasoningFragmentsJoinIntoOneSignedEntryPerIndex() throws Exception {
        ChatStreamAssembler assembler = new ChatStreamAssembler(SONNET, ERRORS);
        List<ChatEvent> events = new ArrayList<>();
        assembler.onData(delta("\"reasoning\":\"Need \",\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"Need \","
                + "\"format\":\"anthropic-claude-v1\",\"index\":0}]"), events::add);
        assembler.onData(delta("\"reasoning\":\"the weather.\",\"reasoning_details\":[{\"type\":\"reasoning.text\","
                + "\"text\":\"the weather.\",\"format\":\"anthropic-claude-v1\",\"index\":0}]"), events::add);
        assembler.onData(delta("\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"\",\"signature\":\"c2ln\","
                + "\"format\":\"anthropic-claude-v1\",\"index\":0}]"), events::add);
        assertThat(events).noneMatch(ChatEvent.ReasoningDetail.class::isInstance);
        assembler.onData(delta("\"reasoning_details\":[{\"type\":\"reasoning.encrypted\",\"data\":\"enc\",\"id\":\"call_1\","
                + "\"format\":\"google-gemini-v1\",\"index\":1}],\"annotations\":[{\"type\":\"url_citation\",\"url_citation\":"
                + "{\"url\":\"https://example.com/w\",\"title\":\"Weather\",\"content\":\"sunny\",\"start_index\":0,\"end_index\":5}}]"),
                events::add);
        assembler.onData("[DONE]", events::add);

        assertThat(events).filteredOn(ChatEvent.ReasoningDetail.class::isInstance).containsExactly(
                new ChatEvent.ReasoningDetail(0, "{\"type\":\"reasoning.text\",\"text\":\"Need the weather.\","
                        + "\"format\":\"anthropic-claude-v1\",\"index\":0,\"signature\":\"c2ln\"}"),
                new ChatEvent.ReasoningDetail(1, "{\"type\":\"reasoning.encrypted\",\"data\":\"enc\",\"id\":\"call_1\","
                        + "\"format\":\"google-gemini-v1\",\"index\":1}"));
        ChatResponse response = collect(events);
        assertThat(response.reasoning()).isEqualTo("Need the weather.");
        assertThat(response.message().reasoning().orElseThrow().details()).hasSize(2);
        assertThat(response.citations()).containsExactly(
                new ChatResponse.Citation("https://example.com/w", "Weather", "sunny", 0, 5));
    }

    @Test
    void automaticCachingMarksTheFirstSystemMessagesAndTheLastTwoOthersForClaudeAndGemini() throws Exception {
        List<Message> conversation = List.of(Message.system("rules"), Message.system("project"), Message.system("extra"),
                Message.user("one"), Message.assistant("two"), Message.user("three"));

        for (ModelRef model : List.of(SONNET, GEMINI)) {
            JsonNode body = body(request(model, conversation).toBuilder().caching(ChatRequest.Caching.AUTO).build());
            List<Integer> marked = new ArrayList<>();
            for (int i = 0; i < body.get("messages").size(); i++) {
                if (body.at("/messages/" + i + "/content/0/cache_control/type").asText().equals("ephemeral")) {
                    marked.add(i);
                }
            }
            assertThat(marked).as(model.toString()).containsExactly(0, 1, 4, 5);
        }
        JsonNode gpt = body(request(GPT, conversation).toBuilder().caching(ChatRequest.Caching.AUTO).build());
        assertThat(gpt.toString()).doesNotContain("cache_control");
        JsonNode off = body(request(SONNET, conversation));
        assertThat(off.toString()).doesNotContain("cache_control");
    }

    @Test
    void automaticCachingLeavesAConversationWithItsOwnBreakpointsAlone() throws Exception {
        Message marked = Message.user("big context").withCacheBreakpoint(CacheBreakpoint.ONE_HOUR);
        JsonNode body = body(request(SONNET, Message.system("rules"), marked, Message.assistant("ok"),
                Message.user("go")).toBuilder().caching(ChatRequest.Caching.AUTO).build());

        assertThat(body.at("/messages/0/content").isTextual()).isTrue();
        assertThat(body.at("/messages/1/content/0/cache_control/ttl").asText()).isEqualTo("1h");
        assertThat(body.at("/messages/3/content").isTextual()).isTrue();
    }

    @Test
    void fileAnnotationsRideInTheMessagesMetadataAndGoBack() throws Exception {
        String answer = "{\"id\":\"gen-1\",\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Read it.\",\"annotations\":[{\"type\":\"file\",\"file\":{\"hash\":\"abc\",\"name\":\"a.pdf\"}}]}}]}";
        ChatResponse response = new ChatResponseMapper(ERRORS).map(answer.getBytes(StandardCharsets.UTF_8), 200, SONNET);

        JsonNode next = body(request(SONNET, Message.user("Read a.pdf"), response.message(), Message.user("And?")));

        assertThat(response.citations()).isEmpty();
        assertThat(next.at("/messages/1/annotations/0/file/hash").asText()).isEqualTo("abc");
    }

    private static String delta(String fields) {
        return "{\"id\":\"gen-1\",\"model\":\"anthropic/claude-sonnet-4\",\"choices\":[{\"index\":0,\"delta\":{" + fields
                + "},\"finish_reason\":null}]}";
    }

    private static ChatResponse collect(List<ChatEvent> events) throws Exception {
        try (SubmissionPublisher<ChatEvent> publisher = new SubmissionPublisher<>(Runnable::run, 64)) {
            var result = ChatResponseCollector.collect(publisher).toCompletableFuture();
            events.forEach(publisher::submit);
            return result.get(5, TimeUnit.SECONDS);
        }
    }

    private static ChatRequest request(ModelRef model, Message... messages) {
        return request(model, List.of(messages));
    }

    private static ChatRequest request(ModelRef model, List<Message> messages) {
        return ChatRequest.builder().model(model).messages(messages).build();
    }

    private static OpenRouterSettings settings() {
        return OpenRouterSettings.from(ProviderSettings.builder("openrouter").build());
    }

    private static JsonNode body(ChatRequest request) throws Exception {
        return Json.MAPPER.readTree(new ChatRequestMapper(settings()).body(request, false));
    }

}
