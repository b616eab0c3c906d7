package dev.creor.settings;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.vertx.IdleConnections;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The settings server's HTTP side: the Vert.x server on {@code 127.0.0.1} (HTTP/1.1 only), the
 * headers every answer carries (no caching, no framing, a strict Content-Security-Policy), the
 * page's three files, the body limit ({@value #MAX_BODY_BYTES} bytes, {@code 413}) and the idle
 * limit of connections ({@link IdleConnections}). Each request passes the {@link OriginGuard}
 * first; what it admits under {@code /api/} goes to the API handler, the rest are files.
 */
final class SettingsTransport {
    static final int MAX_BODY_BYTES = 256 * 1024;
    private static final System.Logger LOGGER = System.getLogger(SettingsTransport.class.getName());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String RESOURCES = "/dev/creor/settings/";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final String host;
    private final int requestedPort;
    private final Vertx sharedVertx;
    private final Duration idleTimeout;
    private final OriginGuard guard;
    private final byte[] script;
    private final byte[] styles;
    private final byte[] page;

    // Written by start() and close(), read by the event loop's request handlers.
    private volatile Vertx vertx;
    private volatile HttpServer http;
    private volatile Handler<HttpServerRequest> api;

    SettingsTransport(String host, int requestedPort, Vertx sharedVertx, Duration idleTimeout, OriginGuard guard) {
        this.host = host;
        this.requestedPort = requestedPort;
        this.sharedVertx = sharedVertx;
        this.idleTimeout = idleTimeout;
        this.guard = guard;
        this.script = resource("settings.js");
        this.styles = resource("settings.css");
        this.page = new String(resource("index.html"), StandardCharsets.UTF_8).replace("{{csrf}}", guard.csrfToken())
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Listens, blocking until it does, and returns the port.
     *
     * @param apiFactory makes the handler of admitted API requests, on the Vert.x instance used
     * @throws CreorException {@code IO_ERROR} when the port cannot be had
     */
    int start(Function<Vertx, Handler<HttpServerRequest>> apiFactory) {
        vertx = sharedVertx != null ? sharedVertx : Vertx.vertx();
        api = apiFactory.apply(vertx);
        // HTTP/1.1 only: listening for HTTP/2's preface would keep a connection out of sight until its
        // first bytes, so that one that never sends any could not be timed.
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(requestedPort)
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
            throw CreorException.builder(ErrorCode.IO_ERROR, "the settings page could not listen on " + host + ":"
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
        return server.actualPort();
    }

    /** Whether {@link #start} succeeded and {@link #close} has not been called since. */
    boolean listening() {
        return http != null;
    }

    /** Stops listening and closes its own Vert.x, if it made one; blocks. */
    void close() {
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

    private void handle(HttpServerRequest request) {
        request.response().putHeader("Cache-Control", "no-store")
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin")
                .putHeader("Cross-Origin-Resource-Policy", "same-origin");
        if (!guard.admit(request)) {
            return;
        }
        if (!request.path().startsWith("/api/")) {
            serveFile(request, request.path());
            return;
        }
        if (guard.admitApiCall(request)) {
            api.handle(request);
        }
    }

    private void serveFile(HttpServerRequest request, String path) {
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            request.response().putHeader("Allow", "GET");
            HttpAnswers.text(request, 405, "Only GET is allowed here.");
            return;
        }
        switch (path) {
            case "/" -> HttpAnswers.send(request, 200, "text/html; charset=utf-8", page);
            case "/settings.js" -> HttpAnswers.send(request, 200, "text/javascript; charset=utf-8", script);
            case "/settings.css" -> HttpAnswers.send(request, 200, "text/css; charset=utf-8", styles);
            default -> HttpAnswers.text(request, 404, "Not found.");
        }
    }

    /**
     * Reads a request's body up to {@value #MAX_BODY_BYTES} bytes and hands it on; a larger one is
     * refused with {@code 413}, before it is read when its {@code Content-Length} says so.
     */
    static void readBody(HttpServerRequest request, Consumer<byte[]> onBody) {
        String declared = request.getHeader("Content-Length");
        if (declared != null && declared.trim().length() > 0 && declaredTooLarge(declared.trim())) {
            // Refused before reading; what the client still sends is read and dropped.
            request.handler(dropped -> { });
            tooLarge(request);
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
                tooLarge(request);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(failure -> LOGGER.log(System.Logger.Level.DEBUG, "request failed", failure));
        request.endHandler(done -> {
            if (!tooLarge.get()) {
                onBody.accept(body.getBytes());
            }
        });
    }

    private static void tooLarge(HttpServerRequest request) {
        HttpAnswers.error(request, 413, "TOO_LARGE", "the request is larger than " + MAX_BODY_BYTES + " bytes");
    }

    private static boolean declaredTooLarge(String contentLength) {
        try {
            return Long.parseLong(contentLength) > MAX_BODY_BYTES;
        } catch (NumberFormatException malformed) {
            return false;
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = SettingsTransport.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the settings page's " + name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
