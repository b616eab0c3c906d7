package dev.creor.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.ModelRef;
import dev.creor.core.RouteAttempt;
import dev.creor.core.RouteReport;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ResponseMetadata;
import dev.creor.core.chat.ToolCall;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the gateway writes of an answer's reasoning details and citations, whole and streamed. */
class OpenAiWireTest {
    private static final String DETAIL = "{\"type\":\"reasoning.encrypted\",\"data\":\"Ct+sig/==\",\"id\":\"call_1\",\"index\":0}";
    private static final ChatResponse.Citation CITATION = new ChatResponse.Citation("https://example.org/a", "A", "", 0, 3);

    @Test
    void aWholeAnswerCarriesItsRawReasoningDetailsAndCitations() {
        Message message = ChatResponse.assistantMessage("", new Message.Reasoning("why", "", List.of(DETAIL)),
                List.of(new ToolCall("call_1", "look", "{}")));
        ChatResponse response = new ChatResponse(message, List.of(CITATION),
                ResponseMetadata.builder(ModelRef.parse("openrouter/google/gemini-3-pro-preview")).build());

        String body = new String(OpenAiWire.bytes(OpenAiWire.completion("chatcmpl-1", 1, response)), StandardCharsets.UTF_8);

        assertThat(body).contains("\"reasoning_details\":[" + DETAIL + "]");
        assertThat(body).contains("\"annotations\":[{\"type\":\"url_citation\",\"url_citation\":{\"url\":\"https://example.org/a\"");
    }

    @Test
    void theRouteCarriesThePromptCacheFiguresWhenTheAnswerUsedTheCache() {
        ModelRef model = ModelRef.parse("openrouter/anthropic/claude-sonnet-4");
        RouteReport route = new RouteReport(List.of(RouteAttempt.builder(model, RouteAttempt.Outcome.SUCCEEDED).build()));
        ChatResponse cached = new ChatResponse(Message.assistant("hi"), List.of(), ResponseMetadata.builder(model)
                .route(route.withPromptCache(RouteReport.PromptCache.of(1200, 40).withSavings(new BigDecimal("0.00321"))))
                .build());
        ChatResponse uncached = new ChatResponse(Message.assistant("hi"), List.of(), ResponseMetadata.builder(model)
                .route(route).build());

        String body = new String(OpenAiWire.bytes(OpenAiWire.completion("chatcmpl-1", 1, cached)), StandardCharsets.UTF_8);
        String plain = new String(OpenAiWire.bytes(OpenAiWire.completion("chatcmpl-2", 1, uncached)), StandardCharsets.UTF_8);

        assertThat(body).contains("\"rerouted\":false,\"prompt_cache\":{\"cached_tokens\":1200,\"written_tokens\":40,"
                + "\"savings_usd\":0.00321}");
        assertThat(plain).doesNotContain("prompt_cache");
    }

    @Test
    void streamedDetailsAndCitationsBecomeDeltas() {
        String detail = new String(OpenAiWire.bytes(OpenAiWire.delta(new ChatEvent.ReasoningDetail(0, DETAIL), false)),
                StandardCharsets.UTF_8);
        String cited = new String(OpenAiWire.bytes(OpenAiWire.delta(new ChatEvent.CitationAdded(CITATION), false)),
                StandardCharsets.UTF_8);

        assertThat(detail).isEqualTo("{\"reasoning_details\":[" + DETAIL + "]}");
        assertThat(cited).startsWith("{\"annotations\":[{");
    }
}
