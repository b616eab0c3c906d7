package dev.creor.serve;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.RouteReport;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.internal.Suggestions;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorAgent;
import dev.creor.vertx.IdleConnections;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible HTTP gateway in front of a {@link Creor} runtime: {@code GET /v1/models},
 * {@code POST /v1/chat/completions} (whole answers and server-sent events) and
 * {@code GET /healthz}. Every request goes through the runtime's facade, so the agents,
 * whitelists, retries, fallbacks and circuit breakers of the config apply to it.
 *
 * <pre>{@code
 * try (Creor creor = Creor.builder().build();
 *      CreorGateway gateway = CreorGateway.builder(creor, GatewayToken.generate(new SecureRandom())).build()) {
 *     URI base = gateway.start();     // http://127.0.0.1:4141/v1
 *     ...
 * }
 * }</pre>
 *
 * <p>Every request needs {@code Authorization: Bearer TOKEN}; without it the answer is
 * {@code 401}. The gateway listens on {@code 127.0.0.1} unless told otherwise; another address
 * needs a token the user chose, never a generated one. Connections are HTTP/1.1; one that has
 * nothing to answer for the idle limit is closed; bodies are capped; at most
 * {@link Builder#maxConcurrentRequests} answers are under way at once (more get {@code 429}).
 * {@link #close()} cancels the answers in flight (streams end with an error chunk and
 * {@code [DONE]}), then stops listening. It does not close the {@link Creor}.
 */
public final class CreorGateway implements AutoCloseable {
    /** The port {@code creor serve} listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 4141;
    /** The address the gateway listens on unless told otherwise. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    private static final System.Logger LOGGER = System.getLogger(CreorGateway.class.getName());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String AGENT_PREFIX = "agent/";

    private final Creor creor;
    private final GatewayToken token;
    private final String host;
    private final int requestedPort;
    private final int maxConcurrentRequests;
    private final int maxRequestBodyBytes;
    private final Duration idleTimeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<ActiveAnswer> active = ConcurrentHashMap.newKeySet();

    private volatile Vertx vertx;
    private volatile HttpServer http;
    private volatile int port;

    private CreorGateway(Builder builder) {
        this.creor = builder.creor;
        this.token = builder.token;
        this.host = builder.host;
        this.requestedPort = builder.port;
        this.maxConcurrentRequests = builder.maxConcurrentRequests;
        this.maxRequestBodyBytes = builder.maxRequestBodyBytes;
        this.idleTimeout = builder.idleTimeout;
        this.clock = builder.clock;
    }

    /** Starts describing a gateway over the given runtime, guarded by the given token. */
    public static Builder builder(Creor creor, GatewayToken token) {
        return new Builder(creor, token);
    }

    /**
     * Starts listening and returns the API's base URL, {@code http://HOST:PORT/v1}. Blocks until
     * the server listens; do not call it on an event loop.
     *
     * @throws CreorException {@code USAGE} when the host is not a loopback address and the token
     *                        was generated; {@code IO_ERROR} when the port cannot be had
     */
    public synchronized URI start() {
        if (http != null) {
            throw new IllegalStateException("the gateway is started already");
        }
        if (token.generated() && !isLoopback(host)) {
            throw CreorException.builder(ErrorCode.USAGE, "--host " + host + " is reachable from other machines, and "
                            + "a token made up for this run cannot be handed to them safely")
                    .hint("set CREOR_SERVER_TOKEN to a token of your own (e.g. openssl rand -hex 32) to serve on "
                            + host + ", or leave --host out to serve on 127.0.0.1 only")
                    .build();
        }
        Vertx own = Vertx.vertx();
        // HTTP/1.1 only: a connection waiting for HTTP/2's preface would be out of sight of the idle guard.
        HttpServer server = own.createHttpServer(new HttpServerOptions().setHost(host).setPort(requestedPort)
                .setHttp2ClearTextEnabled(false));
        IdleConnections idle = new IdleConnections(own, idleTimeout);
        server.connectionHandler(connection -> {
            idle.opened(connection);
            connection.closeHandler(closed -> idle.closed(connection));
        });
        server.requestHandler(request -> {
            idle.requestArrived(request);
            handle(new GatewayExchange(request));
        });
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            closeVertx(own);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw CreorException.builder(ErrorCode.IO_ERROR, "the gateway could not listen on " + host + ":"
                            + requestedPort + ": " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : " " + cause.getMessage()))
                    .hint("choose another --port, or stop what is listening there")
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeVertx(own);
            throw CreorException.of(ErrorCode.CANCELLED, "interrupted while starting the gateway");
        }
        vertx = own;
        http = server;
        port = server.actualPort();
        return baseUrl();
    }

    /** The API's base URL, {@code http://HOST:PORT/v1}; valid once started. */
    public URI baseUrl() {
        if (port == 0) {
            throw new IllegalStateException("the gateway is not started");
        }
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + shown + ":" + port + "/v1");
    }

    /** The port the gateway listens on; valid once started. */
    public int port() {
        baseUrl();
        return port;
    }

    /** How many answers are under way now. */
    public int inFlightRequests() {
        return inFlight.get();
    }

    /**
     * Cancels the answers in flight (their upstream requests too), stops listening and releases
     * the gateway's threads. Does not close the runtime. Idempotent; blocks; do not call it on an
     * event loop.
     */
    @Override
    public synchronized void close() {
        if (http == null) {
            return;
        }
        List<CompletableFuture<Void>> stopped = new ArrayList<>();
        for (ActiveAnswer answer : active) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            answer.context().runOnContext(ignored -> {
                try {
                    answer.shutDown().run();
                } finally {
                    done.complete(null);
                }
            });
            stopped.add(done);
        }
        try {
            CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)).get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            http.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.log(System.Logger.Level.WARNING, "the gateway did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http = null;
            closeVertx(vertx);
            vertx = null;
        }
    }

    @Override
    public String toString() {
        return "CreorGateway[" + host + ":" + (port == 0 ? requestedPort : port) + ", " + token + "]";
    }

    // ---------------------------------------------------------------- requests

    private void handle(GatewayExchange exchange) {
        HttpServerRequest request = exchange.request();
        if (!token.acceptsHeader(request.getHeader("Authorization"))) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
            exchange.answerError(401, CreorException.builder(ErrorCode.AUTH_INVALID, request.getHeader("Authorization")
                            == null ? "the request has no Authorization header" : "the bearer token is not this gateway's")
                    .hint("send Authorization: Bearer TOKEN with the token creor serve printed or CREOR_SERVER_TOKEN holds")
                    .build());
            return;
        }
        String path = request.path();
        Optional<HttpMethod> expected = switch (path) {
            case "/healthz", "/v1/models" -> Optional.of(HttpMethod.GET);
            case "/v1/chat/completions" -> Optional.of(HttpMethod.POST);
            default -> Optional.empty();
        };
        if (expected.isEmpty()) {
            exchange.answerError(404, CreorException.builder(ErrorCode.INVALID_REQUEST, "there is no " + path + " here")
                    .hint("the gateway serves GET /v1/models, POST /v1/chat/completions and GET /healthz").build());
            return;
        }
        if (request.method() != expected.get()) {
            request.response().putHeader("Allow", expected.get().name());
            exchange.answerError(405, CreorException.of(ErrorCode.INVALID_REQUEST, request.method() + " " + path
                    + " is not served; use " + expected.get().name()));
            return;
        }
        switch (path) {
            case "/healthz" -> exchange.answerJson(200, Map.of("status", "ok"), RouteReport.NONE);
            case "/v1/models" -> listModels(exchange);
            default -> chat(exchange);
        }
    }

    private void listModels(GatewayExchange exchange) {
        Context context = Vertx.currentContext();
        List<Map<String, Object>> data = new ArrayList<>();
        for (CreorAgent agent : creor.agents()) {
            Map<String, Object> entry = modelEntry(AGENT_PREFIX + agent.name(), "creor");
            entry.put("name", "Creor agent " + agent.name());
            entry.put("description", agent.description());
            entry.put("creor", Map.of("agent", agent.name(), "model", agent.model().toString(),
                    "fallbacks", agent.fallbacks().stream().map(Object::toString).toList()));
            data.add(entry);
        }
        creor.models().whenComplete((models, failure) -> context.runOnContext(ignored -> {
            if (failure != null) {
                exchange.answerError(asCreorException(failure));
                return;
            }
            for (ModelInfo model : models) {
                Map<String, Object> entry = modelEntry(model.ref().toString(), model.ref().provider());
                entry.put("name", model.name());
                model.contextLength().ifPresent(length -> entry.put("context_length", length));
                data.add(entry);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("object", "list");
            body.put("data", data);
            exchange.answerJson(200, body, RouteReport.NONE);
        }));
    }

    private static Map<String, Object> modelEntry(String id, String owner) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        entry.put("object", "model");
        entry.put("created", 0);
        entry.put("owned_by", owner);
        return entry;
    }

    private void chat(GatewayExchange exchange) {
        if (inFlight.incrementAndGet() > maxConcurrentRequests) {
            inFlight.decrementAndGet();
            exchange.answerError(CreorException.builder(ErrorCode.QUEUE_FULL, "the gateway is answering "
                            + maxConcurrentRequests + " requests already")
                    .hint("try again shortly, or start creor serve with a higher --max-concurrent").build());
            return;
        }
        exchange.onEnd(inFlight::decrementAndGet);
        Context context = Vertx.currentContext();
        readBody(exchange, body -> {
            CompletionRequest completion;
            try {
                completion = CompletionRequest.parse(body);
            } catch (CreorException e) {
                exchange.answerError(e);
                return;
            }
            exchange.model(completion.model());
            resolve(completion).whenComplete((request, failure) -> context.runOnContext(ignored -> {
                if (failure != null) {
                    exchange.answerError(asCreorException(failure));
                } else if (completion.stream()) {
                    stream(exchange, context, request);
                } else {
                    answer(exchange, context, request);
                }
            }));
        });
    }

    private void answer(GatewayExchange exchange, Context context, ChatRequest request) {
        CompletableFuture<ChatResponse> answer = creor.chat(request).toCompletableFuture();
        ActiveAnswer tracked = new ActiveAnswer(context, () -> {
            answer.cancel(true);
            exchange.answerError(CreorException.builder(ErrorCode.CANCELLED, "the gateway is shutting down")
                    .hint("send the request again when it is back").build());
        });
        active.add(tracked);
        exchange.response().closeHandler(ignored -> {
            // The client gave up: so does the upstream request.
            answer.cancel(true);
            exchange.ended(499, RouteReport.NONE, "client went away");
        });
        String id = completionId();
        long created = clock.instant().getEpochSecond();
        answer.whenComplete((response, failure) -> context.runOnContext(ignored -> {
            active.remove(tracked);
            if (failure != null) {
                exchange.answerError(asCreorException(failure));
            } else {
                exchange.answerJson(200, OpenAiWire.completion(id, created, response), response.route());
            }
        }));
    }

    private void stream(GatewayExchange exchange, Context context, ChatRequest request) {
        StreamRelay relay = new StreamRelay(context, exchange.response(), completionId(),
                clock.instant().getEpochSecond(), exchange.model(), exchange);
        ActiveAnswer tracked = new ActiveAnswer(context, relay::shutDown);
        active.add(tracked);
        exchange.onEnd(() -> {
            active.remove(tracked);
            inFlight.decrementAndGet();
        });
        exchange.response().closeHandler(ignored -> relay.clientGone());
        creor.stream(request).subscribe(relay);
    }

    /** The request the body asks for: an agent's, or one for a model this gateway serves. */
    private CompletableFuture<ChatRequest> resolve(CompletionRequest completion) {
        String model = completion.model();
        try {
            if (model.startsWith(AGENT_PREFIX)) {
                CreorAgent agent = agent(model.substring(AGENT_PREFIX.length()), model);
                ChatRequest.Builder request = completion.refine(agent.request(completion.messages()));
                if (!completion.fallbackIds().isEmpty()) {
                    request.fallbacks(completion.fallbackIds().stream().map(agent.model()::withModel).toList());
                }
                return CompletableFuture.completedFuture(request.build());
            }
        } catch (CreorException e) {
            return CompletableFuture.failedFuture(e);
        }
        return creor.models().toCompletableFuture().handle((models, failure) -> {
            List<ModelInfo> known = failure == null ? models : List.of();
            ModelRef ref = served(model, known, failure == null);
            ChatRequest.Builder request = completion.refine(ChatRequest.builder().model(ref)
                    .messages(completion.messages()));
            if (!completion.fallbackIds().isEmpty()) {
                request.fallbacks(completion.fallbackIds().stream().map(ref::withModel).toList());
            }
            return request.build();
        });
    }

    private CreorAgent agent(String name, String asked) {
        try {
            return creor.agent(name);
        } catch (CreorException e) {
            if (e.code() != ErrorCode.USAGE) {
                throw e;
            }
            List<String> agents = creor.agents().stream().map(agent -> AGENT_PREFIX + agent.name()).toList();
            throw CreorException.builder(ErrorCode.MODEL_NOT_FOUND, "no agent \"" + asked + "\" is served here"
                            + Suggestions.didYouMean(asked, agents))
                    .hint("GET /v1/models lists the agents and models; the agents are " + String.join(", ", agents))
                    .build();
        }
    }

    /**
     * The model ref asked for, when it is one this gateway serves (a listed model, or a variant
     * such as {@code :free} of one); a 404 with did-you-mean candidates otherwise. When the
     * catalogs could not be read the ref is routed as it is, and the router decides.
     */
    private ModelRef served(String asked, List<ModelInfo> models, boolean checkable) {
        Map<String, String> candidates = new LinkedHashMap<>();
        Set<String> refs = new LinkedHashSet<>();
        for (ModelInfo model : models) {
            refs.add(model.ref().toString());
            candidates.put(model.ref().toString(), model.ref().toString());
            candidates.putIfAbsent(model.ref().model(), model.ref().toString());
        }
        Optional<ModelRef> ref = Optional.empty();
        try {
            ref = Optional.of(ModelRef.parse(asked));
        } catch (CreorException e) {
            // Not provider/model-id: answered below as an unknown model, with candidates.
        }
        if (ref.isPresent() && (!checkable || refs.contains(asked) || refs.contains(withoutVariant(asked)))) {
            return ref.get();
        }
        creor.agents().forEach(agent -> candidates.put(AGENT_PREFIX + agent.name(), AGENT_PREFIX + agent.name()));
        List<String> close = Suggestions.closest(asked, candidates.keySet(), 6).stream().map(candidates::get)
                .distinct().limit(3).toList();
        throw CreorException.builder(ErrorCode.MODEL_NOT_FOUND, "the model \"" + asked + "\" is not served here"
                        + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ",
                        close.stream().map(candidate -> "\"" + candidate + "\"").toList()) + "?)"))
                .hint("name a model as provider/model-id (e.g. openrouter/openai/gpt-4o) or an agent as agent/NAME; "
                        + "GET /v1/models lists what the config allows")
                .build();
    }

    private static String withoutVariant(String ref) {
        int colon = ref.lastIndexOf(':');
        return colon < 0 ? ref : ref.substring(0, colon);
    }

    private void readBody(GatewayExchange exchange, java.util.function.Consumer<byte[]> handler) {
        HttpServerRequest request = exchange.request();
        String type = request.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            exchange.answerError(415, CreorException.of(ErrorCode.INVALID_REQUEST,
                    "send the request as Content-Type: application/json"));
            return;
        }
        String declared = request.getHeader("Content-Length");
        if (declared != null && tooLarge(declared.trim())) {
            // Refused before reading; what the client still sends is read and dropped.
            request.handler(dropped -> { });
            exchange.answerError(413, tooLargeError());
            return;
        }
        Buffer body = Buffer.buffer();
        AtomicBoolean refused = new AtomicBoolean();
        request.handler(chunk -> {
            if (refused.get()) {
                return;
            }
            if (body.length() + chunk.length() > maxRequestBodyBytes) {
                refused.set(true);
                exchange.answerError(413, tooLargeError());
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> LOGGER.log(System.Logger.Level.DEBUG, "a request broke off", failure));
        request.endHandler(done -> {
            if (!refused.get()) {
                handler.accept(body.getBytes());
            }
        });
    }

    private boolean tooLarge(String declared) {
        if (!declared.matches("[0-9]{1,18}")) {
            return !declared.isEmpty();
        }
        return Long.parseLong(declared) > maxRequestBodyBytes;
    }

    private CreorException tooLargeError() {
        return CreorException.builder(ErrorCode.INVALID_REQUEST, "the request is larger than " + maxRequestBodyBytes
                + " bytes").hint("start creor serve with a higher --max-body-bytes if such requests are expected").build();
    }

    private String completionId() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return "chatcmpl-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static CreorException asCreorException(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CreorException creor) {
            return creor;
        }
        if (cause instanceof java.util.concurrent.CancellationException) {
            return CreorException.of(ErrorCode.CANCELLED, "the request was cancelled");
        }
        if (cause instanceof IllegalArgumentException) {
            return CreorException.of(ErrorCode.INVALID_REQUEST, String.valueOf(cause.getMessage()));
        }
        LOGGER.log(System.Logger.Level.WARNING, "a request failed unexpectedly", cause);
        return CreorException.builder(ErrorCode.INTERNAL, "the gateway failed: " + cause.getClass().getSimpleName())
                .cause(cause).build();
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void closeVertx(Vertx vertx) {
        if (vertx == null) {
            return;
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.log(System.Logger.Level.WARNING, "the gateway's Vert.x did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An answer under way, and how to end it when the gateway stops (run on its event loop). */
    private record ActiveAnswer(Context context, Runnable shutDown) {
    }

    /** Builds a {@link CreorGateway}. */
    public static final class Builder {
        private final Creor creor;
        private final GatewayToken token;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int maxConcurrentRequests = 64;
        private int maxRequestBodyBytes = 8 * 1024 * 1024;
        private Duration idleTimeout = Duration.ofSeconds(75);
        private Clock clock = Clock.systemUTC();

        private Builder(Creor creor, GatewayToken token) {
            this.creor = Objects.requireNonNull(creor, "creor is null");
            this.token = Objects.requireNonNull(token, "token is null");
        }

        /** The address to listen on; {@code 127.0.0.1} unless set. Another one needs a chosen token. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host is null").strip();
            if (this.host.isEmpty()) {
                throw CreorException.of(ErrorCode.USAGE, "--host is empty; give an address such as 127.0.0.1");
            }
            return this;
        }

        /** The port to listen on; 4141 unless set, 0 for a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw CreorException.of(ErrorCode.USAGE, "--port must be from 1 to 65535, or 0 for a free one; got "
                        + port);
            }
            this.port = port;
            return this;
        }

        /** How many chat answers may be under way at once (64 unless set); more are refused with 429. */
        public Builder maxConcurrentRequests(int max) {
            if (max < 1) {
                throw CreorException.of(ErrorCode.USAGE, "--max-concurrent must be at least 1; got " + max);
            }
            this.maxConcurrentRequests = max;
            return this;
        }

        /** The largest request body accepted (8 MiB unless set); larger ones get 413. */
        public Builder maxRequestBodyBytes(int bytes) {
            if (bytes < 1024) {
                throw CreorException.of(ErrorCode.USAGE, "--max-body-bytes must be at least 1024; got " + bytes);
            }
            this.maxRequestBodyBytes = bytes;
            return this;
        }

        /** How long a connection may hold the gateway with nothing to answer; 75 seconds unless set. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = IdleConnections.requirePositive(idleTimeout);
            return this;
        }

        /** The clock of the answers' {@code created} times; the system clock unless set. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock is null");
            return this;
        }

        /** Creates the gateway; {@link CreorGateway#start()} starts it. */
        public CreorGateway build() {
            return new CreorGateway(this);
        }
    }
}
