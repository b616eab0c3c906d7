package dev.creor.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the settings server answers: plain text for people (the origin guard's refusals), JSON for
 * the page's API, bytes for its files. An answer that has been sent already is never sent twice,
 * so a refusal racing a late body cannot fail the connection.
 */
final class HttpAnswers {
    static final ObjectMapper JSON = JsonMapper.builder().build();

    private HttpAnswers() {
    }

    /** A JSON answer. */
    static void json(HttpServerRequest request, int status, Map<String, Object> body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON-like map does not serialise", e);
        }
        send(request, status, "application/json; charset=utf-8", bytes);
    }

    /** The API's error answer: {@code {"error": {"code": ..., "message": ...}}}. */
    static void error(HttpServerRequest request, int status, String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        json(request, status, Map.of("error", body));
    }

    /** A line of text for a person who opened a URL by hand. */
    static void text(HttpServerRequest request, int status, String message) {
        send(request, status, "text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the body (only its length for {@code HEAD}), unless an answer went out already. */
    static void send(HttpServerRequest request, int status, String type, byte[] body) {
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
}
