package dev.creor.provider.openrouter.sandbox;

import io.netty.channel.ChannelOption;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plays a {@link ResponsePlan} on one response, on the connection's event loop: one timer or
 * one write outstanding at a time, never a thread. When the client goes away the exchange
 * cancels its timer and writes nothing more.
 */
final class Exchange {
    /** Told once when the exchange is over. */
    interface Listener {
        /**
         * @param completed true when the plan played to its end; false when the client went away
         *                  first or the plan stalled and the connection then closed
         */
        void finished(boolean completed);
    }

    private final Vertx vertx;
    private final Context context;
    private final HttpConnection connection;
    private final HttpServerResponse response;
    private final ResponsePlan plan;
    private final Listener listener;
    private final LongAdder piecesWritten;

    private int nextPiece;
    private boolean waited;
    /** The pending timer, or -1; volatile so that the sandbox's own tests can read it from their thread. */
    private volatile long timer = -1;
    private boolean over;

    Exchange(Vertx vertx, Context context, HttpConnection connection, HttpServerResponse response,
             ResponsePlan plan, LongAdder piecesWritten, Listener listener) {
        this.vertx = vertx;
        this.context = context;
        this.connection = connection;
        this.response = response;
        this.plan = plan;
        this.listener = listener;
        this.piecesWritten = piecesWritten;
    }

    /** Starts playing; call on the connection's event loop. */
    void start() {
        response.closeHandler(ignored -> abandon());
        response.exceptionHandler(ignored -> abandon());
        if (response.closed()) {
            abandon();
            return;
        }
        if (plan.latencyMillis() > 0) {
            timer = vertx.setTimer(plan.latencyMillis(), id -> {
                timer = -1;
                head();
            });
        } else {
            head();
        }
    }

    /** Whether a timer of this exchange is pending; for the sandbox's own leak tests. */
    boolean hasPendingTimer() {
        return timer >= 0;
    }

    private void head() {
        if (over) {
            return;
        }
        if (!plan.hasHead()) {
            end();
            return;
        }
        response.setStatusCode(plan.status());
        plan.headers().forEach(response::putHeader);
        response.setChunked(plan.chunked());
        boolean headAlone = plan.pieces().isEmpty() ? plan.ending() != ResponsePlan.Ending.END
                : plan.pieces().get(0).delayMillis() > 0;
        if (headAlone) {
            response.writeHead();
        }
        next();
    }

    private void next() {
        if (over) {
            return;
        }
        if (nextPiece == plan.pieces().size()) {
            end();
            return;
        }
        ResponsePlan.Piece piece = plan.pieces().get(nextPiece);
        if (piece.delayMillis() > 0 && !waited) {
            waited = true;
            timer = vertx.setTimer(piece.delayMillis(), id -> {
                timer = -1;
                next();
            });
            return;
        }
        if (response.writeQueueFull()) {
            response.drainHandler(ignored -> {
                response.drainHandler(null);
                next();
            });
            return;
        }
        waited = false;
        nextPiece++;
        piecesWritten.increment();
        if (nextPiece == plan.pieces().size() && plan.ending() == ResponsePlan.Ending.END) {
            response.end(piece.bytes());
            finish(true);
            return;
        }
        // The next piece goes out on a later turn of the event loop, after this one is flushed,
        // so that every piece is its own TCP write.
        response.write(piece.bytes()).onComplete(written -> {
            if (written.succeeded()) {
                context.runOnContext(ignored -> next());
            } else {
                abandon();
            }
        });
    }

    private void end() {
        switch (plan.ending()) {
            case END -> {
                response.end();
                finish(true);
            }
            case STALL -> {
                // Silent until the client closes; the close handler finishes the exchange.
            }
            case RESET -> {
                reset(connection);
                finish(true);
            }
        }
    }

    /** The client went away, or the connection failed. */
    private void abandon() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        finish(false);
    }

    private void finish(boolean completed) {
        if (!over) {
            over = true;
            listener.finished(completed);
        }
    }

    /**
     * Closes the connection with a TCP reset rather than an orderly FIN: a zero linger time
     * makes the kernel drop unsent data and answer with RST, as a crashed upstream would.
     */
    static void reset(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            base.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            base.channel().close();
        } else {
            connection.close();
        }
    }
}
