package dev.creor.provider.kit.transport;

import dev.creor.core.CreorException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import java.util.Locale;

/**
 * One streamed chat answer over HTTP, as the kit's and the OpenRouter adapter's sessions share
 * it: reads the SSE body one socket buffer per {@link #readMore()}, frames it incrementally and
 * hands every event's data to the subclass's {@link #eventListener()}. Lives on the stream's
 * context.
 *
 * <p>An error status, or an answer that is not an event stream, is small: it is read whole at
 * once, whatever the demand, and handed to {@link #wholeBodyArrived} to become the terminal event.
 * Once the subclass says the stream {@link #ended()}, a completed answer's connection is released
 * for reuse (the rest drained) and any other end closes it, since the server may go on writing.
 */
public abstract class SseChatSession implements ChatEventPublisher.StreamSession, HttpExchange.Listener {
    /** Error bodies are small; only the first MiB is kept, since only the error object matters. */
    protected static final int LARGEST_ERROR_BODY = 1024 * 1024;
    /** No SSE event of a chat stream comes near this; a larger one means a broken server. */
    private static final int LARGEST_EVENT = 16 * 1024 * 1024;

    private final HttpExchange exchange;
    private final Runnable eventsReady;
    private final SseEventParser parser = new SseEventParser(LARGEST_EVENT);
    private HttpClientResponse response;
    private Buffer wholeBody;
    private boolean fetching;
    private boolean cancelled;

    /**
     * @param exchange    the exchange the session reads; start it with this session as its listener
     * @param eventsReady run after events were added (or after anything that may let the
     *                    subscription deliver more)
     */
    protected SseChatSession(HttpExchange exchange, Runnable eventsReady) {
        this.exchange = exchange;
        this.eventsReady = eventsReady;
    }

    /** Receives the data of every event; one listener for the whole stream. */
    protected abstract SseEventParser.Listener eventListener();

    /** Whether the terminal event has been emitted; later input is ignored. */
    protected abstract boolean ended();

    /** Whether the stream ended with {@code Completed}, so the rest of the body may be drained. */
    protected abstract boolean completed();

    /** An event or line exceeded the size limit: end the stream with a malformed-answer failure. */
    protected abstract void eventTooLarge(String problem);

    /** The body ended (its last event already handed on): end the stream if it has not ended. */
    protected abstract void bodyEnded();

    /** The exchange failed mid-stream: a time limit expired or the connection broke. */
    protected abstract void broken(CreorException error);

    /**
     * An error answer, or a 200 answer that is not an event stream, arrived whole (an error
     * answer also when it broke off): end the stream. The session runs {@code eventsReady} after
     * this returns; a subclass that ends the stream later runs it again through
     * {@link #eventsReady()}.
     */
    protected abstract void wholeBodyArrived(HttpClientResponse response, byte[] body);

    /**
     * The most of a whole body kept for {@code status}; by default {@value #LARGEST_ERROR_BODY}
     * bytes, the rest dropped silently.
     */
    protected int wholeBodyLimit(int status) {
        return LARGEST_ERROR_BODY;
    }

    /**
     * A whole 200 answer exceeded {@link #wholeBodyLimit}: whether to give up on it (the session
     * aborts the exchange; the subclass has ended the stream) rather than drop the rest. By
     * default the rest is dropped.
     */
    protected boolean wholeAnswerTooLarge(int limit) {
        return false;
    }

    /** The exchange this session reads. */
    protected final HttpExchange exchange() {
        return exchange;
    }

    /** Whether the subscriber cancelled. */
    protected final boolean cancelled() {
        return cancelled;
    }

    /** Lets the subscription deliver what was added. */
    protected final void eventsReady() {
        eventsReady.run();
    }

    @Override
    public final void readMore() {
        if (cancelled || ended() || fetching || wholeBody != null || exchange.done() || response == null) {
            return;
        }
        fetching = true;
        exchange.fetch(1);
    }

    @Override
    public final void finished() {
        if (!exchange.done()) {
            exchange.release();
        }
    }

    @Override
    public final void cancel() {
        cancelled = true;
        exchange.abort();
    }

    @Override
    public final void onResponse(HttpClientResponse head) {
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
    public final void onData(Buffer data) {
        if (cancelled || ended()) {
            return;
        }
        if (wholeBody != null) {
            collect(data);
            return;
        }
        fetching = false;
        try {
            parser.feed(data, eventListener());
        } catch (SseEventParser.EventTooLargeException e) {
            eventTooLarge(e.getMessage());
        }
        if (ended() && !exchange.done()) {
            if (completed()) {
                // [DONE]: drain the rest (usually just the chunked-encoding trailer) for reuse.
                exchange.release();
            } else {
                // An error or malformed chunk: the server may go on writing; close the connection.
                exchange.abort();
            }
        }
        eventsReady.run();
    }

    @Override
    public final void onEnd() {
        if (cancelled || ended()) {
            return;
        }
        fetching = false;
        if (wholeBody != null) {
            finishWholeBody();
            return;
        }
        try {
            parser.end(eventListener());
        } catch (SseEventParser.EventTooLargeException e) {
            eventTooLarge(e.getMessage());
        }
        if (!ended()) {
            bodyEnded();
        }
        eventsReady.run();
    }

    @Override
    public final void onFailure(CreorException error) {
        if (cancelled || ended()) {
            return;
        }
        fetching = false;
        if (wholeBody != null && response.statusCode() != 200) {
            // The error answer broke off or stalled: what the status says is still worth reporting.
            finishWholeBody();
            return;
        }
        broken(error);
        eventsReady.run();
    }

    private void collect(Buffer data) {
        int status = response.statusCode();
        int limit = wholeBodyLimit(status);
        if (wholeBody.length() + data.length() <= limit) {
            wholeBody.appendBuffer(data);
        } else if (status == 200 && wholeAnswerTooLarge(limit)) {
            exchange.abort();
            eventsReady.run();
        }
    }

    private void finishWholeBody() {
        wholeBodyArrived(response, wholeBody.getBytes());
        eventsReady.run();
    }
}
