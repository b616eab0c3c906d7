package dev.creor.provider.openrouter.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.core.internal.Checks;
import dev.creor.vertx.IdleConnections;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An OpenRouter-compatible HTTP server on loopback, for tests, benchmarks, {@code creor sandbox}
 * and the offline {@code creor demo}.
 *
 * <p>It serves {@code POST /api/v1/chat/completions} (JSON and SSE), {@code GET /api/v1/models},
 * {@code GET /api/v1/key} and {@code GET /api/v1/generation?id=} with deterministic answers,
 * checks the bearer key, records every request and counts its open TCP connections. What it
 * answers can be scripted per model ({@link #script}), per request (the
 * {@value #SCRIPT_HEADER} header) or from a script file ({@link Builder#script}); see
 * {@link SandboxBehaviour} and {@code docs/sandbox.md}.
 *
 * <pre>{@code
 * try (OpenRouterSandbox sandbox = OpenRouterSandbox.start()) {
 *     sandbox.script("openai/gpt-4o", SandboxBehaviour.status(503).times(2), SandboxBehaviour.reply("ok"));
 *     // point the client at sandbox.baseUrl() with sandbox.apiKey()
 *     assertThat(sandbox.awaitRequest(0, Duration.ofSeconds(5)).header("X-Title")).contains("Creor");
 * }
 * }</pre>
 *
 * <p>All answers are written by one event loop without blocking; it never logs the key. The
 * methods of this class are thread-safe; those that wait must not be called on an event loop.
 */
public final class OpenRouterSandbox implements AutoCloseable {
    /**
     * The key a sandbox accepts unless {@link Builder#apiKey} sets another: {@code sk-or-v1-} and
     * 64 hex digits, deliberately a counting sequence so that no one (and no secret scanner)
     * mistakes it for a real OpenRouter key.
     */
    public static final Secret DEFAULT_API_KEY =
            Secret.of("sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789aba2e7");

    /** The request header that scripts one request: a JSON array of steps, overriding per-model scripts. */
    public static final String SCRIPT_HEADER = "X-Creor-Sandbox-Script";

    /**
     * How long a connection may hold the sandbox without a request to answer, unless
     * {@link Builder#idleTimeout} sets another: longer than the 60 s a Vert.x client keeps an idle
     * connection, so that a client never reuses one the sandbox is closing.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(75);

    /** The largest request body accepted unless {@link Builder#maxRequestBodyBytes} sets another: 10 MiB. */
    public static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;

    private static final System.Logger LOGGER = System.getLogger(OpenRouterSandbox.class.getName());
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final HttpServer server;
    private final URI baseUrl;
    private final Secret apiKey;
    private final Scripts scripts;
    private final RequestLog requestLog;
    private final ConnectionCounter connections;
    private final SandboxRequestHandler handler;
    private CompletionStage<Void> closing;

    private OpenRouterSandbox(Vertx vertx, boolean ownsVertx, HttpServer server, Secret apiKey, Scripts scripts,
                              RequestLog requestLog, ConnectionCounter connections, SandboxRequestHandler handler) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.server = server;
        this.baseUrl = URI.create("http://127.0.0.1:" + server.actualPort() + SandboxRequestHandler.API_PREFIX);
        this.apiKey = apiKey;
        this.scripts = scripts;
        this.requestLog = requestLog;
        this.connections = connections;
        this.handler = handler;
    }

    /** Starts a sandbox on a free port with its own Vert.x instance; returns once it listens. */
    public static OpenRouterSandbox start() {
        return builder().start();
    }

    /** Starts configuring a sandbox. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:PORT/api/v1}: what goes into the provider's {@code options.baseURL}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The port the sandbox listens on. */
    public int port() {
        return server.actualPort();
    }

    /** The key the sandbox accepts. */
    public Secret apiKey() {
        return apiKey;
    }

    /** {@code {"baseURL": "<baseUrl>"}}: the provider options that point a client here (the key is not among them). */
    public Map<String, Object> providerOptions() {
        return Map.of("baseURL", baseUrl.toString());
    }

    /**
     * Scripts the answers for a model id (as requested, e.g. {@code openai/gpt-4o}; {@code *} for
     * any model without a script of its own), replacing its previous script. Each request for
     * the model takes the next step; a step with {@link SandboxBehaviour#times} answers that many
     * requests; the last step repeats.
     */
    public void script(String modelId, SandboxBehaviour... steps) {
        Checks.requireText(modelId, "modelId");
        Objects.requireNonNull(steps, "steps is null");
        if (steps.length == 0) {
            throw new IllegalArgumentException("a script for " + modelId + " needs at least one step");
        }
        scripts.put(modelId, List.of(steps));
    }

    /** Removes every script, those of a script file included: each model gives the default reply again. */
    public void clearScripts() {
        scripts.clear();
    }

    /**
     * Caps the free ({@code :free}) model variants like OpenRouter does: {@code requests} per
     * {@code window} (e.g. 50 per day, or 20 per minute) for all of them together, windows
     * aligned to the epoch by the sandbox's clock, counting from now. A request over the cap is
     * answered {@code 429} with {@code X-RateLimit-Reset} (the window's end in epoch
     * milliseconds) and no {@code Retry-After}; a {@code models} fallback list moves on to the
     * next model, as the real service does.
     */
    public void limitFreeModels(int requests, Duration window) {
        handler.freeModels().set(requests, checkedWindow(requests, window), true);
    }

    /**
     * Caps the free model variants like {@link #limitFreeModels}, but a request over the cap is
     * answered {@code 429} with the bare body some of OpenRouter's 429s have ({@code "Rate limit
     * exceeded: free-models-per-day."}, no {@code X-RateLimit-*} headers, no metadata), so that
     * only {@code GET /key} tells a used-up daily cap from a per-minute burst. A one-day
     * {@code window} is the daily limit {@code /key} reports in {@code free_model_daily_requests}.
     */
    public void limitFreeModelsWithoutReset(int requests, Duration window) {
        handler.freeModels().set(requests, checkedWindow(requests, window), false);
    }

    private static Duration checkedWindow(int requests, Duration window) {
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative: " + requests);
        }
        Objects.requireNonNull(window, "window is null");
        if (window.toMillis() <= 0) {
            throw new IllegalArgumentException("window must be at least a millisecond: " + window);
        }
        return window;
    }

    /**
     * Makes {@code GET /key} describe a free-tier key ({@code is_free_tier}: less than 10 credits
     * ever bought), whose daily free-model limit is 50 requests instead of 1,000, or not (the
     * default). A cap set with a one-day window reports that cap instead.
     */
    public void freeTier(boolean freeTier) {
        handler.freeTier(freeTier);
    }

    /** Makes {@code GET /key} answer {@code 500} until called with {@code false}. */
    public void failKeyRequests(boolean failing) {
        handler.failKeyEndpoint(failing);
    }

    /** Lifts the cap {@link #limitFreeModels} or {@link #limitFreeModelsWithoutReset} set. */
    public void unlimitFreeModels() {
        handler.freeModels().clear();
    }

    /** Every request received so far (since the last {@link #clearRequests()}), in arrival order. */
    public List<RecordedRequest> requests() {
        return requestLog.snapshot();
    }

    /** Forgets the recorded requests: the next request gets index 0, as if the sandbox had just started. */
    public void clearRequests() {
        requestLog.clear();
    }

    /**
     * The request with the given index (0 for the first since the start or the last
     * {@link #clearRequests()}), waiting for it.
     *
     * @throws IllegalStateException when it does not arrive within {@code timeout}
     */
    public RecordedRequest awaitRequest(int index, Duration timeout) {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative: " + index);
        }
        return requestLog.await(index, requireWaitable(timeout));
    }

    /**
     * The TCP connections open right now that have sent at least one request. A connection a
     * client opened and never used is not counted (the idle limit closes it).
     */
    public int openConnections() {
        return connections.open();
    }

    /** The TCP connections that have sent a request since the start, open or closed. */
    public long acceptedConnections() {
        return connections.accepted();
    }

    /**
     * Waits until exactly {@code expected} TCP connections that have sent a request are open,
     * e.g. zero after a client cancelled its requests.
     *
     * @throws IllegalStateException when that does not happen within {@code timeout}
     */
    public void awaitOpenConnections(int expected, Duration timeout) {
        if (expected < 0) {
            throw new IllegalArgumentException("expected must not be negative: " + expected);
        }
        connections.await(expected, requireWaitable(timeout));
    }

    /**
     * The pieces of answers (each stream event or keep-alive comment, each JSON body) written to a
     * socket since the start. The sandbox writes a piece only once the previous one left its write
     * queue, so a client that stops reading stops this count, which is how tests see
     * back-pressure reach the upstream.
     */
    public long piecesWritten() {
        return handler.piecesWritten();
    }

    /** Requests whose answer is not over yet: being written, delayed, or stalled until the client leaves. */
    public int inFlightRequests() {
        return handler.inFlight();
    }

    /**
     * Stops the sandbox and waits until its port is closed: open connections are closed, and the
     * sandbox's own Vert.x instance, if it made one, is closed too. Safe to call twice.
     *
     * @throws IllegalStateException when called on an event loop, which must not wait; use {@link #closeAsync()}
     */
    @Override
    public void close() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("close() waits and must not run on an event loop; use closeAsync()");
        }
        try {
            closeAsync().toCompletableFuture().get(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CreorException.of(ErrorCode.CANCELLED, "interrupted while closing the OpenRouter sandbox");
        } catch (ExecutionException | TimeoutException e) {
            throw CreorException.builder(ErrorCode.IO_ERROR, "the OpenRouter sandbox at " + baseUrl + " did not close cleanly")
                    .cause(e).build();
        }
    }

    /** Stops the sandbox without waiting; completes once its port is closed. Safe to call twice. */
    public synchronized CompletionStage<Void> closeAsync() {
        if (closing == null) {
            CompletionStage<Void> serverClosed = server.close().toCompletionStage();
            closing = ownsVertx ? serverClosed.handle((ignored, failure) -> null)
                    .thenCompose(ignored -> closeOffEventLoop(vertx)) : serverClosed;
        }
        return closing;
    }

    /**
     * Closes a Vert.x instance from a thread of its own: a close started on one of the
     * instance's event loops completes its future on that event loop, which closing stops.
     */
    private static CompletionStage<Void> closeOffEventLoop(Vertx vertx) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        ForkJoinPool.commonPool().execute(() -> vertx.close().onComplete(result -> {
            if (result.succeeded()) {
                closed.complete(null);
            } else {
                closed.completeExceptionally(result.cause());
            }
        }));
        return closed;
    }

    /** For the sandbox's own leak tests: timers of unfinished answers. */
    int pendingTimers() {
        return handler.pendingTimers();
    }

    /** The base URL; never the key. */
    @Override
    public String toString() {
        return "OpenRouterSandbox[" + baseUrl + "]";
    }

    private static Duration requireWaitable(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout is null");
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("waiting on an event loop would block it; wait on a test thread instead");
        }
        return timeout;
    }

    /** Configures and starts an {@link OpenRouterSandbox}; every setting is optional. */
    public static final class Builder {
        private int port;
        private Secret apiKey = DEFAULT_API_KEY;
        private Vertx vertx;
        private Clock clock = Clock.systemUTC();
        private Path script;
        private int recordLimit = Integer.MAX_VALUE;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxRequestBodyBytes = DEFAULT_MAX_REQUEST_BODY_BYTES;
        private boolean byok;

        private Builder() {
        }

        /** The loopback port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be within 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** The key to accept instead of {@link #DEFAULT_API_KEY}. */
        public Builder apiKey(Secret apiKey) {
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey is null");
            return this;
        }

        /**
         * The Vert.x instance to run on; the sandbox then closes only its server, never the
         * instance. Without one it makes its own (one event loop) and closes it on close.
         */
        public Builder vertx(Vertx vertx) {
            this.vertx = Objects.requireNonNull(vertx, "vertx is null");
            return this;
        }

        /** The clock for {@code created} timestamps and request times; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock is null");
            return this;
        }

        /**
         * A script file to load at start: {@code {"models": {"<model id>": [<step>, ...]}}},
         * where a step is a behaviour's JSON form ({@link SandboxBehaviour#toJson()}) and
         * {@code "*"} scripts every model without a script of its own. See {@code docs/sandbox.md}.
         */
        public Builder script(Path scriptFile) {
            this.script = Objects.requireNonNull(scriptFile, "scriptFile is null");
            return this;
        }

        /**
         * Keeps only the most recent {@code limit} recorded requests (all of them by default),
         * for sandboxes that serve many requests, such as benchmarks and {@code creor sandbox};
         * 0 records none.
         */
        public Builder recordLimit(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("limit must not be negative: " + limit);
            }
            this.recordLimit = limit;
            return this;
        }

        /**
         * How long a connection may hold the sandbox without a request to answer
         * ({@link #DEFAULT_IDLE_TIMEOUT} unless set): idle between requests, or still sending a
         * request's head and body, counted from when it had nothing to answer, so that neither an
         * idle keep-alive nor a client that never finishes its headers holds a connection for
         * ever. Answers, stalled ones included, are not limited.
         *
         * @throws IllegalArgumentException when the limit is not positive
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = IdleConnections.requirePositive(idleTimeout);
            return this;
        }

        /**
         * The largest request body accepted ({@link #DEFAULT_MAX_REQUEST_BODY_BYTES} unless set);
         * a larger one is answered {@code 413} with OpenRouter's error body, and the connection
         * closed.
         *
         * @throws IllegalArgumentException when the limit is not positive
         */
        public Builder maxRequestBodyBytes(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxRequestBodyBytes must be positive: " + bytes);
            }
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        /**
         * Serves every answer as if the account had its own upstream keys ("bring your own key"):
         * usage says {@code is_byok: true}, {@code cost} is OpenRouter's 5% fee, and
         * {@code cost_details.upstream_inference_cost} what the upstream charged that key.
         *
         * @param byok whether answers are served with the account's own keys
         * @return this builder
         */
        public Builder byok(boolean byok) {
            this.byok = byok;
            return this;
        }

        /**
         * Starts the sandbox and waits until it listens.
         *
         * @throws CreorException {@code IO_ERROR} when the port cannot be bound or the script
         *                        file cannot be read, {@code CONFIG_INVALID} when the script is invalid
         * @throws IllegalStateException when called on an event loop, which must not wait
         */
        public OpenRouterSandbox start() {
            if (Context.isOnEventLoopThread()) {
                throw new IllegalStateException("start() waits and must not run on an event loop; use startAsync()");
            }
            try {
                return startAsync().toCompletableFuture().get(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CreorException.of(ErrorCode.CANCELLED, "interrupted while starting the OpenRouter sandbox");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw CreorException.builder(ErrorCode.INTERNAL, "the OpenRouter sandbox failed to start").cause(e.getCause()).build();
            } catch (TimeoutException e) {
                throw CreorException.of(ErrorCode.TIMEOUT, "the OpenRouter sandbox did not start within " + START_LIMIT);
            }
        }

        /** Starts the sandbox; the stage completes once it listens, or fails with a {@link CreorException}. */
        public CompletionStage<OpenRouterSandbox> startAsync() {
            // Loading the catalogue (Jackson's start-up, mostly) overlaps with Vert.x's: a quicker creor demo.
            CompletableFuture<ModelCatalogue> catalogue = CompletableFuture.supplyAsync(Catalogue::models);
            boolean ownsVertx = vertx == null;
            Vertx runtime = ownsVertx ? Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                    .setInternalBlockingPoolSize(1)) : vertx;
            Path scriptFile = script;
            Settings settings = new Settings(port, apiKey, clock, recordLimit, idleTimeout, maxRequestBodyBytes, byok);
            CompletableFuture<OpenRouterSandbox> started = new CompletableFuture<>();
            CompletionStage<Map<String, List<SandboxBehaviour>>> scripts = scriptFile == null
                    ? CompletableFuture.completedFuture(Map.of())
                    : runtime.executeBlocking(() -> ScriptFiles.read(scriptFile), false).toCompletionStage();
            scripts.thenCombine(catalogue, (scripted, models) -> {
                listen(runtime, ownsVertx, settings, models, scripted, started);
                return null;
            }).exceptionally(failure -> {
                fail(runtime, ownsVertx, failure instanceof CompletionException ? failure.getCause() : failure, started);
                return null;
            });
            return started;
        }

        private static void listen(Vertx runtime, boolean ownsVertx, Settings settings, ModelCatalogue catalogue,
                                   Map<String, List<SandboxBehaviour>> scripted, CompletableFuture<OpenRouterSandbox> started) {
            Scripts scripts = new Scripts();
            scripts.putAll(scripted);
            RequestLog requestLog = new RequestLog(settings.recordLimit());
            ConnectionCounter connections = new ConnectionCounter();
            SandboxRequestHandler handler = new SandboxRequestHandler(runtime, settings.apiKey(), Catalogue.JSON,
                    catalogue, scripts, new Generations(), requestLog, settings.clock(), settings.maxRequestBodyBytes(),
                    settings.byok());
            IdleConnections idle = new IdleConnections(runtime, settings.idleTimeout());
            HttpServer server = runtime.createHttpServer(new HttpServerOptions()
                    .setHost("127.0.0.1")
                    .setPort(settings.port())
                    .setTcpNoDelay(true)
                    .setAcceptBacklog(16_384)
                    .setMaxHeaderSize(64 * 1024)
                    // HTTP/1.1 only. Listening for HTTP/2's preface would also keep a connection out of
                    // sight until its first bytes, so that one that never sends any could not be timed.
                    .setHttp2ClearTextEnabled(false));
            Set<HttpConnection> counted = ConcurrentHashMap.newKeySet();
            server.connectionHandler(connection -> {
                idle.opened(connection);
                connection.closeHandler(ignored -> {
                    idle.closed(connection);
                    if (counted.remove(connection)) {
                        connections.closed();
                    }
                });
            });
            server.requestHandler(request -> {
                // Counted from its first request: a connection a client opened and never used (a
                // request cancelled while connecting leaves one idle in the client's pool) carries no answer.
                if (counted.add(request.connection())) {
                    connections.opened();
                }
                idle.requestArrived(request);
                handler.handle(request);
            });
            server.listen().onComplete(listening -> {
                if (listening.succeeded()) {
                    OpenRouterSandbox sandbox = new OpenRouterSandbox(runtime, ownsVertx, listening.result(),
                            settings.apiKey(), scripts, requestLog, connections, handler);
                    LOGGER.log(System.Logger.Level.DEBUG, "OpenRouter sandbox listening at {0}", sandbox.baseUrl());
                    started.complete(sandbox);
                } else {
                    fail(runtime, ownsVertx, CreorException.builder(ErrorCode.IO_ERROR,
                                    "the OpenRouter sandbox cannot listen on 127.0.0.1:" + settings.port() + ": "
                                            + listening.cause().getMessage())
                            .hint("choose another port, or 0 for any free one")
                            .cause(listening.cause()).build(), started);
                }
            });
        }

        private static void fail(Vertx runtime, boolean ownsVertx, Throwable failure,
                                 CompletableFuture<OpenRouterSandbox> started) {
            Throwable error = failure instanceof CreorException ? failure
                    : CreorException.builder(ErrorCode.INTERNAL, "the OpenRouter sandbox failed to start").cause(failure).build();
            if (ownsVertx) {
                closeOffEventLoop(runtime).whenComplete((ignored, closeFailure) -> started.completeExceptionally(error));
            } else {
                started.completeExceptionally(error);
            }
        }

        /** What the builder held when {@link #startAsync()} was called. */
        private record Settings(int port, Secret apiKey, Clock clock, int recordLimit, Duration idleTimeout,
                                int maxRequestBodyBytes, boolean byok) {
        }
    }

    /** Loaded once per class loader: the catalogue is the same for every sandbox. */
    private static final class Catalogue {
        static final ObjectMapper JSON = new ObjectMapper();
        static final ModelCatalogue MODELS = ModelCatalogue.load(JSON);

        static ModelCatalogue models() {
            return MODELS;
        }
    }
}
