package dev.creor.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.runtime.internal.logging.Redaction;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local web server behind {@code creor settings}: the settings page and its JSON API, on
 * {@code 127.0.0.1} only.
 *
 * <pre>{@code
 * SettingsServer server = SettingsServer.builder(backend).port(0).build();
 * URI url = server.start();      // http://127.0.0.1:PORT/?token=...
 * BrowserLauncher.forSystem(environment).open(url);
 * ...
 * server.close();
 * }</pre>
 *
 * <h2>Security</h2>
 * Any web site the user visits can make the browser send requests to {@code 127.0.0.1}, and a
 * DNS-rebinding site can even read the answers, so every request must pass these checks:
 * <ul>
 *   <li>{@code Host} is {@code 127.0.0.1:PORT} or {@code localhost:PORT} (defeats DNS rebinding);
 *       {@code Origin}, when sent, is the same origin; {@code Sec-Fetch-Site}, when sent, is
 *       {@code same-origin} or {@code none}.</li>
 *   <li>The URL carries a random 256-bit token. Its first use exchanges it for a session cookie
 *       ({@code HttpOnly}, {@code SameSite=Strict}) and redirects to {@code /}, so the token
 *       leaves the address bar and can never be used again. Every other request needs the
 *       cookie.</li>
 *   <li>API requests also need the header {@code X-Creor-CSRF} with a token that only the page
 *       itself holds; calls that change anything are {@code POST} with a JSON body.</li>
 *   <li>Answers say {@code Cache-Control: no-store}, forbid framing, and carry a strict
 *       Content-Security-Policy (scripts and styles from this server only, no inline code).</li>
 *   <li>Keys travel only from the page to the server; answers show them masked.</li>
 *   <li>A connection that has nothing to be answered for {@link Builder#idleTimeout} (60 s) is
 *       closed: idle between requests, or still sending a request's head and body, so that
 *       neither keep-alives nor a slowloris hold connections for ever. Bodies are capped at
 *       256 KiB ({@code 413}), refused before they are read when their length says so.</li>
 * </ul>
 */
public final class SettingsServer implements AutoCloseable {
    /** The header API requests carry the page's CSRF token in. */
    public static final String CSRF_HEADER = "X-Creor-CSRF";
    /** The session cookie's name. */
    public static final String SESSION_COOKIE = "creor-settings-session";

    private static final System.Logger LOGGER = System.getLogger(SettingsServer.class.getName());
    private static final String HOST = "127.0.0.1";
    private static final int TOKEN_BYTES = 32;
    private static final int MAX_BODY_BYTES = 256 * 1024;
    /** How long a connection may hold the page without a request to answer, unless the builder sets another. */
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String RESOURCES = "/dev/creor/settings/";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Pattern AGENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final SettingsBackend backend;
    private final int requestedPort;
    private final Vertx sharedVertx;
    private final Duration idleTimeout;
    private final String token;
    private final String session;
    private final String csrf;
    private final AtomicBoolean tokenUsed = new AtomicBoolean();
    private final List<Route> routes = new ArrayList<>();
    private final byte[] script;
    private final byte[] styles;
    private final byte[] page;

    // Written by start() and close(), read by the event loop's request handlers.
    private volatile Vertx vertx;
    private volatile HttpServer http;
    private volatile int port;

    private SettingsServer(Builder builder) {
        this.backend = builder.backend;
        this.requestedPort = builder.port;
        this.sharedVertx = builder.vertx;
        this.idleTimeout = builder.idleTimeout;
        SecureRandom random = builder.random;
        this.token = randomToken(random);
        this.session = randomToken(random);
        this.csrf = randomToken(random);
        this.script = resource("settings.js");
        this.styles = resource("settings.css");
        this.page = new String(resource("index.html"), StandardCharsets.UTF_8).replace("{{csrf}}", csrf)
                .getBytes(StandardCharsets.UTF_8);
        defineRoutes();
    }

    /** Starts describing a server over the given backend. */
    public static Builder builder(SettingsBackend backend) {
        return new Builder(backend);
    }

    /**
     * Starts listening on {@code 127.0.0.1} and returns the URL to open, with its one-time
     * token. Blocks until the server listens; do not call it on an event loop.
     *
     * @throws CreorException {@code IO_ERROR} when the port cannot be had (in use, not allowed)
     */
    public synchronized URI start() {
        if (http != null) {
            throw new IllegalStateException("the settings server is started already");
        }
        vertx = sharedVertx != null ? sharedVertx : Vertx.vertx();
        // HTTP/1.1 only: listening for HTTP/2's preface would keep a connection out of sight until its
        // first bytes, so that one that never sends any could not be timed.
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(HOST).setPort(requestedPort)
                .setHttp2ClearTextEnabled(false));
        IdleConnections idle = new IdleConnections(vertx, idleTimeout);
        server.connectionHandler(connection -> {
            idle.opened(connection);
            connection.closeHandler(closed -> idle.closed(connection));
        });
        server.requestHandler(request -> {
            idle.requestArrived(request);
            handle(request);
        });
        try {
            server.listen().toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            closeOwnVertx();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw CreorException.builder(ErrorCode.IO_ERROR, "the settings page could not listen on " + HOST + ":"
                            + requestedPort + ": " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : " " + cause.getMessage()))
                    .hint(requestedPort == 0 ? "try again" : "choose another --port, or leave it out to use a free one")
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeOwnVertx();
            throw CreorException.of(ErrorCode.CANCELLED, "interrupted while starting the settings page");
        }
        http = server;
        port = server.actualPort();
        LOGGER.log(System.Logger.Level.DEBUG, "settings page listening on {0}:{1}", HOST, Integer.toString(port));
        return url();
    }

    /** The URL to open, {@code http://127.0.0.1:PORT/?token=...}; valid once started. */
    public URI url() {
        requireStarted();
        return URI.create("http://" + HOST + ":" + port + "/?token=" + token);
    }

    /** The port the server listens on; valid once started. */
    public int port() {
        requireStarted();
        return port;
    }

    /** Stops listening and, when the server created its own Vert.x, closes it. Idempotent; blocks. */
    @Override
    public synchronized void close() {
        if (http == null) {
            return;
        }
        try {
            http.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.log(System.Logger.Level.WARNING, "the settings page did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http = null;
            closeOwnVertx();
        }
    }

    private void closeOwnVertx() {
        if (sharedVertx == null && vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOGGER.log(System.Logger.Level.WARNING, "Vert.x of the settings page did not stop cleanly", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        vertx = null;
    }

    private void requireStarted() {
        if (port == 0) {
            throw new IllegalStateException("the settings server is not started");
        }
    }

    // ---------------------------------------------------------------- requests

    private void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        response.putHeader("Cache-Control", "no-store")
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Cross-Origin-Resource-Policy", "same-origin");
        String foreign = foreignRequest(request);
        if (foreign != null) {
            text(request, 403, foreign);
            return;
        }
        String path = request.path();
        if (path.equals("/") && request.getParam("token") != null) {
            exchangeToken(request);
            return;
        }
        if (!hasSession(request)) {
            text(request, 401, "This page needs the link that `creor settings` printed. Run `creor settings` again "
                    + "for a new one.");
            return;
        }
        if (!path.startsWith("/api/")) {
            serveFile(request, path);
            return;
        }
        if (!matches(csrf, request.getHeader(CSRF_HEADER))) {
            error(request, 403, "FORBIDDEN", "the request lacks the page's " + CSRF_HEADER + " header");
            return;
        }
        route(request, path);
    }

    /** Why the request does not come from this server's own page, or null when it does. */
    private String foreignRequest(HttpServerRequest request) {
        String host = request.getHeader("Host");
        Set<String> hosts = Set.of(HOST + ":" + port, "localhost:" + port);
        if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
            return "This server answers only to http://" + HOST + ":" + port + "/.";
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            return "Requests from other sites are refused.";
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "Requests from other sites are refused.";
        }
        return null;
    }

    private void exchangeToken(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET) {
            text(request, 405, "Open the link in a browser.");
            return;
        }
        if (!matches(token, request.getParam("token"))) {
            text(request, 401, "This link is not valid (perhaps from an earlier run). Run `creor settings` again for a "
                    + "new one.");
            return;
        }
        boolean first = tokenUsed.compareAndSet(false, true);
        if (!first && !hasSession(request)) {
            text(request, 403, "This link has been used already, and works only once. Run `creor settings` again "
                    + "for a new one.");
            return;
        }
        request.response()
                .addCookie(Cookie.cookie(SESSION_COOKIE, session).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                        .setPath("/"))
                .putHeader("Location", "/")
                .setStatusCode(303)
                .end();
    }

    private boolean hasSession(HttpServerRequest request) {
        Cookie cookie = request.getCookie(SESSION_COOKIE);
        return cookie != null && matches(session, cookie.getValue());
    }

    private void serveFile(HttpServerRequest request, String path) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().putHeader("Allow", "GET");
            text(request, 405, "Only GET is allowed here.");
            return;
        }
        switch (path) {
            case "/" -> send(request, 200, "text/html; charset=utf-8", page);
            case "/settings.js" -> send(request, 200, "text/javascript; charset=utf-8", script);
            case "/settings.css" -> send(request, 200, "text/css; charset=utf-8", styles);
            default -> text(request, 404, "Not found.");
        }
    }

    private void defineRoutes() {
        String provider = "/api/providers/(" + PROVIDER.pattern() + ")";
        get("/api/providers", (request, match) -> blocking(request, backend::providers, SettingsJson::overview));
        post(provider + "/key", (request, match, body) -> {
            String key = text(body, "key", "the key");
            boolean verify = !body.has("verify") || bool(body, "verify");
            later(request, () -> backend.saveKey(match.group(1), key, verify), SettingsJson::saved);
        });
        post(provider + "/key/remove", (request, match, body) ->
                blocking(request, () -> backend.removeKey(match.group(1)), SettingsJson::removed));
        post(provider + "/key/verify", (request, match, body) ->
                later(request, () -> backend.verifyKey(match.group(1)), SettingsJson::check));
        get(provider + "/models", (request, match) -> {
            String query = request.getParam("q") == null ? "" : request.getParam("q");
            later(request, () -> backend.models(match.group(1)),
                    models -> SettingsJson.models(match.group(1), models, query));
        });
        get(provider + "/preferences", (request, match) ->
                blocking(request, () -> backend.preferences(match.group(1)), SettingsJson::preferences));
        post(provider + "/preferences", (request, match, body) -> {
            List<String> whitelist = textList(body, "whitelist");
            RequestTimeout timeout = timeout(body.get("timeout"));
            later(request, () -> backend.savePreferences(match.group(1), whitelist, timeout), SettingsJson::configSaved);
        });
        get("/api/agents", (request, match) -> later(request, backend::agents, SettingsJson::agents));
        post("/api/agents/(" + AGENT.pattern() + ")/model", (request, match, body) -> {
            String model = text(body, "model", "the model");
            later(request, () -> backend.setAgentModel(match.group(1), model), SettingsJson::configSaved);
        });
    }

    private void route(HttpServerRequest request, String path) {
        List<String> allowed = new ArrayList<>();
        for (Route route : routes) {
            Matcher match = route.path.matcher(path);
            if (!match.matches()) {
                continue;
            }
            if (route.method != request.method()) {
                allowed.add(route.method.name());
                continue;
            }
            if (route.method == HttpMethod.GET) {
                route.get.handle(request, match);
            } else {
                readJson(request, body -> route.post.handle(request, match, body));
            }
            return;
        }
        if (!allowed.isEmpty()) {
            request.response().putHeader("Allow", String.join(", ", allowed));
            error(request, 405, "METHOD_NOT_ALLOWED", request.method() + " is not allowed here; use "
                    + String.join(" or ", allowed));
            return;
        }
        error(request, 404, "NOT_FOUND", "there is no " + path);
    }

    private void readJson(HttpServerRequest request, BodyHandler handler) {
        String type = request.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            error(request, 415, "UNSUPPORTED_MEDIA_TYPE", "send the request as application/json");
            return;
        }
        String declared = request.getHeader("Content-Length");
        if (declared != null && declared.trim().length() > 0 && declaredTooLarge(declared.trim())) {
            // Refused before reading; what the client still sends is read and dropped.
            request.handler(dropped -> { });
            error(request, 413, "TOO_LARGE", "the request is larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        Buffer body = Buffer.buffer();
        AtomicBoolean tooLarge = new AtomicBoolean();
        request.handler(chunk -> {
            if (tooLarge.get()) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                tooLarge.set(true);
                error(request, 413, "TOO_LARGE", "the request is larger than " + MAX_BODY_BYTES + " bytes");
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> LOGGER.log(System.Logger.Level.DEBUG, "request failed", failure));
        request.endHandler(done -> {
            if (tooLarge.get()) {
                return;
            }
            JsonNode json;
            try {
                json = JSON.readTree(body.getBytes());
            } catch (IOException e) {
                // The body may hold a key: its text is never echoed.
                error(request, 400, "BAD_REQUEST", "the request is not valid JSON");
                return;
            }
            if (json == null || !json.isObject()) {
                error(request, 400, "BAD_REQUEST", "the request must be a JSON object");
                return;
            }
            try {
                handler.handle(json);
            } catch (CreorException refused) {
                fail(request, refused);
            }
        });
    }

    private static boolean declaredTooLarge(String contentLength) {
        try {
            return Long.parseLong(contentLength) > MAX_BODY_BYTES;
        } catch (NumberFormatException malformed) {
            return false;
        }
    }

    /** Runs a blocking backend call on a worker thread and answers with its result. */
    private <T> void blocking(HttpServerRequest request, Callable<T> call,
            Function<T, Map<String, Object>> render) {
        vertx.executeBlocking(call, false).onComplete(result -> {
            if (result.succeeded()) {
                respond(request, result.result(), render);
            } else {
                fail(request, result.cause());
            }
        });
    }

    /** Starts an asynchronous backend call on a worker thread and answers when it completes. */
    private <T> void later(HttpServerRequest request, Callable<CompletionStage<T>> call,
            Function<T, Map<String, Object>> render) {
        Context context = vertx.getOrCreateContext();
        vertx.executeBlocking(call, false)
                .compose(stage -> Future.fromCompletionStage(stage, context))
                .onComplete(result -> {
                    if (result.succeeded()) {
                        respond(request, result.result(), render);
                    } else {
                        fail(request, result.cause());
                    }
                });
    }

    private <T> void respond(HttpServerRequest request, T result, Function<T, Map<String, Object>> render) {
        Map<String, Object> json;
        try {
            json = render.apply(result);
        } catch (RuntimeException e) {
            fail(request, e);
            return;
        }
        boolean refused = result instanceof ConfigSaved saved && saved.outcome() instanceof EditOutcome.Refused;
        json(request, refused ? 409 : 200, json);
    }

    private void fail(HttpServerRequest request, Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CreorException error) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("code", error.code().name());
            // Messages may quote config values, and a key may have been pasted into one.
            body.put("message", Redaction.redact(error.getMessage()));
            body.put("hint", error.hint().map(Redaction::redact).orElse(null));
            json(request, statusOf(error.code()), Map.of("error", body));
            return;
        }
        LOGGER.log(System.Logger.Level.WARNING, "the settings page failed on " + request.path() + " with "
                + cause.getClass().getName());
        error(request, 500, "INTERNAL", "Creor failed unexpectedly (" + cause.getClass().getSimpleName()
                + "); please report it");
    }

    private static int statusOf(ErrorCode code) {
        return switch (code) {
            case USAGE, CONFIG_INVALID, AUTH_MISSING, AUTH_INVALID, MODEL_NOT_FOUND, MODEL_NOT_ALLOWED,
                    INVALID_REQUEST -> 400;
            case PROVIDER_UNAVAILABLE, TIMEOUT, RATE_LIMITED, INSUFFICIENT_CREDITS, MALFORMED_RESPONSE,
                    STREAM_INTERRUPTED, CIRCUIT_OPEN, QUEUE_FULL -> 502;
            default -> 500;
        };
    }

    // ---------------------------------------------------------------- request bodies

    private static String text(JsonNode body, String field, String what) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw badRequest("the request needs " + what + " as text in \"" + field + "\"");
        }
        return value.textValue();
    }

    private static boolean bool(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (!value.isBoolean()) {
            throw badRequest("\"" + field + "\" must be true or false");
        }
        return value.booleanValue();
    }

    private static List<String> textList(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw badRequest("\"" + field + "\" must be a list of model ids");
        }
        List<String> entries = new ArrayList<>();
        for (JsonNode entry : value) {
            if (!entry.isTextual()) {
                throw badRequest("\"" + field + "\" must hold model ids as text");
            }
            entries.add(entry.textValue());
        }
        return entries;
    }

    /** A number or digits of milliseconds, {@code false} for no limit, null or empty text for the default. */
    static RequestTimeout timeout(JsonNode value) {
        if (value == null || value.isNull() || value.isTextual() && value.textValue().isBlank()) {
            return new RequestTimeout.Default();
        }
        if (value.isBoolean() && !value.booleanValue()) {
            return new RequestTimeout.Unlimited();
        }
        String text = value.isIntegralNumber() ? value.asText() : value.isTextual() ? value.textValue().strip() : null;
        if (text != null && text.matches("[0-9]{1,9}")) {
            long millis = Long.parseLong(text);
            if (millis > 0 && millis <= RequestTimeout.MAX_MILLIS) {
                return new RequestTimeout.Limited(millis);
            }
        }
        String shown = value.isTextual() ? "\"" + printable(value.textValue()) + "\"" : value.toString();
        throw CreorException.builder(ErrorCode.CONFIG_INVALID, "the request timeout must be a whole number of "
                        + "milliseconds from 1 to " + RequestTimeout.MAX_MILLIS + ", or no limit; got "
                        + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown))
                .hint("for ten minutes, enter 600000").build();
    }

    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }

    private static CreorException badRequest(String message) {
        return CreorException.of(ErrorCode.USAGE, message);
    }

    // ---------------------------------------------------------------- answers

    private void json(HttpServerRequest request, int status, Map<String, Object> body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON-like map does not serialise", e);
        }
        send(request, status, "application/json; charset=utf-8", bytes);
    }

    private void error(HttpServerRequest request, int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        json(request, status, Map.of("error", body));
    }

    private static void text(HttpServerRequest request, int status, String message) {
        send(request, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpServerRequest request, int status, String type, byte[] body) {
        HttpServerResponse response = request.response();
        if (response.ended()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", type);
        if (request.method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", Integer.toString(body.length)).end();
        } else {
            response.end(Buffer.buffer(body));
        }
    }

    private void get(String path, GetHandler handler) {
        routes.add(new Route(HttpMethod.GET, Pattern.compile(path), handler, null));
    }

    private void post(String path, PostHandler handler) {
        routes.add(new Route(HttpMethod.POST, Pattern.compile(path), null, handler));
    }

    private static boolean matches(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private static String randomToken(SecureRandom random) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] resource(String name) {
        try (InputStream in = SettingsServer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the settings page's " + name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Route(HttpMethod method, Pattern path, GetHandler get, PostHandler post) {
    }

    @FunctionalInterface
    private interface GetHandler {
        void handle(HttpServerRequest request, Matcher match);
    }

    @FunctionalInterface
    private interface PostHandler {
        void handle(HttpServerRequest request, Matcher match, JsonNode body);
    }

    @FunctionalInterface
    private interface BodyHandler {
        void handle(JsonNode body);
    }

    /** Builds a {@link SettingsServer}. */
    public static final class Builder {
        private final SettingsBackend backend;
        private int port;
        private Vertx vertx;
        private SecureRandom random = new SecureRandom();
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

        private Builder(SettingsBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend is null");
        }

        /** The port to listen on; 0, the default, picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw CreorException.builder(ErrorCode.USAGE, "--port must be from 1 to 65535, or 0 for a free one; got "
                        + port).build();
            }
            this.port = port;
            return this;
        }

        /** The Vert.x instance to run on, which the server then does not close; by default it makes its own. */
        public Builder vertx(Vertx vertx) {
            this.vertx = Objects.requireNonNull(vertx, "vertx is null");
            return this;
        }

        /**
         * How long a connection may hold the server without a request to answer: idle between
         * requests, or still sending a request's head and body, counted from when it had
         * nothing to answer, so that neither an idle keep-alive nor a client that never finishes
         * its headers holds a connection for ever. 60 seconds unless set.
         *
         * @throws IllegalArgumentException when the limit is not positive
         */
        public Builder idleTimeout(Duration idleTimeout) {
            Objects.requireNonNull(idleTimeout, "idleTimeout is null");
            if (idleTimeout.isZero() || idleTimeout.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** The source of the tokens; a {@link SecureRandom} unless tests need another. */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random is null");
            return this;
        }

        /** Creates the server; {@link SettingsServer#start()} starts it. */
        public SettingsServer build() {
            return new SettingsServer(this);
        }
    }
}
