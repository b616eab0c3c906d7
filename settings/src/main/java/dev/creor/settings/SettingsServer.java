package dev.creor.settings;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.vertx.IdleConnections;
import io.vertx.core.Vertx;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

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
 * <p>It is three parts: the {@link OriginGuard} lets through only requests of the server's own
 * page (token, session cookie, {@code Host}/{@code Origin}/{@code Sec-Fetch-Site}, CSRF header);
 * the {@link SettingsApi} answers the page's JSON calls through the {@link SettingsBackend}; the
 * {@link SettingsTransport} is the Vert.x HTTP server with the page's files, the answer headers
 * and the limits on bodies and idle connections. This class only puts them together.
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
    /** How long a connection may hold the page without a request to answer, unless the builder sets another. */
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final SettingsBackend backend;
    private final OriginGuard guard;
    private final SettingsTransport transport;
    // Written by start(), read by url() and port() on any thread.
    private volatile int port;

    private SettingsServer(Builder builder) {
        this.backend = builder.backend;
        this.guard = new OriginGuard(HOST, builder.random);
        this.transport = new SettingsTransport(HOST, builder.port, builder.vertx, builder.idleTimeout, guard);
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
        if (transport.listening()) {
            throw new IllegalStateException("the settings server is started already");
        }
        int actual = transport.start(vertx -> new SettingsApi(backend, vertx, SettingsTransport::readBody)::handle);
        guard.listeningOn(actual);
        port = actual;
        LOGGER.log(System.Logger.Level.DEBUG, "settings page listening on {0}:{1}", HOST, Integer.toString(port));
        return url();
    }

    /** The URL to open, {@code http://127.0.0.1:PORT/?token=...}; valid once started. */
    public URI url() {
        requireStarted();
        return URI.create("http://" + HOST + ":" + port + "/?token=" + guard.urlToken());
    }

    /** The port the server listens on; valid once started. */
    public int port() {
        requireStarted();
        return port;
    }

    /** Stops listening and, when the server created its own Vert.x, closes it. Idempotent; blocks. */
    @Override
    public synchronized void close() {
        transport.close();
    }

    private void requireStarted() {
        if (port == 0) {
            throw new IllegalStateException("the settings server is not started");
        }
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
            this.idleTimeout = IdleConnections.requirePositive(idleTimeout);
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
