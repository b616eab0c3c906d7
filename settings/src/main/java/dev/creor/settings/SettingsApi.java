package dev.creor.settings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.config.edit.EditOutcome;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.runtime.CreorRedaction;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page's JSON API under {@code /api/}: which calls exist, what their bodies must hold, which
 * {@link SettingsBackend} call each makes (on a worker thread, never on the event loop) and how
 * results and failures become answers. It sees only requests the {@link OriginGuard} admitted;
 * {@code GET}s never change anything, changes are {@code POST}s with a JSON object.
 */
final class SettingsApi {
    private static final System.Logger LOGGER = System.getLogger(SettingsApi.class.getName());
    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Pattern AGENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** Reads a request's whole body within the transport's limits, then hands it on; answers when it cannot. */
    @FunctionalInterface
    interface BodyReader {
        void read(HttpServerRequest request, Consumer<byte[]> onBody);
    }

    private final SettingsBackend backend;
    private final Vertx vertx;
    private final BodyReader bodies;
    private final List<Route> routes = new ArrayList<>();

    SettingsApi(SettingsBackend backend, Vertx vertx, BodyReader bodies) {
        this.backend = backend;
        this.vertx = vertx;
        this.bodies = bodies;
        defineRoutes();
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
        get("/api/agents/(" + AGENT.pattern() + ")/options", (request, match) ->
                blocking(request, () -> backend.agentOptions(match.group(1)), SettingsJson::agentOptions));
        post("/api/agents/(" + AGENT.pattern() + ")/options", (request, match, body) -> {
            Map<String, Object> options = options(body);
            later(request, () -> backend.saveAgentOptions(match.group(1), options), SettingsJson::configSaved);
        });
    }

    /** Answers an API request the guard admitted. */
    void handle(HttpServerRequest request) {
        String path = request.path();
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
            HttpAnswers.error(request, 405, "METHOD_NOT_ALLOWED", request.method() + " is not allowed here; use "
                    + String.join(" or ", allowed));
            return;
        }
        HttpAnswers.error(request, 404, "NOT_FOUND", "there is no " + path);
    }

    private void readJson(HttpServerRequest request, Consumer<JsonNode> handler) {
        String type = request.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            HttpAnswers.error(request, 415, "UNSUPPORTED_MEDIA_TYPE", "send the request as application/json");
            return;
        }
        bodies.read(request, bytes -> {
            JsonNode json;
            try {
                json = HttpAnswers.JSON.readTree(bytes);
            } catch (IOException e) {
                // The body may hold a key: its text is never echoed.
                HttpAnswers.error(request, 400, "BAD_REQUEST", "the request is not valid JSON");
                return;
            }
            if (json == null || !json.isObject()) {
                HttpAnswers.error(request, 400, "BAD_REQUEST", "the request must be a JSON object");
                return;
            }
            try {
                handler.accept(json);
            } catch (CreorException refused) {
                fail(request, refused);
            }
        });
    }

    /** Runs a blocking backend call on a worker thread and answers with its result. */
    private <T> void blocking(HttpServerRequest request, Callable<T> call, Function<T, Map<String, Object>> render) {
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
        HttpAnswers.json(request, refused ? 409 : 200, json);
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
            body.put("message", CreorRedaction.redact(error.getMessage()));
            body.put("hint", error.hint().map(CreorRedaction::redact).orElse(null));
            HttpAnswers.json(request, statusOf(error.code()), Map.of("error", body));
            return;
        }
        LOGGER.log(System.Logger.Level.WARNING, "the settings page failed on " + request.path() + " with "
                + cause.getClass().getName());
        HttpAnswers.error(request, 500, "INTERNAL", "Creor failed unexpectedly (" + cause.getClass().getSimpleName()
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

    /**
     * An agent's options as the page sends them: each key with its JSON value as typed (the
     * schema judges it), {@code null} for a key to remove.
     */
    private static Map<String, Object> options(JsonNode body) {
        Map<String, Object> options = new LinkedHashMap<>();
        body.fields().forEachRemaining(field -> {
            if (!field.getValue().isNull()) {
                options.put(field.getKey(), plain(field.getValue()));
            }
        });
        return options;
    }

    /** A JSON value as the JSON-like values a config edit takes; decimals exact, nulls in objects dropped. */
    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(entry -> {
                if (!entry.getValue().isNull()) {
                    map.put(entry.getKey(), plain(entry.getValue()));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(plain(element)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNull()) {
            throw badRequest("a list in the options holds null");
        }
        return node.asText();
    }

    /** A number or digits of milliseconds, {@code false} for no limit, null or empty text for the default. */
    private static RequestTimeout timeout(JsonNode value) {
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

    private void get(String path, GetHandler handler) {
        routes.add(new Route(HttpMethod.GET, Pattern.compile(path), handler, null));
    }

    private void post(String path, PostHandler handler) {
        routes.add(new Route(HttpMethod.POST, Pattern.compile(path), null, handler));
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
}
