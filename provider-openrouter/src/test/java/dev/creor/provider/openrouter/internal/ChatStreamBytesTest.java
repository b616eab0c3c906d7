package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The assembler reads a chunk's bytes without decoding them to a string first (the stream's hot
 * path); whatever the bytes, it must end exactly as reading the decoded text does.
 */
class ChatStreamBytesTest {
    private static final ModelRef MODEL = ModelRef.parse("openrouter/anthropic/claude-sonnet-4");
    private static final OpenRouterErrors ERRORS = new OpenRouterErrors("openrouter",
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), null);

    @Test
    void bytesAndTextGiveTheSameEventsForChunksFullOfFieldsTheWireRecordsDoNotKnow() {
        List<String> chunks = List.of(
                "{\"id\":\"gen-1\",\"provider\":\"Anthropic\",\"model\":\"anthropic/claude-sonnet-4\",\"object\":"
                        + "\"chat.completion.chunk\",\"created\":1764067200,\"system_fingerprint\":null,\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"reasoning\":\"Thinking \",\"reasoning_details\":"
                        + "[{\"type\":\"reasoning.text\",\"text\":\"Thinking \",\"format\":\"anthropic-claude-v1\",\"index\":0}]},"
                        + "\"finish_reason\":null,\"native_finish_reason\":null,\"logprobs\":null}]}",
                "  {\"choices\":[{\"delta\":{\"content\":\"Grüße 😀 \"},\"logprobs\":{\"content\":[{\"token\":\"x\"}]}}]}\n",
                "{\"choices\":[{\"delta\":{\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"toolu_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"read_file\",\"arguments\":\"{\\\"path\\\"\",\"extra\":[1,2]}}]},"
                        + "\"finish_reason\":\"tool_calls\",\"native_finish_reason\":\"tool_use\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15,\"cost\":0.000123,"
                        + "\"is_byok\":false,\"cost_details\":{\"upstream_inference_cost\":null}}}",
                " [DONE] ");

        assertThat(viaBytes(chunks)).isEqualTo(viaText(chunks)).hasSize(5);
    }

    @Test
    void bytesThatAreNotUtf8ReadLikeTheirDecodedTextWithReplacementCharacters() {
        byte[] prefix = "{\"choices\":[{\"delta\":{\"content\":\"caf".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"},\"finish_reason\":\"stop\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] chunk = new byte[prefix.length + 1 + suffix.length];
        System.arraycopy(prefix, 0, chunk, 0, prefix.length);
        chunk[prefix.length] = (byte) 0xE9; // a Latin-1 "é": not UTF-8
        System.arraycopy(suffix, 0, chunk, prefix.length + 1, suffix.length);

        List<ChatEvent> events = new ArrayList<>();
        ChatStreamAssembler assembler = new ChatStreamAssembler(MODEL, ERRORS);
        assembler.onData(chunk, 0, chunk.length, events::add);

        assertThat(events).containsExactly(new ChatEvent.TextDelta("caf\uFFFD"));
        assertThat(assembler.finished()).isTrue();
    }

    @Test
    void aChunkThatIsNotJsonFailsTheStreamWithTheSameMessageAsText() {
        List<String> chunks = List.of("{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}", "{not json");

        List<String> viaBytes = viaBytes(chunks);

        assertThat(viaBytes).isEqualTo(viaText(chunks));
        assertThat(viaBytes.get(1)).contains("MALFORMED_RESPONSE", "not JSON");
    }

    @Test
    void onlyTheGivenSliceOfTheArrayIsRead() {
        byte[] framed = "xx[DONE]yy".getBytes(StandardCharsets.US_ASCII);
        List<ChatEvent> events = new ArrayList<>();
        ChatStreamAssembler assembler = new ChatStreamAssembler(MODEL, ERRORS);

        assembler.onData(framed, 2, 6, events::add);

        assertThat(events).singleElement().isInstanceOf(ChatEvent.Completed.class);
    }

    private static List<String> viaText(List<String> chunks) {
        List<ChatEvent> events = new ArrayList<>();
        ChatStreamAssembler assembler = new ChatStreamAssembler(MODEL, ERRORS);
        chunks.forEach(chunk -> assembler.onData(chunk, events::add));
        return events.stream().map(String::valueOf).toList();
    }

    private static List<String> viaBytes(List<String> chunks) {
        List<ChatEvent> events = new ArrayList<>();
        ChatStreamAssembler assembler = new ChatStreamAssembler(MODEL, ERRORS);
        for (String chunk : chunks) {
            byte[] bytes = ("--" + chunk + "--").getBytes(StandardCharsets.UTF_8);
            assembler.onData(bytes, 2, bytes.length - 4, events::add);
        }
        return events.stream().map(String::valueOf).toList();
    }
}
