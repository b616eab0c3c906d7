package dev.creor.benchmarks.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The baseline: what a program would do without Creor. Plain Vert.x {@code HttpClient} (the
 * client the adapter is built on), the request body written by hand, the JSON answer checked
 * by a substring search and the stream read as bytes up to {@code data: [DONE]}: no parsing,
 * no events, no routing. It has the runtime's shape: as many event loops, a pooled keep-alive
 * client.
 */
public final class BaselineClient implements LoadClient {
    private static final byte[] DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHOICES = "\"choices\"".getBytes(StandardCharsets.US_ASCII);

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final String endpoint;
    private final String authorization;
    private final Buffer jsonBody;
    private final Buffer streamBody;

    /** A client of the sandbox at {@code sandbox} pooling up to {@code maxConnections} connections. */
    public BaselineClient(URI sandbox, String apiKey, int maxConnections) {
        this(sandbox, apiKey, maxConnections, BenchWorkspace.MODEL);
    }

    /**
     * The same plain client for another OpenAI-compatible endpoint, asking for {@code model} (e.g.
     * {@code creor serve}'s {@code agent/NAME}).
     */
    public BaselineClient(URI sandbox, String apiKey, int maxConnections, String model) {
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
        this.jsonBody = Buffer.buffer("{\"model\":\"" + model + "\",\"messages\":" + messages
                + ",\"stream\":false}");
        this.streamBody = Buffer.buffer("{\"model\":\"" + model + "\",\"messages\":" + messages
                + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public String description() {
        return "plain Vert.x " + Versions.of(Vertx.class) + " HttpClient, no parsing";
    }

    @Override
    public CompletableFuture<Long> chat() {
        CompletableFuture<Long> done = new CompletableFuture<>();
        // Like the adapter: the exchange runs on one context, so the response's handlers are set
        // in the same task that delivers its head, before any of its body can be dispatched.
        vertx.getOrCreateContext().runOnContext(ignored -> client.request(options("application/json"))
                .compose(request -> request.send(jsonBody))
                .onComplete(answered -> {
                    if (answered.failed()) {
                        done.completeExceptionally(answered.cause());
                    } else if (answered.result().statusCode() != 200) {
                        done.completeExceptionally(new IllegalStateException("HTTP " + answered.result().statusCode()));
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
                }));
        return done;
    }

    @Override
    public StreamCall stream(String model, StreamListener listener) {
        Buffer body = model.equals(BenchWorkspace.MODEL) ? streamBody : streamBody(model);
        BaselineStream stream = new BaselineStream(listener);
        vertx.getOrCreateContext().runOnContext(ignored -> client.request(options("text/event-stream")).onComplete(obtained -> {
            if (obtained.failed()) {
                stream.fail(obtained.cause());
                return;
            }
            HttpClientRequest request = obtained.result();
            // Failures also reach the send future; without a handler of its own a reset request logs at ERROR.
            request.exceptionHandler(ignoredFailure -> { });
            if (!stream.attach(request)) {
                return;
            }
            request.send(body).onComplete(answered -> {
                if (answered.failed()) {
                    stream.fail(answered.cause());
                } else if (answered.result().statusCode() != 200) {
                    stream.fail(new IllegalStateException("HTTP " + answered.result().statusCode()));
                } else {
                    stream.read(answered.result());
                }
            });
        }));
        return stream;
    }

    private RequestOptions options(String accept) {
        return new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(endpoint)
                .putHeader(HttpHeaders.AUTHORIZATION, authorization)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, accept);
    }

    private static Buffer streamBody(String model) {
        return Buffer.buffer("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\""
                + BenchWorkspace.PROMPT + "\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    }

    /**
     * The trivial SSE read: every buffer counts as text, {@code [DONE]} is looked for in each. A cancel
     * resets the request (closing its HTTP/1.1 connection), at once if it is under way, else as soon as
     * it is obtained.
     */
    private static final class BaselineStream implements StreamCall {
        private final StreamListener listener;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile HttpClientRequest request;
        private volatile boolean cancelled;
        private boolean sawDone;

        BaselineStream(StreamListener listener) {
            this.listener = listener;
        }

        /** False when cancelled before the request was obtained: then it is reset here. */
        boolean attach(HttpClientRequest obtained) {
            request = obtained;
            if (cancelled) {
                obtained.reset();
                return false;
            }
            return true;
        }

        void read(HttpClientResponse response) {
            response.handler(data -> {
                if (!cancelled) {
                    listener.onText();
                    sawDone |= contains(data, DONE);
                }
            });
            response.exceptionHandler(this::fail);
            response.endHandler(ignored -> {
                if (sawDone) {
                    if (ended.compareAndSet(false, true) && !cancelled) {
                        listener.onCompleted();
                    }
                } else {
                    fail(new IllegalStateException("the stream ended without [DONE]"));
                }
            });
        }

        void fail(Throwable error) {
            if (ended.compareAndSet(false, true) && !cancelled) {
                listener.onFailed(error);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            HttpClientRequest obtained = request;
            if (obtained != null && ended.compareAndSet(false, true)) {
                obtained.reset();
            }
        }
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
