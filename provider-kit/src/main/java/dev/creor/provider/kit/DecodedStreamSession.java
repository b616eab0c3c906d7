package dev.creor.provider.kit;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatEvent;
import dev.creor.provider.kit.transport.ChatEventPublisher;
import dev.creor.provider.kit.transport.HttpExchange;
import dev.creor.provider.kit.transport.SseEventParser;
import dev.creor.spi.ProviderContext;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One streamed answer over HTTP: reads the SSE body one socket buffer per {@link #readMore()},
 * parses it incrementally and lets the provider's {@link ProviderContext.Kit.StreamDecoder} turn each
 * event into {@link ChatEvent}s. Lives on the stream's context.
 *
 * <p>An error status, or an answer that is not an event stream, is small: it is read whole at
 * once, whatever the demand, and becomes the one terminal event.
 */
final class DecodedStreamSession implements ChatEventPublisher.StreamSession, HttpExchange.Listener {
    /** Error bodies are small; only the first MiB is kept. */
    private static final int LARGEST_ERROR_BODY = 1024 * 1024;
    /** No SSE event of a chat stream comes near this; a larger one means a broken server. */
    private static final int LARGEST_EVENT = 16 * 1024 * 1024;

    private final HttpExchange exchange;
    private final ProviderContext.Kit.StreamDecoder decoder;
    private final KitErrors errors;
    private final String what;
    private final Consumer<ChatEvent> events;
    private final Runnable eventsReady;
    private final SseEventParser parser = new SseEventParser(LARGEST_EVENT);
    private final SseEventParser.Listener parsed = data -> decode(data);
    private HttpClientResponse response;
    private Buffer wholeBody;
    private boolean fetching;
    private boolean cancelled;
    private boolean ended;

    DecodedStreamSession(HttpExchange exchange, ProviderContext.Kit.StreamDecoder decoder, KitErrors errors, String what,
                         Consumer<ChatEvent> events, Runnable eventsReady) {
        this.exchange = exchange;
        this.decoder = decoder;
        this.errors = errors;
        this.what = what;
        this.events = events;
        this.eventsReady = eventsReady;
    }

    @Override
    public void readMore() {
        if (cancelled || ended || fetching || wholeBody != null || exchange.done() || response == null) {
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
        if (cancelled || ended) {
            return;
        }
        if (wholeBody != null) {
            if (wholeBody.length() + data.length() <= LARGEST_ERROR_BODY) {
                wholeBody.appendBuffer(data);
            }
            return;
        }
        fetching = false;
        try {
            parser.feed(data.getBytes(), parsed);
        } catch (SseEventParser.EventTooLargeException e) {
            emit(ChatEvent.Failed.of(errors.malformed(what, e.getMessage())));
        }
        if (ended && !exchange.done()) {
            exchange.abort();
        }
        eventsReady.run();
    }

    @Override
    public void onEnd() {
        if (cancelled || ended) {
            return;
        }
        fetching = false;
        if (wholeBody != null) {
            finishWholeBody();
            return;
        }
        try {
            parser.end(parsed);
        } catch (SseEventParser.EventTooLargeException e) {
            emit(ChatEvent.Failed.of(errors.malformed(what, e.getMessage())));
        }
        if (!ended) {
            try {
                decoder.onEnd(this::emit);
            } catch (CreorException error) {
                emit(ChatEvent.Failed.of(error));
            } catch (RuntimeException defect) {
                emit(ChatEvent.Failed.of(defect(defect)));
            }
        }
        if (!ended) {
            emit(ChatEvent.Failed.of(errors.endedEarly(what)));
        }
        eventsReady.run();
    }

    @Override
    public void onFailure(CreorException error) {
        if (cancelled || ended) {
            return;
        }
        fetching = false;
        if (wholeBody != null && response.statusCode() != 200) {
            finishWholeBody(); // the error answer broke off or stalled: its status is still worth reporting
            return;
        }
        emit(ChatEvent.Failed.of(error));
        eventsReady.run();
    }

    private void decode(String data) {
        if (ended) {
            return;
        }
        try {
            decoder.onEvent(data, this::emit);
        } catch (CreorException error) {
            emit(ChatEvent.Failed.of(error));
        } catch (RuntimeException defect) {
            emit(ChatEvent.Failed.of(defect(defect)));
        }
    }

    private CreorException defect(RuntimeException defect) {
        return CreorException.builder(ErrorCode.INTERNAL, "the stream decoder of " + errors.service()
                + " failed on the answer for " + what + ": " + defect).cause(defect).build();
    }

    private void finishWholeBody() {
        int status = response.statusCode();
        byte[] body = wholeBody.getBytes();
        CreorException error = status == 200
                ? errors.malformed(what, "expected an event stream but got "
                        + response.getHeader(HttpHeaders.CONTENT_TYPE) + ": "
                        + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8))
                : errors.fromAnswer(status, response.getHeader(HttpHeaders.RETRY_AFTER), body, what);
        emit(ChatEvent.Failed.of(error));
        eventsReady.run();
    }

    private void emit(ChatEvent event) {
        if (ended) {
            return;
        }
        if (event instanceof ChatEvent.Completed || event instanceof ChatEvent.Failed) {
            ended = true;
            if (event instanceof ChatEvent.Completed && !exchange.done()) {
                exchange.release();
            }
        }
        events.accept(event);
    }
}
