package dev.creor.serve;

import dev.creor.core.CreorException;
import dev.creor.core.RouteReport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/**
 * One request to the gateway, from its arrival to its log line: answers it with JSON, and when it
 * is over (answered, failed, or its client gone) frees its place among the requests in flight
 * and logs method, path, model, status, route and time. Used on the request's event loop only.
 */
final class GatewayExchange {
    private static final System.Logger LOGGER = System.getLogger(CreorGateway.class.getName());

    private final HttpServerRequest request;
    private final long startNanos = System.nanoTime();
    private Runnable release = () -> { };
    private String model = "-";
    private boolean ended;

    GatewayExchange(HttpServerRequest request) {
        this.request = request;
    }

    HttpServerRequest request() {
        return request;
    }

    HttpServerResponse response() {
        return request.response();
    }

    /** What to do once the exchange is over, e.g. give back its place among the requests in flight. */
    void onEnd(Runnable release) {
        this.release = release;
    }

    /** The model the client asked for, for the log line. */
    void model(String model) {
        this.model = model;
    }

    String model() {
        return model;
    }

    void answerJson(int status, Map<String, Object> body, RouteReport route) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            ended(499, route, "client went away");
            return;
        }
        if (!route.attempts().isEmpty()) {
            response.putHeader("X-Creor-Route", OpenAiWire.routeHeader(route));
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(OpenAiWire.bytes(body)));
        ended(status, route, "");
    }

    void answerError(CreorException error) {
        answerError(OpenAiWire.status(error.code()), error);
    }

    void answerError(int status, CreorException error) {
        error.retryAfter().ifPresent(wait -> request.response()
                .putHeader("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000))));
        answerJson(status, OpenAiWire.errorBody(error, status), error.route());
    }

    /** The exchange is over; logs it once and frees its place. */
    void ended(int status, RouteReport route, String note) {
        if (ended) {
            return;
        }
        ended = true;
        release.run();
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        LOGGER.log(System.Logger.Level.INFO, "{0} {1} model={2} status={3} route=[{4}] {5} ms{6}",
                request.method(), request.path(), model, Integer.toString(status), OpenAiWire.routeHeader(route),
                Long.toString(millis), note.isEmpty() ? "" : " (" + note + ")");
    }
}
