package dev.creor.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The SSE body the parsing benchmark reads: one answer of {@code anthropic/claude-sonnet-4} in
 * OpenRouter's exact wire shape, with keep-alive comments before and between chunks, reasoning
 * deltas (with {@code reasoning_details}), text deltas holding two-, three- and four-byte UTF-8
 * characters, a tool call whose arguments arrive in fragments, the {@code tool_calls} finish
 * chunk, the empty-choices usage chunk with {@code cost}, and {@code [DONE]}.
 *
 * <p>It is written after the shape of recorded OpenRouter streams (this machine has no network
 * to record a live one); {@code src/main/resources/dev/creor/benchmarks/openrouter-stream.sse}.
 */
public final class RecordedStream {
    private static final String RESOURCE = "openrouter-stream.sse";

    private RecordedStream() {
    }

    /** The body's bytes. */
    public static byte[] bytes() {
        try (InputStream in = RecordedStream.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the benchmarks jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON chunks in the body ({@code data: {...}} events; comments and {@code [DONE]} not counted). */
    public static int jsonChunks(byte[] body) {
        int count = 0;
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("data: {")) {
                count++;
            }
        }
        return count;
    }

    /** The comment lines in the body. */
    public static int comments(byte[] body) {
        int count = 0;
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith(":")) {
                count++;
            }
        }
        return count;
    }
}
