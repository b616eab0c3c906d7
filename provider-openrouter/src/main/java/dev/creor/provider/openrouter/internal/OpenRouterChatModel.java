package dev.creor.provider.openrouter.internal;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatModel;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.provider.kit.transport.ChatEventPublisher;
import dev.creor.provider.kit.transport.HttpExchange;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * OpenRouter's {@code /chat/completions} as a {@link ChatModel}: {@link #chat} asks for a whole
 * JSON answer, {@link #stream} for an SSE stream delivered under Reactive Streams demand.
 *
 * <p>Before anything is sent, the request is checked: a key must be set ({@code AUTH_MISSING}
 * otherwise). The whitelist and blacklist are not checked here: the router checks them once
 * for every request, before it picks a provider, and sends only allowed models (native
 * fallbacks included). Both methods return at once; the returned stage completes, and
 * stream events arrive, on a Vert.x event-loop thread, so callers must not block in them.
 */
final class OpenRouterChatModel implements ChatModel {
    private final OpenRouterTransport transport;
    private final ChatRequestMapper mapper;
    private final OpenRouterModelCatalog catalog;
    private final FreeModelCaps freeModelCaps;

    OpenRouterChatModel(OpenRouterTransport transport, OpenRouterModelCatalog catalog) {
        this.transport = transport;
        this.mapper = new ChatRequestMapper(transport.settings());
        this.catalog = catalog;
        this.freeModelCaps = new FreeModelCaps(transport, catalog);
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request) {
        Objects.requireNonNull(request, "request is null");
        Secret key = transport.settings().credential().orElse(null);
        OpenRouterErrors errors = transport.errors(key);
        Buffer body;
        try {
            body = prepare(request, errors, false);
        } catch (CreorException rejected) {
            return CompletableFuture.failedFuture(rejected);
        }
        String what = request.model().model();
        RequestOptions options = withRequestHeaders(
                transport.request(HttpMethod.POST, "/chat/completions", key, "application/json"), request);
        CompletableFuture<OpenRouterTransport.WholeAnswer> call = transport.call(options, body, errors, what);
        CompletableFuture<ChatResponse> result = call
                .thenCompose(answer -> {
                    if (answer.status() == 200) {
                        ChatResponse response = new ChatResponseMapper(errors).map(answer.body(), answer.status(),
                                request.model());
                        return CompletableFuture.completedFuture(response.withMetadata(CacheSavings.added(
                                response.metadata(), catalog.loadedModel(response.servedModel().model()))));
                    }
                    CreorException error = errors.fromResponse(answer.status(), answer.statusMessage(),
                            answer.retryAfter(), answer.rateLimitReset(), answer.body(), what);
                    return explained(error, what, key).thenApply(enriched -> {
                        throw enriched;
                    });
                });
        // Cancelling the caller's future aborts the request and closes its connection.
        CompletableFuture<ChatResponse> exposed = new CompletableFuture<>();
        result.whenComplete((response, error) -> {
            if (error == null) {
                exposed.complete(response);
            } else {
                exposed.completeExceptionally(OpenRouterTransport.unexpected(what, unwrap(error)));
            }
        });
        exposed.whenComplete((ignored, error) -> {
            if (exposed.isCancelled()) {
                call.cancel(false);
            }
        });
        return exposed;
    }

    @Override
    public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
        Objects.requireNonNull(request, "request is null");
        Vertx vertx = transport.vertx();
        Secret key = transport.settings().credential().orElse(null);
        OpenRouterErrors errors = transport.errors(key);
        return new ChatEventPublisher(vertx, (events, eventsReady) -> {
            Buffer body;
            try {
                body = prepare(request, errors, true);
            } catch (CreorException rejected) {
                return immediateFailure(rejected, events, eventsReady);
            }
            String what = request.model().model();
            HttpExchange exchange = transport.exchange(errors, what);
            Context context = Vertx.currentContext();
            BiConsumer<CreorException, Consumer<CreorException>> enricher = (error, then) ->
                    explained(error, what, key).whenComplete((enriched, ignored) ->
                            context.runOnContext(v -> then.accept(enriched == null ? error : enriched)));
            Consumer<ChatEvent> withSavings = event -> events.accept(CacheSavings.added(event, catalog));
            HttpChatSession session = new HttpChatSession(exchange, request.model(), errors, withSavings, eventsReady,
                    enricher);
            exchange.start(withRequestHeaders(
                    transport.request(HttpMethod.POST, "/chat/completions", key, "text/event-stream"), request), body,
                    session);
            return session;
        });
    }

    /**
     * An error answered before any event, made more useful: did-you-mean suggestions for an
     * unknown model, and what {@code GET /key} says of a free model's 429 that names no reset.
     */
    private CompletionStage<CreorException> explained(CreorException error, String what, Secret key) {
        return catalog.withSuggestions(error, what)
                .thenCompose(enriched -> freeModelCaps.explain(enriched, what, key));
    }

    /**
     * The request's own headers on top of the standard ones; one of the same name (such as an
     * attribution header) replaces the standard value. Core has refused the transport's headers.
     */
    private static RequestOptions withRequestHeaders(RequestOptions options, ChatRequest request) {
        request.headers().forEach(options::putHeader);
        return options;
    }

    /** Checks the request and writes its body; throws what the caller must see instead of an answer. */
    private Buffer prepare(ChatRequest request, OpenRouterErrors errors, boolean stream) {
        transport.requireOpen();
        OpenRouterSettings settings = transport.settings();
        if (!request.model().provider().equals(settings.providerId())) {
            throw CreorException.of(ErrorCode.INVALID_REQUEST, "model " + request.model() + " belongs to provider \""
                    + request.model().provider() + "\", not to \"" + settings.providerId() + "\"");
        }
        if (settings.credential().isEmpty()) {
            throw errors.missingKey();
        }
        return Buffer.buffer(mapper.body(request, stream));
    }

    private static ChatEventPublisher.StreamSession immediateFailure(CreorException error,
                                                                   Consumer<ChatEvent> events, Runnable eventsReady) {
        events.accept(ChatEvent.Failed.of(error));
        eventsReady.run();
        return new ChatEventPublisher.StreamSession() {
            @Override
            public void readMore() {
            }

            @Override
            public void finished() {
            }

            @Override
            public void cancel() {
            }
        };
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while ((current instanceof java.util.concurrent.CompletionException
                || current instanceof java.util.concurrent.ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
