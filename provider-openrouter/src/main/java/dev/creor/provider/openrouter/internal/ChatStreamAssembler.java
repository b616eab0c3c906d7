package dev.creor.provider.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.CreorException;
import dev.creor.core.ModelRef;
import dev.creor.core.RouteReport;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.Usage;
import dev.creor.provider.kit.transport.SseEventParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns the data of OpenRouter's stream chunks into {@link ChatEvent}s and decides how the stream
 * ends. One instance per stream; not thread-safe (it lives on the stream's event loop).
 *
 * <p>It survives every trap of other clients: the empty-choices usage chunk (and the variant with
 * one empty delta), chunks without {@code finish_reason}, comment-only stretches, tool-call
 * arguments in fragments (passed on by {@code index}), and {@code reasoning} deltas. Streamed
 * {@code reasoning_details} fragments are joined into whole entries (see
 * {@link ReasoningDetailsAssembler}); {@code url_citation} annotations become citations. A chunk
 * carrying {@code error} (with a numeric or string code, with or without choices) or
 * {@code finish_reason: "error"} ends the stream with {@link ChatEvent.Failed}, never with a
 * normal end. The stream completes at {@code [DONE]}; it also completes when the body ends, or
 * the connection breaks, after the model has given a finish reason (the answer is whole, only
 * the trailing usage chunk may be missing). Otherwise an early end is
 * {@code STREAM_INTERRUPTED}.
 *
 * <p>The finish reason of a stream that ends without one is {@link FinishReason#UNKNOWN}, even
 * after a normal {@code [DONE]}: the {@link ChatEvent.Completed} event already says the answer
 * ended normally, and the finish reason reports only what the provider said.
 *
 * <p>Most chunks of a stream are plain (a text or reasoning string, maybe a finish reason): a
 * {@link PlainChunkReader} reads those from their bytes, and every other chunk is bound into the
 * {@link Wire} records, with the same events either way.
 */
final class ChatStreamAssembler {
    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private final ModelRef requested;
    private final OpenRouterErrors errors;
    private final StringBuilder deliveredText = new StringBuilder();
    private final ReasoningDetailsAssembler reasoningDetails = new ReasoningDetailsAssembler();
    /** Whether the common chunks are read with the thread's {@link PlainChunkReader} rather than bound. */
    private final boolean readPlainChunks;
    private String servedModel;
    private String upstream;
    private String generationId;
    private FinishReason finishReason;
    private Usage usage = Usage.NONE;
    private boolean ended;
    private boolean completed;

    ChatStreamAssembler(ModelRef requested, OpenRouterErrors errors) {
        this(requested, errors, true);
    }

    /**
     * @param readPlainChunks whether common chunks are read with a {@link PlainChunkReader}
     *                        ({@code false} binds every chunk into the wire records, for tests
     *                        that compare the two)
     */
    ChatStreamAssembler(ModelRef requested, OpenRouterErrors errors, boolean readPlainChunks) {
        this.requested = requested;
        this.errors = errors;
        this.readPlainChunks = readPlainChunks;
    }

    /** Whether a terminal event has been emitted; later input is ignored. */
    boolean ended() {
        return ended;
    }

    /** Whether the stream ended with {@link ChatEvent.Completed}. */
    boolean completed() {
        return completed;
    }

    /** An SSE listener that feeds every event's data to {@link #onData}, as bytes. */
    SseEventParser.Listener listener(Consumer<ChatEvent> sink) {
        return new SseEventParser.Listener() {
            @Override
            public void onEvent(String data) {
                onData(data, sink);
            }

            @Override
            public void onEvent(byte[] data, int offset, int length) {
                onData(data, offset, length, sink);
            }
        };
    }

    /** Whether the model has said why it stopped, so the answer is whole. */
    boolean finished() {
        return finishReason != null;
    }

    /** One SSE event's data. */
    void onData(String data, Consumer<ChatEvent> sink) {
        if (ended) {
            return;
        }
        String trimmed = data.trim();
        if (trimmed.isEmpty()) {
            return;
        }
        if (trimmed.equals("[DONE]")) {
            complete(sink);
            return;
        }
        Wire.Completion chunk;
        try {
            chunk = Json.read(trimmed, Wire.Completion.class);
        } catch (IOException e) {
            fail(errors.malformed(requested.model(), "a stream chunk is not JSON (" + Json.problem(e) + ")"), sink);
            return;
        }
        onChunk(chunk, sink);
    }

    /**
     * One SSE event's data as UTF-8 bytes, read by Jackson as they are: no string per chunk. Data
     * that does not parse (including bytes that are not UTF-8, which decoding would have replaced
     * with U+FFFD) takes the text path, so both paths end the same way.
     */
    void onData(byte[] data, int offset, int length, Consumer<ChatEvent> sink) {
        if (ended) {
            return;
        }
        int start = offset;
        int end = offset + length;
        while (start < end && (data[start] & 0xFF) <= ' ') {
            start++;
        }
        while (end > start && (data[end - 1] & 0xFF) <= ' ') {
            end--;
        }
        if (start == end) {
            return;
        }
        if (end - start == DONE.length && Arrays.equals(data, start, end, DONE, 0, DONE.length)) {
            complete(sink);
            return;
        }
        if (readPlainChunks) {
            PlainChunkReader reader = PlainChunkReader.ofThisThread();
            if (reader.read(data, start, end - start, generationId, servedModel, upstream)) {
                // Taken out of the shared reader before any event goes out (a subscriber may make it read again).
                onPlainChunk(reader.id(), reader.model(), reader.provider(), reader.hasChoice(), reader.hasDelta(),
                        reader.reasoning(), reader.content(), reader.finishReason(), sink);
                return;
            }
        }
        Wire.Completion chunk;
        try {
            chunk = Json.read(data, start, end - start, Wire.Completion.class);
        } catch (IOException e) {
            onData(new String(data, start, end - start, StandardCharsets.UTF_8), sink);
            return;
        }
        onChunk(chunk, sink);
    }

    /** A chunk {@link PlainChunkReader} read: what {@link #onChunk} does with the same chunk, in the same order. */
    private void onPlainChunk(String id, String model, String provider, boolean hasChoice, boolean hasDelta,
                              String reasoning, String content, String finish, Consumer<ChatEvent> sink) {
        remember(model, provider, id);
        if (!hasChoice) {
            return;
        }
        if (hasDelta) {
            if (reasoning != null && !reasoning.isEmpty()) {
                sink.accept(new ChatEvent.ReasoningDelta(reasoning));
            }
            if (content != null && !content.isEmpty()) {
                emitText(content, sink);
            }
        }
        finishWith(ResponseMapping.finishReason(finish), sink);
    }

    private void onChunk(Wire.Completion chunk, Consumer<ChatEvent> sink) {
        if (chunk == null) {
            fail(errors.malformed(requested.model(), "a stream chunk is JSON null"), sink);
            return;
        }
        remember(chunk.model(), chunk.provider(), chunk.id());
        if (chunk.error() != null && chunk.error().isObject()) {
            fail(errors.fromErrorObject(chunk.error(), 200, Optional.empty(), requested.model(),
                    OpenRouterErrors.Source.MID_STREAM), sink);
            return;
        }
        if (chunk.usage() != null) {
            usage = ResponseMapping.usage(chunk.usage());
        }
        if (chunk.choices() == null || chunk.choices().isEmpty()) {
            return;
        }
        Wire.Choice choice = chunk.choices().get(0);
        if (choice == null) {
            fail(errors.malformed(requested.model(), "a stream chunk's first choice is JSON null"), sink);
            return;
        }
        if (choice.error() != null && choice.error().isObject()) {
            fail(errors.fromErrorObject(choice.error(), 200, Optional.empty(), requested.model(),
                    OpenRouterErrors.Source.MID_STREAM), sink);
            return;
        }
        Wire.Message delta = choice.delta() != null ? choice.delta() : choice.message();
        if (delta != null) {
            emitDelta(delta, sink);
        }
        finishWith(ResponseMapping.finishReason(choice.finishReason()), sink);
    }

    private void finishWith(FinishReason reason, Consumer<ChatEvent> sink) {
        if (reason == FinishReason.ERROR) {
            fail(ChatResponseMapper.generationFailed(requested.model(), upstream), sink);
        } else if (reason != null) {
            finishReason = reason;
        }
    }

    /** The body ended without {@code [DONE]}. */
    void onEnd(Consumer<ChatEvent> sink) {
        if (ended) {
            return;
        }
        if (finished()) {
            complete(sink);
        } else {
            fail(errors.endedEarly(requested.model()), sink);
        }
    }

    /**
     * The exchange failed: the connection broke or a time limit expired. After a finish reason
     * the answer is whole and completes; before, the failure ends the stream.
     */
    void onBroken(CreorException failure, Consumer<ChatEvent> sink) {
        if (ended) {
            return;
        }
        if (finished()) {
            complete(sink);
        } else {
            fail(failure, sink);
        }
    }

    /**
     * A whole answer arrived instead of a stream (a server that ignored {@code stream: true}):
     * replays it as events.
     */
    void onWholeAnswer(ChatResponse response, Consumer<ChatEvent> sink) {
        if (ended) {
            return;
        }
        if (!response.reasoning().isEmpty()) {
            sink.accept(new ChatEvent.ReasoningDelta(response.reasoning()));
        }
        List<String> details = response.message().reasoning().map(Message.Reasoning::details).orElse(List.of());
        for (int i = 0; i < details.size(); i++) {
            sink.accept(new ChatEvent.ReasoningDetail(i, details.get(i)));
        }
        response.citations().forEach(citation -> sink.accept(new ChatEvent.CitationAdded(citation)));
        if (!response.text().isEmpty()) {
            emitText(response.text(), sink);
        }
        for (int i = 0; i < response.toolCalls().size(); i++) {
            ToolCall call = response.toolCalls().get(i);
            sink.accept(new ChatEvent.ToolCallDelta(i, call.id(), call.name(), call.arguments()));
        }
        ended = true;
        completed = true;
        sink.accept(new ChatEvent.Completed(response.metadata()));
    }

    /** Ends the stream with the given failure. */
    void fail(CreorException error, Consumer<ChatEvent> sink) {
        if (ended) {
            return;
        }
        ended = true;
        sink.accept(new ChatEvent.Failed(error, deliveredText.toString(), RouteReport.NONE));
    }

    private void remember(String model, String provider, String id) {
        if (model != null && !model.isBlank()) {
            servedModel = model;
        }
        if (provider != null && !provider.isBlank()) {
            upstream = provider;
        }
        if (id != null && !id.isBlank()) {
            generationId = id;
        }
    }

    private void emitDelta(Wire.Message delta, Consumer<ChatEvent> sink) {
        if (delta.reasoning() != null && !delta.reasoning().isEmpty()) {
            sink.accept(new ChatEvent.ReasoningDelta(delta.reasoning()));
        }
        if (delta.reasoningDetails() != null) {
            reasoningDetails.add(delta.reasoningDetails(), sink);
        }
        if (delta.annotations() != null) {
            for (JsonNode annotation : delta.annotations()) {
                ResponseMapping.citation(annotation).ifPresent(citation -> sink.accept(new ChatEvent.CitationAdded(citation)));
            }
        }
        String text = ResponseMapping.text(delta.content());
        if (!text.isEmpty()) {
            emitText(text, sink);
        }
        if (delta.toolCalls() != null) {
            for (int i = 0; i < delta.toolCalls().size(); i++) {
                Wire.ToolCall call = delta.toolCalls().get(i);
                int index = call.index() == null || call.index() < 0 ? i : call.index();
                String name = call.function() == null ? null : blankToNull(call.function().name());
                String arguments = call.function() == null ? "" : ResponseMapping.arguments(call.function().arguments());
                sink.accept(new ChatEvent.ToolCallDelta(index, blankToNull(call.id()), name, arguments));
            }
        }
    }

    private void emitText(String text, Consumer<ChatEvent> sink) {
        deliveredText.append(text);
        sink.accept(new ChatEvent.TextDelta(text));
    }

    private void complete(Consumer<ChatEvent> sink) {
        reasoningDetails.flush(sink);
        ended = true;
        completed = true;
        sink.accept(new ChatEvent.Completed(ResponseMapping.metadata(requested, servedModel, upstream, generationId,
                finishReason, usage)));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
