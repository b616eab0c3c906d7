package dev.creor.provider.kit;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatModel;
import dev.creor.provider.kit.transport.ChatEventPublisher;
import dev.creor.provider.kit.transport.HttpExchange;
import dev.creor.provider.kit.transport.TimeLimits;
import dev.creor.provider.kit.transport.VertxTimers;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderSettings;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The kit's HTTP client for one provider: one pooled Vert.x client on the host's Vert.x, the
 * provider's time limits on every exchange, whole answers for JSON calls and decoded SSE streams
 * for chat.
 */
final class KitHttp implements ProviderContext.Kit.Http {
    /** Larger answers are refused rather than buffered: no chat completion or model list is this big. */
    static final int LARGEST_BODY = 64 * 1024 * 1024;

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final TimeLimits limits;
    private final KitErrors errors;
    private final String userAgent;
    private volatile boolean closed;

    KitHttp(Vertx vertx, String service, ProviderSettings settings, String userAgent, Clock clock) {
        this.vertx = vertx;
        this.userAgent = userAgent;
        this.limits = new TimeLimits(service, settings.providerId(), settings.connectTimeout(), settings.chunkTimeout(),
                settings.totalTimeout().orElse(null));
        this.errors = new KitErrors(service, settings.providerId(), clock, settings.credential().orElse(null));
        this.client = vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setConnectTimeout(Math.toIntExact(Math.min(Integer.MAX_VALUE, VertxTimers.millis(limits.connect()))))
                        .setKeepAlive(true)
                        .setVerifyHost(true))
                .with(new PoolOptions().setHttp1MaxSize(16))
                .build();
    }

    KitErrors errors() {
        return errors;
    }

    @Override
    public CompletionStage<ProviderContext.Kit.HttpAnswer> send(ProviderContext.Kit.HttpRequest request) {
        Objects.requireNonNull(request, "request is null");
        CompletableFuture<ProviderContext.Kit.HttpAnswer> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(closedError());
            return result;
        }
        Context context = vertx.getOrCreateContext();
        context.runOnContext(ignored -> {
            if (result.isDone()) {
                return;
            }
            HttpExchange exchange = new HttpExchange(vertx, client, limits, errors, request.what());
            result.whenComplete((answer, error) -> {
                if (result.isCancelled()) {
                    context.runOnContext(cancel -> exchange.abort());
                }
            });
            exchange.start(options(request), Buffer.buffer(request.body()), new HttpExchange.Listener() {
                private HttpClientResponse response;
                private Buffer received;

                @Override
                public void onResponse(HttpClientResponse head) {
                    response = head;
                    received = Buffer.buffer();
                    exchange.fetch(Long.MAX_VALUE);
                }

                @Override
                public void onData(Buffer data) {
                    if (received.length() + data.length() > LARGEST_BODY) {
                        exchange.abort();
                        result.completeExceptionally(errors.malformed(request.what(), "the answer is larger than "
                                + LARGEST_BODY / (1024 * 1024) + " MiB"));
                        return;
                    }
                    received.appendBuffer(data);
                }

                @Override
                public void onEnd() {
                    result.complete(new ProviderContext.Kit.HttpAnswer(response.statusCode(), headers(response),
                            received.getBytes()));
                }

                @Override
                public void onFailure(CreorException error) {
                    result.completeExceptionally(error);
                }
            });
        });
        return result;
    }

    @Override
    public Flow.Publisher<ChatEvent> stream(ProviderContext.Kit.HttpRequest request, ProviderContext.Kit.StreamDecoder decoder) {
        Objects.requireNonNull(request, "request is null");
        Objects.requireNonNull(decoder, "decoder is null");
        if (closed) {
            return ChatModel.failedStream(closedError());
        }
        return new ChatEventPublisher(vertx, (events, eventsReady) -> {
            HttpExchange exchange = new HttpExchange(vertx, client, limits, errors, request.what());
            DecodedStreamSession session = new DecodedStreamSession(exchange, decoder, errors, request.what(), events,
                    eventsReady);
            exchange.start(options(request), Buffer.buffer(request.body()), session);
            return session;
        });
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            client.close();
        }
    }

    private CreorException closedError() {
        return CreorException.of(ErrorCode.USAGE, "the " + errors.service() + " provider is closed; create it again to"
                + " send requests");
    }

    private RequestOptions options(ProviderContext.Kit.HttpRequest request) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method().toUpperCase(Locale.ROOT)))
                .setAbsoluteURI(request.uri().toString())
                .setFollowRedirects(false)
                .putHeader(HttpHeaders.USER_AGENT, userAgent);
        request.headers().forEach(options::putHeader);
        return options;
    }

    static Map<String, String> headers(HttpClientResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().forEach(header -> headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT),
                header.getValue()));
        return headers;
    }
}
