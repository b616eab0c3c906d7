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
 * The assembler reads common chunks with a {@link PlainChunkReader} instead of binding them into
 * the wire records; for any bytes whatever, the events (and failures, to the letter) must be those
 * of binding every chunk, as the adapter did before.
 */
class PlainChunkReaderTest {
    private static final ModelRef MODEL = ModelRef.parse("openrouter/anthropic/claude-sonnet-4");
    private static final OpenRouterErrors ERRORS = new OpenRouterErrors("openrouter",
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), null);

    private static final String FIRST = "{\"id\":\"gen-1\",\"provider\":\"Anthropic\",\"model\":\"anthropic/claude-sonnet-4\","
            + "\"object\":\"chat.completion.chunk\",\"created\":1764067200,\"choices\":[{\"index\":0,\"delta\":"
            + "{\"role\":\"assistant\",\"content\":\"Hello\"},\"finish_reason\":null,\"native_finish_reason\":null,"
            + "\"logprobs\":null}],\"system_fingerprint\":null}";
    private static final String TEXT = "{\"id\":\"gen-1\",\"provider\":\"Anthropic\",\"model\":\"anthropic/claude-sonnet-4\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" wörld 😀\\n\\\"x\\\"\"}}]}";
    private static final String REASONING = "{\"id\":\"gen-1\",\"choices\":[{\"delta\":{\"content\":\"\",\"reasoning\":"
            + "\"Thinking \",\"reasoning_details\":null,\"tool_calls\":null,\"annotations\":null},\"error\":null}],"
            + "\"usage\":null,\"error\":null}";
    private static final String FINISH = "{\"id\":\"gen-1\",\"model\":\"anthropic/claude-sonnet-4\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":\"stop\",\"native_finish_reason\":"
            + "\"end_turn\",\"logprobs\":{\"content\":[{\"token\":\"x\",\"bytes\":[1,2]}]}}]}";
    private static final String USAGE = "{\"id\":\"gen-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,"
            + "\"completion_tokens\":5,\"total_tokens\":15,\"cost\":0.000123}}";
    private static final String DONE = "[DONE]";

    /** Chunks the reader declines or that are not plain, each between plain ones. */
    private static final List<String> ODD_CHUNKS = List.of(
            "{\"choices\":[{\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"parts\"}]}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"a\"}},{\"delta\":{\"content\":\"b\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"a\"}},{\"delta\":{\"content\":7}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"a\",\"content\":\"b\"}}]}",
            "{\"id\":\"a\",\"id\":\"b\",\"choices\":[]}",
            "{\"id\":17,\"model\":true,\"choices\":[]}",
            "{\"choices\":[{\"index\":\"0\",\"delta\":{\"content\":\"a\"}}]}",
            "{\"choices\":[{\"index\":1.0,\"delta\":{\"content\":\"a\"}}]}",
            "{\"choices\":[{\"index\":12345678901,\"delta\":{\"content\":\"a\"}}]}",
            "{\"choices\":[{\"delta\":{\"role\":{},\"content\":\"a\"}}]}",
            "{\"choices\":[{\"message\":{\"content\":\"whole\"}}]}",
            "{\"choices\":[{\"delta\":null,\"finish_reason\":\"length\"}]}",
            "{\"choices\":[null]}",
            "{\"choices\":{}}",
            "{\"choices\":null,\"model\":\"  \",\"id\":\"\"}",
            "{\"choices\":[{\"delta\":{\"content\":\"a\"},\"finish_reason\":\"error\"}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"a\"},\"finish_reason\":7}]}",
            "{\"error\":{\"code\":502,\"message\":\"upstream\"}}",
            "{\"error\":\"a string\",\"choices\":[]}",
            "{\"choices\":[{\"delta\":{\"content\":\"a\"},\"error\":{\"code\":500,\"message\":\"x\"}}]}",
            "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"t\",\"function\":{\"name\":\"f\","
                    + "\"arguments\":\"{}\"}}]}}]}",
            "{\"choices\":[{\"delta\":{\"annotations\":[{\"type\":\"url_citation\",\"url_citation\":{\"url\":"
                    + "\"https://example.com\"}}]}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]} trailing words",
            "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}{\"choices\":[{\"delta\":{\"content\":\"b\"}}]}",
            "{\"choices\":[{\"delta\":{\"content\":\"a\"}}]",
            "{\"unknown\":{\"deep\":[[[{\"x\":[1,{\"y\":null}]}]]]},\"choices\":[{\"delta\":{\"content\":\"a\","
                    + "\"refusal\":{\"z\":[]}}}]}",
            "null",
            "[]",
            "17",
            "\"text\"",
            "{}",
            "{not json");

    @Test
    void aPlainStreamGivesTheEventsOfBindingEveryChunk() {
        List<String> stream = List.of(FIRST, TEXT, REASONING, TEXT, FINISH, USAGE, DONE);

        assertThat(events(stream, true)).isEqualTo(events(stream, false)).hasSize(5);
    }

    @Test
    void everyOddChunkEndsAsBindingItDoesAndTheReaderGoesOnAfterIt() {
        for (String odd : ODD_CHUNKS) {
            List<String> stream = List.of(FIRST, odd, TEXT, FINISH, USAGE, DONE);

            assertThat(events(stream, true)).as(odd).isEqualTo(events(stream, false));
        }
    }

    /**
     * Every chunk of a plain stream with each single byte deleted, doubled or replaced by one of
     * the bytes that change JSON's meaning (or are not UTF-8), followed by plain chunks.
     */
    @Test
    void everySingleByteEditOfAChunkEndsAsBindingItDoes() {
        byte[] replacements = "\"{}[],:n\\".getBytes(StandardCharsets.UTF_8);
        byte[] notUtf8 = {(byte) 0xE9, (byte) 0x80};
        int compared = 0;
        for (String chunk : List.of(FIRST, TEXT)) {
            byte[] original = chunk.getBytes(StandardCharsets.UTF_8);
            for (int at = 0; at < original.length; at++) {
                List<byte[]> edits = new ArrayList<>();
                edits.add(deleted(original, at));
                edits.add(replaced(original, at, original[at], true));
                for (byte replacement : replacements) {
                    edits.add(replaced(original, at, replacement, false));
                }
                for (byte replacement : notUtf8) {
                    edits.add(replaced(original, at, replacement, false));
                }
                for (byte[] edit : edits) {
                    List<byte[]> stream = List.of(bytes(FIRST), edit, bytes(TEXT), bytes(FINISH), bytes(DONE));
                    assertThat(eventsOf(stream, true))
                            .as("%s", new String(edit, StandardCharsets.UTF_8))
                            .isEqualTo(eventsOf(stream, false));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(3_000);
    }

    private static List<String> events(List<String> chunks, boolean plainChunks) {
        return eventsOf(chunks.stream().map(PlainChunkReaderTest::bytes).toList(), plainChunks);
    }

    /** The events of a stream whose chunks are each handed on as a slice of a larger array, as the SSE parser does. */
    private static List<String> eventsOf(List<byte[]> chunks, boolean plainChunks) {
        List<ChatEvent> events = new ArrayList<>();
        ChatStreamAssembler assembler = new ChatStreamAssembler(MODEL, ERRORS, plainChunks);
        for (byte[] chunk : chunks) {
            byte[] framed = new byte[chunk.length + 4];
            framed[0] = '{';
            framed[1] = '"';
            System.arraycopy(chunk, 0, framed, 2, chunk.length);
            framed[framed.length - 2] = '}';
            framed[framed.length - 1] = ']';
            try {
                assembler.onData(framed, 2, chunk.length, events::add);
            } catch (RuntimeException defect) {
                // A defect of either path shows as a throw; both must then throw the same.
                return List.of(String.valueOf(events), "threw " + defect.getClass().getName());
            }
        }
        assembler.onEnd(events::add);
        return events.stream().map(String::valueOf).toList();
    }

    private static byte[] deleted(byte[] original, int at) {
        byte[] edit = new byte[original.length - 1];
        System.arraycopy(original, 0, edit, 0, at);
        System.arraycopy(original, at + 1, edit, at, original.length - at - 1);
        return edit;
    }

    private static byte[] replaced(byte[] original, int at, byte replacement, boolean inserted) {
        byte[] edit = new byte[original.length + (inserted ? 1 : 0)];
        System.arraycopy(original, 0, edit, 0, at);
        edit[at] = replacement;
        System.arraycopy(original, inserted ? at : at + 1, edit, at + 1, original.length - at - (inserted ? 0 : 1));
        return edit;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
