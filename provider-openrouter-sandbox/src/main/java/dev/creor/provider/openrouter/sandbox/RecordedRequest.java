package dev.creor.provider.openrouter.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request as the sandbox received it, for assertions in tests.
 *
 * <p>Header names are lower case. The {@code Authorization} header is kept as sent, so that a
 * test can check the key went out, but {@link #toString()} never shows it.
 */
public final class RecordedRequest {
    private final int index;
    private final String method;
    private final String path;
    private final String query;
    private final Map<String, List<String>> queryParameters;
    private final Map<String, List<String>> headers;
    private final String rawBody;
    private final Map<String, Object> body;
    private final String model;
    private final Instant time;

    RecordedRequest(int index, String method, String path, String query, Map<String, List<String>> queryParameters,
                    Map<String, List<String>> headers, String rawBody, Map<String, Object> body, String model,
                    Instant time) {
        this.index = index;
        this.method = Objects.requireNonNull(method, "method is null");
        this.path = Objects.requireNonNull(path, "path is null");
        this.query = Objects.requireNonNull(query, "query is null");
        this.queryParameters = Map.copyOf(queryParameters);
        this.headers = Map.copyOf(headers);
        this.rawBody = Objects.requireNonNull(rawBody, "rawBody is null");
        this.body = Objects.requireNonNull(body, "body is null");
        this.model = model;
        this.time = Objects.requireNonNull(time, "time is null");
    }

    /** The position of this request among those received since the start or the last {@code clearRequests()}, from 0. */
    public int index() {
        return index;
    }

    /** The HTTP method, e.g. {@code POST}. */
    public String method() {
        return method;
    }

    /** The path without the query, e.g. {@code /api/v1/chat/completions}. */
    public String path() {
        return path;
    }

    /** The raw query string without {@code ?}; empty when there is none. */
    public String query() {
        return query;
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParameter(String name) {
        Objects.requireNonNull(name, "name is null");
        List<String> values = queryParameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every header, by lower-case name, each with its values in the order sent. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header, looked up ignoring case. */
    public Optional<String> header(String name) {
        Objects.requireNonNull(name, "name is null");
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The body as received (UTF-8); empty when there was none. */
    public String rawBody() {
        return rawBody;
    }

    /**
     * The body parsed as a JSON object into JSON-like values (maps, lists, strings, numbers,
     * booleans; JSON {@code null}s are left out, as in {@link dev.creor.core.internal.JsonValues}); empty when
     * the body is absent or is not a JSON object. Unmodifiable.
     */
    public Map<String, Object> body() {
        return body;
    }

    /** The {@code model} field of a chat completion request, when it has one. */
    public Optional<String> model() {
        return Optional.ofNullable(model);
    }

    /** When the request arrived, by the sandbox's clock. */
    public Instant time() {
        return time;
    }

    /** Method, path, model and time; never a header value. */
    @Override
    public String toString() {
        return "RecordedRequest[#" + index + " " + method + " " + path + (query.isEmpty() ? "" : "?" + query)
                + (model == null ? "" : ", model=" + model) + ", time=" + time + "]";
    }
}
