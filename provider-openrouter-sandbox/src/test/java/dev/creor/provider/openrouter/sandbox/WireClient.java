package dev.creor.provider.openrouter.sandbox;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Vert.x HTTP client that reports an answer as it arrived on the wire: each body buffer the
 * client read (one per HTTP chunk at least, so the sandbox's separate writes stay visible),
 * when it arrived, and how the exchange ended.
 */
final class WireClient implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
            new PoolOptions().setHttp1MaxSize(64));

    /** What one request met. */
    static final class Result {
        final long startNanos = System.nanoTime();
        volatile int status = -1;
        final Map<String, String> headers = new TreeMap<>();
        volatile long headersNanos;
        final List<byte[]> buffers = new ArrayList<>();
        final List<Long> arrivals = new ArrayList<>();
        volatile boolean ended;
        volatile Throwable failure;

        String body() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        synchronized byte[] bytes() {
            int size = buffers.stream().mapToInt(b -> b.length).sum();
            byte[] all = new byte[size];
            int at = 0;
            for (byte[] buffer : buffers) {
                System.arraycopy(buffer, 0, all, at, buffer.length);
                at += buffer.length;
            }
            return all;
        }

        /** Byte offsets where one received buffer ended and the next began. */
        synchronized List<Integer> boundaries() {
            List<Integer> boundaries = new ArrayList<>();
            int at = 0;
            for (int i = 0; i < buffers.size() - 1; i++) {
                at += buffers.get(i).length;
                boundaries.add(at);
            }
            return boundaries;
        }

        long millisToHeaders() {
            return TimeUnit.NANOSECONDS.toMillis(headersNanos - startNanos);
        }

        com.fasterxml.jackson.databind.JsonNode json() {
            return SseText.json(body());
        }

        List<String> events() {
            return SseText.events(body());
        }

        List<com.fasterxml.jackson.databind.JsonNode> chunks() {
            return SseText.chunks(body());
        }

        /** Records the first failure only: closing after a timeout makes the client report a closed connection too. */
        synchronized void fail(Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
        }

        synchronized void add(Buffer buffer) {
            buffers.add(buffer.getBytes());
            arrivals.add(System.nanoTime());
        }
    }

    /** Sends a chat completion and waits for the whole answer. */
    Result chat(OpenRouterSandbox sandbox, String body) {
        return chat(sandbox, body, 10_000);
    }

    /** A GET of a path under the base URL, e.g. {@code /generation?id=...}. */
    Result get(OpenRouterSandbox sandbox, String path) {
        return send(HttpMethod.GET, sandbox, path, null, 10_000, -1);
    }

    /** Sends a chat completion and waits for the answer to end, fail, or go idle for {@code idleTimeoutMillis}. */
    Result chat(OpenRouterSandbox sandbox, String body, long idleTimeoutMillis, String... headers) {
        return send(HttpMethod.POST, sandbox, "/chat/completions", body, idleTimeoutMillis, -1, headers);
    }

    /** Like {@link #chat}, but closes the connection once {@code buffers} body buffers have arrived. */
    Result chatAndHangUp(OpenRouterSandbox sandbox, String body, int buffers, String... headers) {
        return send(HttpMethod.POST, sandbox, "/chat/completions", body, 10_000, buffers, headers);
    }

    private Result send(HttpMethod method, OpenRouterSandbox sandbox, String path, String body, long idleTimeoutMillis,
                        int hangUpAfter, String... headers) {
        Result result = new Result();
        CompletableFuture<Result> done = new CompletableFuture<>();
        RequestOptions options = new RequestOptions().setMethod(method)
                .setAbsoluteURI(sandbox.baseUrl() + path)
                .putHeader("Authorization", "Bearer " + sandbox.apiKey().reveal())
                .putHeader("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            options.putHeader(headers[i], headers[i + 1]);
        }
        client.request(options).onComplete(requested -> {
            if (requested.failed()) {
                result.fail(requested.cause());
                done.complete(result);
                return;
            }
            HttpClientRequest request = requested.result();
            // Vert.x's own idle timeout stops once response headers arrive; this one covers the body too.
            IdleTimer idle = new IdleTimer(idleTimeoutMillis, () -> {
                result.fail(new TimeoutException("idle timeout: nothing for " + idleTimeoutMillis + " ms"));
                request.connection().close();
                done.complete(result);
            });
            done.whenComplete((ignored, failure) -> idle.cancel());
            request.exceptionHandler(failure -> {
                result.fail(failure);
                done.complete(result);
            });
            (body == null ? request.send() : request.send(Buffer.buffer(body))).onComplete(responded -> {
                if (responded.failed()) {
                    result.fail(responded.cause());
                    done.complete(result);
                    return;
                }
                var response = responded.result();
                result.headersNanos = System.nanoTime();
                result.status = response.statusCode();
                response.headers().forEach(header -> result.headers.put(header.getKey().toLowerCase(), header.getValue()));
                idle.restart();
                response.handler(buffer -> {
                    idle.restart();
                    result.add(buffer);
                    if (hangUpAfter > 0 && result.buffers.size() == hangUpAfter) {
                        request.connection().close();
                        done.complete(result);
                    }
                });
                response.exceptionHandler(failure -> {
                    result.fail(failure);
                    done.complete(result);
                });
                response.endHandler(ignored -> {
                    result.ended = true;
                    done.complete(result);
                });
            });
        });
        try {
            return done.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the exchange did not finish", e);
        }
    }

    /** Fires when nothing arrived for a while; restarted by every arrival. */
    private final class IdleTimer {
        private final long millis;
        private final Runnable onIdle;
        private long timer;

        IdleTimer(long millis, Runnable onIdle) {
            this.millis = millis;
            this.onIdle = onIdle;
            this.timer = vertx.setTimer(millis, ignored -> onIdle.run());
        }

        void restart() {
            vertx.cancelTimer(timer);
            timer = vertx.setTimer(millis, ignored -> onIdle.run());
        }

        void cancel() {
            vertx.cancelTimer(timer);
        }
    }

    @Override
    public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        // Not InterruptedException: a try-with-resources would have to handle an interrupt it never caused.
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
