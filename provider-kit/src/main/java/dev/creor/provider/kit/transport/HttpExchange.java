package dev.creor.provider.kit.transport;

import dev.creor.core.CreorException;
import dev.creor.core.Secret;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP request and its response under Creor's three time limits, driven on one Vert.x
 * context (the thread of every method call and callback).
 *
 * <p>The response is read only as the listener asks, with {@link #fetch}: each fetched item is
 * one buffer as it came off the socket (or the end). While nothing is fetched the response stays
 * paused, Vert.x stops reading the socket, and TCP flow control stops the server. The idle
 * (chunk) timer runs only while the client is waiting for bytes it asked for — before the
 * response head and while a fetch is outstanding — so a slow consumer never looks like a silent
 * server. The connect timer covers obtaining a connection; the total timer the whole exchange.
 * Timers are Vert.x timers on the exchange's own context. The idle timer is not set again for
 * every chunk: the exchange notes when it began to wait, and one timer, when it fires before the
 * limit has passed since then, sets itself for the remainder (as Netty's {@code IdleStateHandler}
 * does), so a stream costs a few timers rather than two timer operations per chunk.
 *
 * <p>The listener hears exactly one of {@link Listener#onEnd} and {@link Listener#onFailure},
 * and nothing after {@link #abort}. Aborting or failing resets the request, which for HTTP/1.1
 * closes the connection, so the server sees the client go away.
 *
 * <p>At {@code DEBUG} it logs each request (method, URL and header names) and how it
 * ended; never a body, which may hold a prompt.
 */
public final class HttpExchange {
    private static final System.Logger LOGGER = System.getLogger(HttpExchange.class.getName());

    /** Hears what happens to the exchange, on the exchange's context. */
    public interface Listener {
        /** The response head arrived; read the body with {@link #fetch}. */
        void onResponse(HttpClientResponse response);

        /** One fetched piece of the body. */
        void onData(Buffer data);

        /** The body ended. */
        void onEnd();

        /** The exchange failed: a time limit expired or the connection broke. */
        void onFailure(CreorException error);
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final TimeLimits limits;
    private final TransportErrors errors;
    private final Set<String> shownHeaders;
    private final String what;
    private Listener listener;
    private HttpClientRequest request;
    private HttpClientResponse response;
    private long connectTimer = -1;
    private long idleTimer = -1;
    /** Whether the client waits for bytes it asked for (the idle limit runs); since when. */
    private boolean waiting;
    private long waitingSinceNanos;
    private final long idleLimitNanos;
    private long totalTimer = -1;
    private long outstanding;
    private boolean done;
    private long startedNanos;

    /**
     * @param what what is asked, for messages, e.g. {@code anthropic/claude-sonnet-4}
     */
    public HttpExchange(Vertx vertx, HttpClient client, TimeLimits limits, TransportErrors errors, String what) {
        this(vertx, client, limits, errors, Set.of(), what);
    }

    /**
     * @param shownHeaders lower-case names of request headers (besides {@code Accept},
     *                     {@code Content-Type} and {@code User-Agent}) whose values a debug log may
     *                     show, because the service defines them as harmless (such as attribution)
     */
    public HttpExchange(Vertx vertx, HttpClient client, TimeLimits limits, TransportErrors errors,
                        Set<String> shownHeaders, String what) {
        this.vertx = vertx;
        this.client = client;
        this.limits = limits;
        this.errors = errors;
        this.shownHeaders = Set.copyOf(shownHeaders);
        this.what = what;
        this.idleLimitNanos = nanos(limits.chunk());
    }

    /** Sends the request; call on the exchange's context. */
    public void start(RequestOptions options, Buffer body, Listener exchangeListener) {
        this.listener = exchangeListener;
        String target = options.getHost() + ":" + options.getPort();
        startedNanos = System.nanoTime();
        if (LOGGER.isLoggable(System.Logger.Level.DEBUG)) {
            LOGGER.log(System.Logger.Level.DEBUG, "HTTP " + options.getMethod() + " " + target + options.getURI()
                    + " for " + what + " " + headers(options.getHeaders(), shownHeaders));
        }
        limits.totalLimit().ifPresent(total -> totalTimer = vertx.setTimer(VertxTimers.millis(total),
                id -> fail(limits.totalExpired(what))));
        connectTimer = vertx.setTimer(VertxTimers.millis(limits.connect()),
                id -> fail(limits.connectExpired(target)));
        options.setConnectTimeout(VertxTimers.millis(limits.connect()));
        client.request(options).onComplete(obtained -> {
            cancelTimer(connectTimer);
            if (done) {
                if (obtained.succeeded()) {
                    quiet(obtained.result()).reset();
                }
                return;
            }
            if (obtained.failed()) {
                Throwable cause = obtained.cause();
                fail(isTimeout(cause) ? limits.connectExpired(target) : errors.connectFailed(target, cause));
                return;
            }
            request = quiet(obtained.result());
            startWaiting();
            request.send(body).onComplete(answered -> {
                if (done) {
                    return;
                }
                if (answered.failed()) {
                    fail(errors.closedBeforeAnswer(what, answered.cause()));
                    return;
                }
                waiting = false;
                response = answered.result();
                LOGGER.log(System.Logger.Level.DEBUG, () -> "HTTP " + response.statusCode() + " "
                        + response.statusMessage() + " for " + what + " after " + elapsedMillis() + " ms");
                response.pause();
                response.handler(this::data);
                response.endHandler(ignored -> end());
                response.exceptionHandler(this::broken);
                listener.onResponse(response);
            });
        });
    }

    /** Asks for {@code items} more pieces of the body; the idle timer runs until they arrive. */
    public void fetch(long items) {
        if (done || response == null) {
            return;
        }
        outstanding = outstanding + items < 0 ? Long.MAX_VALUE : outstanding + items;
        if (!waiting) {
            startWaiting();
        }
        response.fetch(items);
    }

    /** Whether the exchange is over: ended, failed, aborted or released. */
    public boolean done() {
        return done;
    }

    /** Stops at once: no more callbacks; the connection is closed unless the body already ended. */
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        cancelTimers();
        resetRequest();
        LOGGER.log(System.Logger.Level.DEBUG, () -> "HTTP exchange for " + what + " cancelled after " + elapsedMillis()
                + " ms; the connection is closed");
    }

    /**
     * The listener has all it needs before the body ended (e.g. after {@code [DONE]}): reads
     * and drops the rest so the connection can be reused, but closes it if the rest does not come
     * within the chunk timeout.
     */
    public void release() {
        if (done) {
            return;
        }
        done = true;
        cancelTimers();
        if (response == null) {
            resetRequest();
            return;
        }
        long drainTimer = vertx.setTimer(VertxTimers.millis(limits.chunk()), id -> resetRequest());
        response.handler(ignored -> {
        });
        response.exceptionHandler(ignored -> vertx.cancelTimer(drainTimer));
        response.endHandler(ignored -> vertx.cancelTimer(drainTimer));
        response.resume();
    }

    private void data(Buffer data) {
        if (done) {
            return;
        }
        if (outstanding != Long.MAX_VALUE) {
            outstanding--;
        }
        if (outstanding > 0) {
            waitingSinceNanos = System.nanoTime(); // the limit is on the silence between pieces
        } else {
            waiting = false;
        }
        listener.onData(data);
    }

    private void end() {
        if (done) {
            return;
        }
        done = true;
        cancelTimers();
        LOGGER.log(System.Logger.Level.DEBUG, () -> "HTTP body of " + what + " ended after " + elapsedMillis() + " ms");
        listener.onEnd();
    }

    private void broken(Throwable cause) {
        if (done) {
            return;
        }
        cancelTimers();
        // Vert.x reports a closed connection before handing out the bytes it had already read:
        // hand those to the listener first (they are bounded by what was buffered), then fail.
        outstanding = Long.MAX_VALUE;
        response.fetch(Long.MAX_VALUE);
        vertx.runOnContext(ignored -> {
            if (!done) {
                done = true;
                cancelTimers();
                listener.onFailure(errors.interrupted(what, cause));
            }
        });
    }

    private void fail(CreorException error) {
        if (done) {
            return;
        }
        done = true;
        cancelTimers();
        resetRequest();
        LOGGER.log(System.Logger.Level.DEBUG, () -> "HTTP exchange for " + what + " failed after " + elapsedMillis()
                + " ms: " + error.getMessage());
        listener.onFailure(error);
    }

    private void resetRequest() {
        if (request != null) {
            if (response != null) {
                response.handler(null);
                response.endHandler(null);
                response.exceptionHandler(ignored -> {
                });
            }
            request.reset();
        }
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /** Headers whose values are shown in a debug log; any other may carry a key or a configured secret. */
    private static final Set<String> SHOWN_HEADERS = Set.of("accept", "content-type", "user-agent");

    /**
     * The request headers for a debug log: the values of {@code Accept}, {@code Content-Type},
     * {@code User-Agent} and the headers in {@code alsoShown} (lower-case names the service
     * declares harmless), {@code Authorization} with its credential masked, and the names of the
     * others. A service may take its key in any header, and configured headers may carry secrets.
     */
    public static String headers(MultiMap headers, Set<String> alsoShown) {
        StringJoiner shown = new StringJoiner(", ", "[", "]");
        if (headers == null) {
            return shown.toString();
        }
        for (Map.Entry<String, String> header : headers.entries()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            String value = header.getValue();
            if (name.equals("authorization")) {
                // Masked, not hidden: the key's last characters tell which key was sent.
                int space = value.indexOf(' ');
                value = space < 0 ? Secret.mask(value)
                        : value.substring(0, space + 1) + Secret.mask(value.substring(space + 1));
            } else if (!SHOWN_HEADERS.contains(name) && !alsoShown.contains(name)) {
                value = "(hidden)";
            }
            shown.add(header.getKey() + ": " + value);
        }
        return shown.toString();
    }

    /**
     * Gives a request an exception handler that ignores what it hears: every failure also
     * reaches the exchange through the send future or the response's handlers, but without a
     * handler of its own the request logs each at ERROR, among them the resets the exchange asks
     * for when a stream is cancelled ("Stream reset: 0", once per cancelled stream). It must be
     * set before the request is sent: Vert.x refuses it on a request that has ended.
     */
    private static HttpClientRequest quiet(HttpClientRequest request) {
        return request.exceptionHandler(ignored -> {
        });
    }

    private void startWaiting() {
        waiting = true;
        waitingSinceNanos = System.nanoTime();
        if (idleTimer < 0) {
            idleTimer = vertx.setTimer(VertxTimers.millis(limits.chunk()), this::idleTimerFired);
        }
    }

    /**
     * The idle timer fired: fail if the client has waited the whole limit, set it again for the
     * rest of the limit if it waits, and let it lapse if it does not (the next fetch sets it).
     */
    private void idleTimerFired(long id) {
        idleTimer = -1;
        if (done || !waiting) {
            return;
        }
        long remaining = idleLimitNanos - (System.nanoTime() - waitingSinceNanos);
        if (remaining <= 0) {
            fail(limits.chunkExpired(what));
        } else {
            // Rounded up, so that the timer does not fire before the limit has passed.
            idleTimer = vertx.setTimer(remaining / 1_000_000 + 1, this::idleTimerFired);
        }
    }

    private static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private void cancelTimers() {
        cancelTimer(connectTimer);
        cancelTimer(idleTimer);
        cancelTimer(totalTimer);
        connectTimer = -1;
        idleTimer = -1;
        totalTimer = -1;
    }

    private void cancelTimer(long id) {
        if (id >= 0) {
            vertx.cancelTimer(id);
            if (id == idleTimer) {
                idleTimer = -1;
            }
        }
    }

    private static boolean isTimeout(Throwable cause) {
        return cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout");
    }
}
