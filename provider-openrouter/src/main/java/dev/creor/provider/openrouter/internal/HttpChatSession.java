package dev.creor.provider.openrouter.internal;

import dev.creor.core.CreorException;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.provider.kit.transport.ChatEventPublisher;
import dev.creor.provider.kit.transport.HttpExchange;
import dev.creor.provider.kit.transport.SseEventParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One streamed chat answer over HTTP: reads the SSE body one socket buffer per
 * {@link #readMore()}, parses it incrementally and lets a {@link ChatStreamAssembler} turn the
 * chunks into events. Lives on the stream's context.
 *
 * <p>An error status, or a 200 answer that is not an event stream (a whole JSON answer, or a
 * JSON {@code error} body), is small: it is read whole at once, whatever the demand, and turned
 * into the terminal event (or, for a whole answer, replayed as events).
 */
final class HttpChatSession implements ChatEventPublisher.StreamSession, HttpExchange.Listener {
    /** Error bodies are small; only the first MiB is kept, since only the error object matters. */
    private static final int LARGEST_ERROR_BODY = 1024 * 1024;
    /** No SSE event of a chat stream comes near this; a larger one means a broken server. */
    private static final int LARGEST_EVENT = 16 * 1024 * 1024;

    private final HttpExchange exchange;
    private final ChatStreamAssembler assembler;
    private final OpenRouterErrors errors;
    private final ModelRef requested;
    private final Consumer<ChatEvent> events;
    private final Runnable eventsReady;
    private final BiConsumer<CreorException, Consumer<CreorException>> enricher;
    private final SseEventParser parser = new SseEventParser(LARGEST_EVENT);
    /** The assembler as the parser's listener: one for the stream, not one per socket read. */
    private final SseEventParser.Listener parsed;
    private HttpClientResponse response;
    private Buffer wholeBody;
    private boolean fetching;
    private boolean cancelled;

    /**
     * @param enricher turns an error answered before the stream into the final one (e.g. adding
     *                 did-you-mean suggestions to an unknown model), then calls back on this context
     */
    HttpChatSession(HttpExchange exchange, ModelRef requested, OpenRouterErrors errors, Consumer<ChatEvent> events,
                    Runnable eventsReady, BiConsumer<CreorException, Consumer<CreorException>> enricher) {
        this.exchange = exchange;
        this.requested = requested;
        this.errors = errors;
        this.assembler = new ChatStreamAssembler(requested, errors);
        this.parsed = assembler.listener(this::emit);
        this.events = events;
        this.eventsReady = eventsReady;
        this.enricher = enricher;
    }

    @Override
    public void readMore() {
        if (cancelled || assembler.ended() || fetching || wholeBody != null || exchange.done() || response == null) {
            return;
        }
        fetching = true;
        exchange.fetch(1);
    }

    @Override
    public void finished() {
        if (!exchange.done()) {
            exchange.release();
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        exchange.abort();
    }

    @Override
    public void onResponse(HttpClientResponse head) {
        response = head;
        String contentType = head.getHeader(HttpHeaders.CONTENT_TYPE);
        boolean eventStream = contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
        if (head.statusCode() != 200 || !eventStream) {
            wholeBody = Buffer.buffer();
            exchange.fetch(Long.MAX_VALUE);
            return;
        }
        eventsReady.run();
    }

    @Override
    public void onData(Buffer data) {
        if (cancelled) {
            return;
        }
        if (wholeBody != null) {
            collect(data);
            return;
        }
        fetching = false;
        try {
            parser.feed(data.getBytes(), parsed);
        } catch (SseEventParser.EventTooLargeException e) {
            assembler.fail(errors.malformed(requested.model(), e.getMessage()), this::emit);
        }
        afterInput();
    }

    @Override
    public void onEnd() {
        if (cancelled) {
            return;
        }
        if (wholeBody != null) {
            finishWholeBody();
            return;
        }
        fetching = false;
        try {
            parser.end(parsed);
        } catch (SseEventParser.EventTooLargeException e) {
            assembler.fail(errors.malformed(requested.model(), e.getMessage()), this::emit);
        }
        assembler.onEnd(this::emit);
        eventsReady.run();
    }

    @Override
    public void onFailure(CreorException error) {
        if (cancelled) {
            return;
        }
        fetching = false;
        if (wholeBody != null && response.statusCode() != 200) {
            // The error answer broke off or stalled: what the status says is still worth reporting.
            finishWholeBody();
            return;
        }
        assembler.onBroken(error, this::emit);
        eventsReady.run();
    }

    private void collect(Buffer data) {
        int limit = response.statusCode() == 200 ? OpenRouterTransport.LARGEST_BODY : LARGEST_ERROR_BODY;
        if (wholeBody.length() + data.length() <= limit) {
            wholeBody.appendBuffer(data);
        } else if (response.statusCode() == 200) {
            exchange.abort();
            assembler.fail(errors.malformed(requested.model(), "the answer is larger than "
                    + limit / (1024 * 1024) + " MiB"), this::emit);
            eventsReady.run();
        }
    }

    private void afterInput() {
        if (assembler.ended() && !exchange.done()) {
            if (assembler.completed()) {
                // [DONE]: drain the rest (usually just the chunked-encoding trailer) for reuse.
                exchange.release();
            } else {
                // An error or malformed chunk: the server may go on writing; close the connection.
                exchange.abort();
            }
        }
        eventsReady.run();
    }

    private void finishWholeBody() {
        byte[] body = wholeBody.getBytes();
        int status = response.statusCode();
        if (status == 200) {
            try {
                assembler.onWholeAnswer(new ChatResponseMapper(errors).map(body, status, requested), this::emit);
            } catch (CreorException error) {
                assembler.fail(error, this::emit);
            }
            eventsReady.run();
            return;
        }
        CreorException error = errors.fromResponse(status, response.statusMessage(),
                response.getHeader(HttpHeaders.RETRY_AFTER), response.getHeader(OpenRouterTransport.RATE_LIMIT_RESET),
                body, requested.model());
        enricher.accept(error, enriched -> {
            if (!cancelled) {
                assembler.fail(enriched, this::emit);
                eventsReady.run();
            }
        });
    }

    private void emit(ChatEvent event) {
        events.accept(event);
    }
}
