package dev.creor.provider.kit;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatEvent;
import dev.creor.provider.kit.transport.HttpExchange;
import dev.creor.provider.kit.transport.SseChatSession;
import dev.creor.provider.kit.transport.SseEventParser;
import dev.creor.spi.ProviderContext;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One streamed answer over HTTP whose events the provider's {@link ProviderContext.Kit.StreamDecoder}
 * turns into {@link ChatEvent}s; reading and framing are {@link SseChatSession}'s. Lives on the
 * stream's context.
 */
final class DecodedStreamSession extends SseChatSession {
    private final ProviderContext.Kit.StreamDecoder decoder;
    private final KitErrors errors;
    private final String what;
    private final Consumer<ChatEvent> events;
    private final SseEventParser.Listener parsed = data -> decode(data);
    private boolean ended;
    private boolean completed;

    DecodedStreamSession(HttpExchange exchange, ProviderContext.Kit.StreamDecoder decoder, KitErrors errors, String what,
                         Consumer<ChatEvent> events, Runnable eventsReady) {
        super(exchange, eventsReady);
        this.decoder = decoder;
        this.errors = errors;
        this.what = what;
        this.events = events;
    }

    @Override
    protected SseEventParser.Listener eventListener() {
        return parsed;
    }

    @Override
    protected boolean ended() {
        return ended;
    }

    @Override
    protected boolean completed() {
        return completed;
    }

    @Override
    protected void eventTooLarge(String problem) {
        emit(ChatEvent.Failed.of(errors.malformed(what, problem)));
    }

    @Override
    protected void bodyEnded() {
        try {
            decoder.onEnd(this::emit);
        } catch (CreorException error) {
            emit(ChatEvent.Failed.of(error));
        } catch (RuntimeException defect) {
            emit(ChatEvent.Failed.of(defect(defect)));
        }
        if (!ended) {
            emit(ChatEvent.Failed.of(errors.endedEarly(what)));
        }
    }

    @Override
    protected void broken(CreorException error) {
        emit(ChatEvent.Failed.of(error));
    }

    @Override
    protected void wholeBodyArrived(HttpClientResponse response, byte[] body) {
        int status = response.statusCode();
        CreorException error = status == 200
                ? errors.malformed(what, "expected an event stream but got "
                        + response.getHeader(HttpHeaders.CONTENT_TYPE) + ": "
                        + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8))
                : errors.fromAnswer(status, response.getHeader(HttpHeaders.RETRY_AFTER), body, what);
        emit(ChatEvent.Failed.of(error));
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

    private void emit(ChatEvent event) {
        if (ended) {
            return;
        }
        if (event instanceof ChatEvent.Completed || event instanceof ChatEvent.Failed) {
            ended = true;
            completed = event instanceof ChatEvent.Completed;
            if (completed && !exchange().done()) {
                exchange().release();
            }
        }
        events.accept(event);
    }
}
