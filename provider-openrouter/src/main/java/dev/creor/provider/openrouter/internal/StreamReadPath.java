package dev.creor.provider.openrouter.internal;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.provider.kit.transport.SseEventParser;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The adapter's streaming read path without a socket: socket reads fed in as they come, SSE
 * framing, JSON decoding of every chunk into OpenRouter's wire records and mapping to
 * {@link ChatEvent}s, as {@link HttpChatSession} drives it. Public for Creor's
 * benchmarks, which measure this path from their own package instead of moving a class into
 * this one; not an API.
 *
 * <p>One instance reads one stream, on one thread.
 */
public final class StreamReadPath {
    private final SseEventParser parser;
    private final ChatStreamAssembler assembler;
    private final SseEventParser.Listener listener;

    private StreamReadPath(int maxEventBytes, ChatStreamAssembler assembler, SseEventParser.Listener listener) {
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException("maxEventBytes must be positive: " + maxEventBytes);
        }
        this.parser = new SseEventParser(maxEventBytes);
        this.assembler = assembler;
        this.listener = listener;
    }

    /** Reads a stream answering for {@code requested} into events, refusing events over {@code maxEventBytes}. */
    public static StreamReadPath decoding(ModelRef requested, int maxEventBytes, Consumer<ChatEvent> events) {
        Objects.requireNonNull(events, "events is null");
        ChatStreamAssembler assembler = new ChatStreamAssembler(Objects.requireNonNull(requested, "requested is null"),
                new OpenRouterErrors(requested.provider(), Clock.systemUTC(), null));
        return new StreamReadPath(maxEventBytes, assembler, assembler.listener(events));
    }

    /** Reads SSE framing alone: each event's data handed on undecoded, as bytes of the parser's reused array. */
    public static StreamReadPath framingOnly(int maxEventBytes, Consumer<Object> data) {
        Objects.requireNonNull(data, "data is null");
        return new StreamReadPath(maxEventBytes, null, new SseEventParser.Listener() {
            @Override
            public void onEvent(String text) {
                data.accept(text);
            }

            @Override
            public void onEvent(byte[] bytes, int offset, int length) {
                data.accept(bytes);
            }
        });
    }

    /**
     * One socket read.
     *
     * @throws IllegalStateException when an event exceeds the size limit
     */
    public void feed(Buffer piece) {
        try {
            parser.feed(piece, listener);
        } catch (SseEventParser.EventTooLargeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The end of the body.
     *
     * @throws IllegalStateException when the last event exceeds the size limit
     */
    public void end() {
        try {
            parser.end(listener);
        } catch (SseEventParser.EventTooLargeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Whether the stream ended with {@code Completed}; false when framing only. */
    public boolean completed() {
        return assembler != null && assembler.completed();
    }
}
