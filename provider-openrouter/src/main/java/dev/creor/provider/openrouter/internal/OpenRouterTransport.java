package dev.creor.provider.openrouter.internal;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.provider.kit.transport.HttpExchange;
import dev.creor.provider.kit.transport.VertxTimers;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter's HTTP side: one pooled Vert.x {@link HttpClientAgent} for the configured base
 * URL, the headers every request carries, and whole-body calls for the JSON endpoints.
 *
 * <p>Every request carries {@code Authorization: Bearer} (when a key is given), OpenRouter's
 * attribution headers {@code HTTP-Referer}, {@code X-OpenRouter-Title} (and the older
 * {@code X-Title}) and, when configured, {@code X-OpenRouter-Categories}, and the host's
 * {@code User-Agent}.
 */
final class OpenRouterTransport {
    /** Larger answers are refused rather than buffered: no chat completion or model list is this big. */
    static final int LARGEST_BODY = 64 * 1024 * 1024;
    /** When a used-up rate limit (such as a free model's daily cap) resets, in epoch milliseconds. */
    static final String RATE_LIMIT_RESET = "X-RateLimit-Reset";
    /** OpenRouter's attribution headers: they name the app, never a secret, so a debug log shows them. */
    static final Set<String> ATTRIBUTION_HEADERS = Set.of("http-referer", "x-title", "x-openrouter-title",
            "x-openrouter-categories");

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final OpenRouterSettings settings;
    private final String userAgent;
    private final Clock clock;
    /** The request templates of the endpoints asked so far with the provider's key; copied per request. */
    private final Map<Endpoint, RequestOptions> prepared = new ConcurrentHashMap<>();
    private volatile boolean closed;

    OpenRouterTransport(Vertx vertx, OpenRouterSettings settings, String userAgent, Clock clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.userAgent = userAgent;
        this.clock = clock;
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout(Math.toIntExact(Math.min(Integer.MAX_VALUE,
                        VertxTimers.millis(settings.timeLimits().connect()))))
                .setKeepAlive(true)
                .setVerifyHost(true);
        this.client = vertx.httpClientBuilder()
                .with(options)
                .with(new PoolOptions().setHttp1MaxSize(settings.maxConnections()))
                .build();
    }

    Vertx vertx() {
        return vertx;
    }

    OpenRouterSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    /** Error mapping for requests made with the given key (or none). */
    OpenRouterErrors errors(Secret key) {
        return new OpenRouterErrors(settings.providerId(), clock, key, settings.baseUrl().toString());
    }

    /** A new exchange; start it on the context it should live on. */
    HttpExchange exchange(OpenRouterErrors errors, String what) {
        return new HttpExchange(vertx, client, settings.timeLimits(), errors, ATTRIBUTION_HEADERS, what);
    }

    /**
     * The request to an endpoint such as {@code /chat/completions}, with every standard header.
     * With the provider's own key (or none), a copy of a template made on the first request to
     * the endpoint: the URL parsed and the headers (Authorization included) built once rather
     * than per request. Another key (one being inspected) gets its request made afresh, so no
     * key but the provider's is kept.
     */
    RequestOptions request(HttpMethod method, String path, Secret key, String accept) {
        if (key != settings.credential().orElse(null)) {
            return newRequest(method, path, key, accept);
        }
        RequestOptions template = prepared.get(new Endpoint(method, path, accept));
        if (template == null) {
            template = prepared.computeIfAbsent(new Endpoint(method, path, accept),
                    endpoint -> newRequest(method, path, key, accept));
        }
        return new RequestOptions(template);
    }

    private RequestOptions newRequest(HttpMethod method, String path, Secret key, String accept) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(settings.endpoint(path))
                .setFollowRedirects(false)
                .putHeader(HttpHeaders.ACCEPT, accept)
                .putHeader(HttpHeaders.USER_AGENT, userAgent)
                .putHeader("HTTP-Referer", settings.referer())
                // OpenRouter's current name for the app title, and the older one it still accepts.
                .putHeader("X-OpenRouter-Title", settings.title())
                .putHeader("X-Title", settings.title());
        if (!settings.categories().isEmpty()) {
            options.putHeader("X-OpenRouter-Categories", String.join(",", settings.categories()));
        }
        if (key != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key.reveal());
        }
        if (method == HttpMethod.POST) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        return options;
    }

    /**
     * Sends a request and reads the whole answer body, under the time limits. Completes with
     * the answer whatever its status (the caller maps statuses), or exceptionally with a
     * {@link CreorException} for timeouts and transport failures. Cancelling the returned
     * future aborts the request and closes its connection.
     */
    CompletableFuture<WholeAnswer> call(RequestOptions options, Buffer body, OpenRouterErrors errors, String what) {
        CompletableFuture<WholeAnswer> result = new CompletableFuture<>();
        try {
            requireOpen();
        } catch (CreorException closedAlready) {
            result.completeExceptionally(closedAlready);
            return result;
        }
        Context context = vertx.getOrCreateContext();
        context.runOnContext(ignored -> {
            if (result.isDone()) {
                return;
            }
            HttpExchange exchange = exchange(errors, what);
            result.whenComplete((answer, error) -> {
                if (result.isCancelled()) {
                    context.runOnContext(cancel -> exchange.abort());
                }
            });
            exchange.start(options, body, new HttpExchange.Listener() {
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
                        result.completeExceptionally(errors.malformed(what, "the answer is larger than "
                                + LARGEST_BODY / (1024 * 1024) + " MiB"));
                        return;
                    }
                    received.appendBuffer(data);
                }

                @Override
                public void onEnd() {
                    result.complete(new WholeAnswer(response.statusCode(), response.statusMessage(),
                            response.getHeader(HttpHeaders.RETRY_AFTER), response.getHeader(RATE_LIMIT_RESET),
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

    /** Sends a request and reads the answer as JSON bytes, failing on an error status. */
    CompletionStage<byte[]> getJson(String path, Secret key, OpenRouterErrors errors, String what) {
        return call(request(HttpMethod.GET, path, key, "application/json"), Buffer.buffer(), errors, what)
                .thenApply(answer -> {
                    if (answer.status() != 200) {
                        throw errors.fromResponse(answer.status(), answer.statusMessage(), answer.retryAfter(),
                                answer.rateLimitReset(), answer.body(), what);
                    }
                    return answer.body();
                });
    }

    /** Closes the pooled connections; later requests fail with a clear error instead of a connect failure. */
    void close() {
        closed = true;
        client.close();
    }

    /** Fails when the provider was closed. */
    void requireOpen() {
        if (closed) {
            throw CreorException.of(ErrorCode.USAGE, "the OpenRouter provider \"" + settings.providerId()
                    + "\" is closed; create it again to send requests");
        }
    }

    /** What a request template is kept for: the provider's key goes with every one. */
    private record Endpoint(HttpMethod method, String path, String accept) {
    }

    /** A whole answer: status, {@code Retry-After}, {@code X-RateLimit-Reset} (each may be null) and body. */
    record WholeAnswer(int status, String statusMessage, String retryAfter, String rateLimitReset, byte[] body) {
    }

    static CreorException unexpected(String what, Throwable error) {
        return error instanceof CreorException creor ? creor
                : CreorException.builder(ErrorCode.INTERNAL, "the request for " + what + " failed unexpectedly: " + error)
                        .cause(error).build();
    }
}
