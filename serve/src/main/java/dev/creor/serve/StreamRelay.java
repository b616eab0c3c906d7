package dev.creor.serve;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.RouteReport;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ResponseMetadata;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Relays one streamed answer to a client as server-sent events, under back-pressure: it asks the
 * runtime for a few events at a time and asks for more only while the client's connection takes
 * what is written, so a slow reader slows the upstream read instead of filling memory.
 *
 * <p>The headers wait for the first event, so that a request failing before anything was said
 * (no such model, every route down) answers with its HTTP status and an OpenAI error body. A
 * failure after that is sent the way OpenRouter sends one: an error chunk, then {@code [DONE]}.
 * When the client goes away the upstream request is cancelled at once.
 *
 * <p>The subscriber's callbacks arrive on the runtime's threads and are queued; one task on the
 * request's own event loop, where all the state below is read and written, runs whatever is queued
 * and writes the events that arrived together with one flush, so that a burst of events costs one
 * hand-off between event loops and one write instead of one each.
 */
final class StreamRelay implements Flow.Subscriber<ChatEvent> {
    /** Events asked for at a time; more are asked for when half are written and the connection keeps up. */
    private static final int WINDOW = 16;
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Context context;
    private final HttpServerResponse response;
    private final String id;
    private final long created;
    private final String requestedModel;
    private final GatewayExchange exchange;

    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** The frames of the current drain, written with one flush when it ends; null outside a drain. */
    private Buffer batch;
    private Flow.Subscription subscription;
    private int outstanding;
    private boolean started;
    private boolean finished;
    private boolean cancelled;

    StreamRelay(Context context, HttpServerResponse response, String id, long created, String requestedModel,
                GatewayExchange exchange) {
        this.context = context;
        this.response = response;
        this.id = id;
        this.created = created;
        this.requestedModel = requestedModel;
        this.exchange = exchange;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        enqueue(() -> {
            this.subscription = subscription;
            if (finished || cancelled) {
                subscription.cancel();
                return;
            }
            outstanding = WINDOW;
            subscription.request(WINDOW);
        });
    }

    @Override
    public void onNext(ChatEvent event) {
        enqueue(() -> handle(event));
    }

    @Override
    public void onError(Throwable failure) {
        CreorException error = failure instanceof CreorException creor ? creor
                : CreorException.builder(ErrorCode.INTERNAL, "the stream broke: " + failure.getClass().getSimpleName())
                .cause(failure).build();
        enqueue(() -> fail(error));
    }

    @Override
    public void onComplete() {
        enqueue(() -> {
            if (!finished) {
                fail(CreorException.of(ErrorCode.STREAM_INTERRUPTED, "the answer ended without saying how"));
            }
        });
    }

    private void enqueue(Runnable signal) {
        pending.add(signal);
        if (drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> drain());
        }
    }

    /** Runs the queued signals in order on the event loop, then writes what they produced at once. */
    private void drain() {
        drainScheduled.set(false);
        batch = Buffer.buffer();
        try {
            for (Runnable signal = pending.poll(); signal != null; signal = pending.poll()) {
                signal.run();
            }
        } finally {
            Buffer written = batch;
            batch = null;
            if (written.length() > 0 && !response.ended() && !response.closed()) {
                response.write(written);
            }
        }
        askForMore();
    }

    /** The client went away: stop the upstream request now. Runs on the request's event loop. */
    void clientGone() {
        if (finished) {
            return;
        }
        cancelled = true;
        finished = true;
        if (subscription != null) {
            subscription.cancel();
        }
        exchange.ended(499, RouteReport.NONE, "client went away");
    }

    /** The gateway is stopping: cancel the upstream and end the answer cleanly. Runs on the event loop. */
    void shutDown() {
        if (finished) {
            return;
        }
        if (subscription != null) {
            subscription.cancel();
        }
        cancelled = true;
        fail(CreorException.builder(ErrorCode.CANCELLED, "the gateway is shutting down")
                .hint("send the request again when it is back").build());
    }

    private void handle(ChatEvent event) {
        if (finished) {
            return;
        }
        outstanding--;
        if (event instanceof ChatEvent.Completed completed) {
            complete(completed.metadata());
        } else if (event instanceof ChatEvent.Failed failed) {
            fail(failed.error());
        } else {
            boolean first = !started;
            start();
            write(OpenAiWire.chunk(id, created, requestedModel, OpenAiWire.delta(event, first), null));
        }
    }

    private void complete(ResponseMetadata metadata) {
        boolean first = !started;
        start();
        Map<String, Object> delta = first ? Map.of("role", "assistant", "content", "") : Map.of();
        write(OpenAiWire.chunk(id, created, metadata.servedModel().toString(), delta,
                OpenAiWire.finishReason(metadata.finishReason())));
        write(OpenAiWire.usageChunk(id, created, metadata));
        finished = true;
        endWithDone();
        exchange.ended(200, metadata.route(), "");
    }

    private void fail(CreorException error) {
        if (finished && !cancelled) {
            return;
        }
        boolean wasFinished = finished;
        finished = true;
        if (response.ended() || response.closed()) {
            if (!wasFinished) {
                exchange.ended(499, error.route(), error.code().name());
            }
            return;
        }
        if (!started) {
            exchange.answerError(error);
            return;
        }
        write(OpenAiWire.errorChunk(id, created, requestedModel, error));
        endWithDone();
        if (!wasFinished) {
            exchange.ended(200, error.route(), "failed mid-stream " + error.code());
        }
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
    }

    private void write(Map<String, Object> chunk) {
        byte[] json = OpenAiWire.bytes(chunk);
        Buffer frame = batch != null ? batch : Buffer.buffer(json.length + 8);
        frame.appendString("data: ").appendBytes(json).appendString("\n\n");
        if (batch == null) {
            response.write(frame);
        }
    }

    /** Ends the answer with what the current drain wrote, then {@code [DONE]}. */
    private void endWithDone() {
        Buffer last = batch != null ? batch : Buffer.buffer();
        batch = batch != null ? Buffer.buffer() : null;
        response.end(last.appendBytes(DONE));
    }

    private void askForMore() {
        if (finished || subscription == null) {
            return;
        }
        if (response.writeQueueFull()) {
            // The client reads slower than the model writes: ask for nothing more until it catches up.
            response.drainHandler(ignored -> askForMore());
            return;
        }
        if (outstanding <= WINDOW / 2) {
            int more = WINDOW - outstanding;
            outstanding = WINDOW;
            subscription.request(more);
        }
    }
}
