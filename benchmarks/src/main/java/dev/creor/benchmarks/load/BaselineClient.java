package dev.creor.benchmarks.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: what a program would do without Creor. Plain Vert.x {@code HttpClient} (the
 * client the adapter is built on), the request body written by hand, the JSON answer checked
 * by a substring search and the stream read as bytes up to {@code data: [DONE]}: no parsing,
 * no events, no routing. It has the runtime's shape: as many event loops, a pooled keep-alive
 * client.
 */
final class BaselineClient implements LoadClient {
    private static final byte[] DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHOICES = "\"choices\"".getBytes(StandardCharsets.US_ASCII);

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final String endpoint;
    private final String authorization;
    private final Buffer jsonBody;
    private final Buffer streamBody;

    BaselineClient(URI sandbox, String apiKey, int maxConnections) {
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        this.client = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true))
                .with(new PoolOptions().setHttp1MaxSize(maxConnections))
                .build();
        this.endpoint = sandbox + "/chat/completions";
        this.authorization = "Bearer " + apiKey;
        String messages = "[{\"role\":\"user\",\"content\":\"" + BenchWorkspace.PROMPT + "\"}]";
        this.jsonBody = Buffer.buffer("{\"model\":\"" + BenchWorkspace.MODEL + "\",\"messages\":" + messages
                + ",\"stream\":false}");
        this.streamBody = Buffer.buffer("{\"model\":\"" + BenchWorkspace.MODEL + "\",\"messages\":" + messages
                + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public CompletableFuture<Long> send(Kind kind) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        // Like the adapter: the exchange runs on one context, so the response's handlers are set
        // in the same task that delivers its head, before any of its body can be dispatched.
        vertx.getOrCreateContext().runOnContext(ignored -> exchange(kind, done));
        return done;
    }

    private void exchange(Kind kind, CompletableFuture<Long> done) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(endpoint)
                .putHeader(HttpHeaders.AUTHORIZATION, authorization)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, kind == Kind.STREAM ? "text/event-stream" : "application/json");
        client.request(options).onComplete(obtained -> {
            if (obtained.failed()) {
                done.completeExceptionally(obtained.cause());
                return;
            }
            obtained.result().send(kind == Kind.STREAM ? streamBody : jsonBody).onComplete(answered -> {
                if (answered.failed()) {
                    done.completeExceptionally(answered.cause());
                } else if (answered.result().statusCode() != 200) {
                    done.completeExceptionally(new IllegalStateException("HTTP " + answered.result().statusCode()));
                } else if (kind == Kind.STREAM) {
                    readStream(answered.result(), done);
                } else {
                    answered.result().body().onComplete(body -> {
                        if (body.succeeded() && contains(body.result(), CHOICES)) {
                            done.complete(0L);
                        } else {
                            done.completeExceptionally(body.failed() ? body.cause()
                                    : new IllegalStateException("the JSON answer has no choices"));
                        }
                    });
                }
            });
        });
    }

    /** The trivial SSE read: note when the first bytes come, look for {@code [DONE]} in each buffer. */
    private static void readStream(HttpClientResponse response, CompletableFuture<Long> done) {
        long[] firstToken = {0};
        boolean[] sawDone = {false};
        response.handler(data -> {
            if (firstToken[0] == 0) {
                firstToken[0] = System.nanoTime();
            }
            sawDone[0] |= contains(data, DONE);
        });
        response.exceptionHandler(done::completeExceptionally);
        response.endHandler(ignored -> {
            if (sawDone[0]) {
                done.complete(firstToken[0]);
            } else {
                done.completeExceptionally(new IllegalStateException("the stream ended without [DONE]"));
            }
        });
    }

    private static boolean contains(Buffer buffer, byte[] needle) {
        int last = buffer.length() - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer.getByte(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        try {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the baseline client did not close cleanly", e);
        }
    }
}
