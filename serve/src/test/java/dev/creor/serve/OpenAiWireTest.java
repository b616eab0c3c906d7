package dev.creor.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ResponseMetadata;
import dev.creor.core.chat.ToolCall;
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
    void streamedDetailsAndCitationsBecomeDeltas() {
        String detail = new String(OpenAiWire.bytes(OpenAiWire.delta(new ChatEvent.ReasoningDetail(0, DETAIL), false)),
                StandardCharsets.UTF_8);
        String cited = new String(OpenAiWire.bytes(OpenAiWire.delta(new ChatEvent.CitationAdded(CITATION), false)),
                StandardCharsets.UTF_8);

        assertThat(detail).isEqualTo("{\"reasoning_details\":[" + DETAIL + "]}");
        assertThat(cited).startsWith("{\"annotations\":[{");
    }
}
