package dev.creor.provider.openrouter.internal;

import dev.creor.core.CreorException;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.provider.kit.transport.HttpExchange;
import dev.creor.provider.kit.transport.SseChatSession;
import dev.creor.provider.kit.transport.SseEventParser;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One streamed chat answer over HTTP whose chunks a {@link ChatStreamAssembler} turns into
 * events; reading and framing are the kit's {@link SseChatSession}. Lives on the stream's context.
 *
 * <p>A 200 answer that is not an event stream (a whole JSON answer, or a JSON {@code error}
 * body) is replayed as events or becomes the terminal failure; an error status becomes the
 * terminal failure once the enricher has had its say.
 */
final class HttpChatSession extends SseChatSession {
    private final ChatStreamAssembler assembler;
    private final OpenRouterErrors errors;
    private final ModelRef requested;
    private final Consumer<ChatEvent> events;
    private final BiConsumer<CreorException, Consumer<CreorException>> enricher;
    /** The assembler as the parser's listener: one for the stream, not one per socket read. */
    private final SseEventParser.Listener parsed;

    /**
     * @param enricher turns an error answered before the stream into the final one (e.g. adding
     *                 did-you-mean suggestions to an unknown model), then calls back on this context
     */
    HttpChatSession(HttpExchange exchange, ModelRef requested, OpenRouterErrors errors, Consumer<ChatEvent> events,
                    Runnable eventsReady, BiConsumer<CreorException, Consumer<CreorException>> enricher) {
        super(exchange, eventsReady);
        this.requested = requested;
        this.errors = errors;
        this.assembler = new ChatStreamAssembler(requested, errors);
        this.parsed = assembler.listener(this::emit);
        this.events = events;
        this.enricher = enricher;
    }

    @Override
    protected SseEventParser.Listener eventListener() {
        return parsed;
    }

    @Override
    protected boolean ended() {
        return assembler.ended();
    }

    @Override
    protected boolean completed() {
        return assembler.completed();
    }

    @Override
    protected void eventTooLarge(String problem) {
        assembler.fail(errors.malformed(requested.model(), problem), this::emit);
    }

    @Override
    protected void bodyEnded() {
        assembler.onEnd(this::emit);
    }

    @Override
    protected void broken(CreorException error) {
        assembler.onBroken(error, this::emit);
    }

    @Override
    protected int wholeBodyLimit(int status) {
        return status == 200 ? OpenRouterTransport.LARGEST_BODY : LARGEST_ERROR_BODY;
    }

    @Override
    protected boolean wholeAnswerTooLarge(int limit) {
        assembler.fail(errors.malformed(requested.model(), "the answer is larger than "
                + limit / (1024 * 1024) + " MiB"), this::emit);
        return true;
    }

    @Override
    protected void wholeBodyArrived(HttpClientResponse response, byte[] body) {
        int status = response.statusCode();
        if (status == 200) {
            try {
                assembler.onWholeAnswer(new ChatResponseMapper(errors).map(body, status, requested), this::emit);
            } catch (CreorException error) {
                assembler.fail(error, this::emit);
            }
            return;
        }
        CreorException error = errors.fromResponse(status, response.statusMessage(),
                response.getHeader(HttpHeaders.RETRY_AFTER), response.getHeader(OpenRouterTransport.RATE_LIMIT_RESET),
                body, requested.model());
        enricher.accept(error, enriched -> {
            if (!cancelled()) {
                assembler.fail(enriched, this::emit);
                eventsReady();
            }
        });
    }

    private void emit(ChatEvent event) {
        events.accept(event);
    }
}
