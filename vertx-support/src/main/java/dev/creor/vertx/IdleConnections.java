package dev.creor.vertx;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection that holds an HTTP/1.1 server without giving it anything to answer: one
 * left idle between requests, or one whose request, head and body, has not fully arrived, for
 * longer than the limit. The clock runs from when the connection had nothing to answer, not from
 * its last byte, so a slowloris that trickles its headers a byte at a time is closed like a silent
 * one. While an answer is under way nothing is closed: the answer is the server's to time (the
 * sandbox stalls one deliberately when a script says so; the gateway's backend calls have time
 * limits of their own).
 *
 * <p>The server reports each connection when it opens ({@link #opened}) and closes
 * ({@link #closed}), and each request as it arrives ({@link #requestArrived}), before handling it.
 * Serve HTTP/1.1 only: a connection waiting for HTTP/2's preface stays out of sight until its
 * first bytes, so one that never sends any could not be timed.
 *
 * <p>Every event of a connection arrives on that connection's event loop; the map only keeps
 * connections of different loops apart.
 */
public final class IdleConnections {
    private static final System.Logger LOGGER = System.getLogger(IdleConnections.class.getName());

    private final Vertx vertx;
    private final long limitMillis;
    private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();

    /**
     * Closes connections of a server on {@code vertx} that have nothing to answer for longer than
     * {@code limit} (at least a millisecond).
     *
     * @throws IllegalArgumentException when the limit is not positive
     */
    public IdleConnections(Vertx vertx, Duration limit) {
        this.vertx = Objects.requireNonNull(vertx, "vertx is null");
        this.limitMillis = Math.max(1, requirePositive(limit).toMillis());
    }

    /**
     * Returns {@code idleTimeout}, checked as a server's builder takes it.
     *
     * @throws IllegalArgumentException when it is zero or negative
     */
    public static Duration requirePositive(Duration idleTimeout) {
        Objects.requireNonNull(idleTimeout, "idleTimeout is null");
        if (idleTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
        return idleTimeout;
    }

    /** A new connection: it has until the limit to deliver a whole request. */
    public void opened(HttpConnection connection) {
        Watch watch = new Watch(connection);
        watches.put(connection, watch);
        watch.restart();
    }

    /** The connection is gone: its clock stops. */
    public void closed(HttpConnection connection) {
        Watch watch = watches.remove(connection);
        if (watch != null) {
            watch.closed = true;
            watch.stop();
        }
    }

    /**
     * A request's head arrived. Its clock keeps running until the body has arrived too; then it
     * stops while the answer is under way, and starts again when the answer is over.
     */
    public void requestArrived(HttpServerRequest request) {
        Watch watch = watches.get(request.connection());
        if (watch == null) {
            return;
        }
        boolean[] answered = new boolean[1];
        boolean[] received = new boolean[1];
        request.response().endHandler(ignored -> {
            answered[0] = true;
            if (received[0]) {
                watch.answerEnded();
            }
        });
        request.end().onComplete(ignored -> {
            received[0] = true;
            if (answered[0]) {
                // Answered before it was read to the end (a refused body): idle from now on.
                watch.restart();
            } else {
                watch.answerStarted();
            }
        });
    }

    /** One connection's clock; touched only on its event loop. */
    private final class Watch {
        private final HttpConnection connection;
        private int answering;
        private long timer = -1;
        private boolean closed;

        Watch(HttpConnection connection) {
            this.connection = connection;
        }

        void answerStarted() {
            answering++;
            stop();
        }

        void answerEnded() {
            answering = Math.max(0, answering - 1);
            if (answering == 0) {
                restart();
            }
        }

        void restart() {
            stop();
            if (closed) {
                return;
            }
            timer = vertx.setTimer(limitMillis, id -> {
                timer = -1;
                LOGGER.log(System.Logger.Level.DEBUG, "closing a connection that sent no complete request for {0} ms",
                        limitMillis);
                connection.close();
            });
        }

        void stop() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
