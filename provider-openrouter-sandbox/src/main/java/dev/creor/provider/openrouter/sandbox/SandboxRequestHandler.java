package dev.creor.provider.openrouter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.core.Secret;
import dev.creor.provider.openrouter.sandbox.Generations.Generation;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Receives every request on the event loop: records it, checks the key, and hands it to the
 * endpoint that plans its answer; an {@link Exchange} then plays the plan.
 */
final class SandboxRequestHandler implements Handler<HttpServerRequest> {
    static final String API_PREFIX = "/api/v1";
    private static final BigDecimal KEY_LIMIT = new BigDecimal("25");
    /** What OpenRouter allows a key with at least $10 of credit on {@code :free} models each day. */
    private static final int FREE_MODEL_DAILY_REQUESTS = 1000;
    /** What it allows a free-tier key (less than $10 of credit bought) on {@code :free} models each day. */
    private static final int FREE_TIER_DAILY_REQUESTS = 50;

    private final Vertx vertx;
    private final Secret apiKey;
    private final ObjectMapper json;
    private final ModelCatalogue catalogue;
    private final ChatCompletions chat;
    private final Generations generations;
    private final RequestLog log;
    private final Clock clock;
    private final int maxBodyBytes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder piecesWritten = new LongAdder();
    private final Set<Exchange> exchanges = ConcurrentHashMap.newKeySet();
    private volatile boolean freeTier;
    private volatile boolean keyEndpointFailing;

    SandboxRequestHandler(Vertx vertx, Secret apiKey, ObjectMapper json, ModelCatalogue catalogue, Scripts scripts,
                          Generations generations, RequestLog log, Clock clock, int maxBodyBytes, boolean byok) {
        this.vertx = vertx;
        this.apiKey = apiKey;
        this.json = json;
        this.catalogue = catalogue;
        this.generations = generations;
        this.log = log;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
        this.chat = new ChatCompletions(catalogue, scripts, generations, clock, byok);
    }

    /** Response pieces (stream events, comments, bodies) handed to a socket since the start. */
    long piecesWritten() {
        return piecesWritten.sum();
    }

    /** The cap on free model variants. */
    FreeModelLimit freeModels() {
        return chat.freeModels();
    }

    /** Makes {@code GET /key} report a free-tier key (or not), with the free-tier daily limit. */
    void freeTier(boolean freeTier) {
        this.freeTier = freeTier;
    }

    /** Makes {@code GET /key} answer 500 (or work again). */
    void failKeyEndpoint(boolean failing) {
        this.keyEndpointFailing = failing;
    }

    /** Requests whose answer is still being written, stalled or waiting. */
    int inFlight() {
        return inFlight.get();
    }

    /** Timers of unfinished exchanges, for the sandbox's own leak tests. */
    int pendingTimers() {
        return (int) exchanges.stream().filter(Exchange::hasPendingTimer).count();
    }

    @Override
    public void handle(HttpServerRequest request) {
        Instant arrived = clock.instant();
        Context context = vertx.getOrCreateContext();
        if (declaredLength(request) > maxBodyBytes) {
            tooLarge(request);
            return;
        }
        // Read into a buffer of at most the limit: a client must not make the sandbox hold any size.
        Buffer body = Buffer.buffer();
        boolean[] refused = new boolean[1];
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > maxBodyBytes) {
                refused[0] = true;
                tooLarge(request);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.end().onSuccess(done -> {
            if (!refused[0]) {
                respond(request, body, arrived, context);
            }
        });
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException malformed) {
            return -1;
        }
    }

    /**
     * Answers at once with 413 and OpenRouter's error body; the rest of the body is read and
     * dropped, so that a client still sending can read the answer, and the connection is closed
     * once the body has ended (or after the idle limit, if it never does). Such a request is not
     * recorded, since its body is not known.
     */
    private void tooLarge(HttpServerRequest request) {
        request.handler(dropped -> { });
        request.end().onComplete(ended -> request.connection().close());
        String message = "Request body too large: the sandbox accepts at most " + maxBodyBytes + " bytes";
        request.response().setStatusCode(413)
                .putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close")
                .end(ErrorBodies.plain(413, message));
    }

    private void respond(HttpServerRequest request, Buffer rawBody, Instant arrived, Context context) {
        JsonNode body = parse(rawBody);
        log.add(index -> record(index, request, rawBody, body, arrived));
        Optional<Generation> generation = Optional.empty();
        ResponsePlan plan;
        String path = request.path();
        String endpoint = path.startsWith(API_PREFIX) ? path.substring(API_PREFIX.length()) : "";
        switch (endpoint) {
            case "/chat/completions" -> {
                if (request.method() != HttpMethod.POST) {
                    plan = methodNotAllowed();
                } else if (!authorised(request)) {
                    plan = unauthorised(request);
                } else if (body == null) {
                    plan = ResponsePlan.json(400, ErrorBodies.plain(400, "Invalid JSON in the request body"));
                } else {
                    ChatCompletions.Answer answer = chat.answer(body, request.getHeader(OpenRouterSandbox.SCRIPT_HEADER));
                    plan = answer.plan();
                    generation = answer.generation();
                }
            }
            case "/models" -> plan = request.method() != HttpMethod.GET ? methodNotAllowed() : models(request);
            case "/key", "/auth/key" -> plan = request.method() != HttpMethod.GET ? methodNotAllowed()
                    : !authorised(request) ? unauthorised(request)
                    : keyEndpointFailing ? ResponsePlan.json(500, ErrorBodies.plain(500, "Internal Server Error"))
                    : keyInfo();
            case "/generation" -> plan = request.method() != HttpMethod.GET ? methodNotAllowed()
                    : !authorised(request) ? unauthorised(request) : generation(request.getParam("id"));
            default -> plan = ResponsePlan.json(404, ErrorBodies.plain(404, "Not Found: " + path));
        }
        play(request, plan, generation, context);
    }

    private void play(HttpServerRequest request, ResponsePlan plan, Optional<Generation> generation, Context context) {
        inFlight.incrementAndGet();
        Exchange[] self = new Exchange[1];
        Exchange exchange = new Exchange(vertx, context, request.connection(), request.response(), plan, piecesWritten,
                completed -> {
            inFlight.decrementAndGet();
            exchanges.remove(self[0]);
            if (!completed) {
                generation.ifPresent(Generation::cancel);
            }
        });
        self[0] = exchange;
        exchanges.add(exchange);
        exchange.start();
    }

    private boolean authorised(HttpServerRequest request) {
        String token = bearerToken(request);
        return !token.isEmpty() && Secret.of(token).equals(apiKey);
    }

    private static ResponsePlan unauthorised(HttpServerRequest request) {
        String message = bearerToken(request).isEmpty() ? "No auth credentials found" : "User not found.";
        return ResponsePlan.json(401, ErrorBodies.plain(401, message));
    }

    private static String bearerToken(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "";
        }
        return authorization.substring(7).trim();
    }

    private static ResponsePlan methodNotAllowed() {
        return ResponsePlan.json(405, ErrorBodies.plain(405, "Method Not Allowed"));
    }

    private ResponsePlan models(HttpServerRequest request) {
        String required = request.getParam("supported_parameters");
        if (required == null || required.isBlank()) {
            return ResponsePlan.builder().head(200, "application/json", false)
                    .segment(catalogue.modelsBody().getBytes(), 0).build();
        }
        List<String> parameters = List.of(required.split(","));
        return ResponsePlan.builder().head(200, "application/json", false)
                .segment(catalogue.modelsBody(parameters, json).getBytes(), 0).build();
    }

    private ResponsePlan keyInfo() {
        BigDecimal usage = generations.usage();
        long freeRequests = generations.freeRequests(clock.instant());
        boolean onFreeTier = freeTier;
        int dailyFreeRequests = chat.freeModels().dailyRequests()
                .orElse(onFreeTier ? FREE_TIER_DAILY_REQUESTS : FREE_MODEL_DAILY_REQUESTS);
        StringBuilder out = new StringBuilder(900).append("{\"data\":{\"label\":");
        JsonText.quote(out, apiKey.masked()).append(",\"limit\":");
        JsonText.number(out, KEY_LIMIT).append(",\"limit_remaining\":");
        JsonText.number(out, KEY_LIMIT.subtract(usage).max(BigDecimal.ZERO))
                .append(",\"limit_reset\":\"monthly\",\"include_byok_in_limit\":false,\"usage\":");
        JsonText.number(out, usage).append(",\"usage_daily\":");
        JsonText.number(out, usage).append(",\"usage_weekly\":");
        JsonText.number(out, usage).append(",\"usage_monthly\":");
        JsonText.number(out, usage).append(",\"byok_usage\":0,\"byok_usage_daily\":0,\"byok_usage_weekly\":0")
                .append(",\"byok_usage_monthly\":0,\"is_free_tier\":").append(onFreeTier)
                .append(",\"is_provisioning_key\":false")
                .append(",\"is_management_key\":false,\"expires_at\":null")
                .append(",\"rate_limit\":{\"requests\":-1,\"interval\":\"10s\"")
                .append(",\"note\":\"This field is deprecated and safe to ignore.\"}")
                .append(",\"free_model_daily_requests\":{\"limit\":").append(dailyFreeRequests)
                .append(",\"remaining\":").append(Math.max(0, dailyFreeRequests - freeRequests))
                .append(",\"used\":").append(freeRequests).append('}')
                .append(",\"creator_user_id\":\"user_sandbox\",\"organization_id\":null,\"workspace_id\":null")
                .append(",\"allowed_data_regions\":[\"global\"]}}");
        return ResponsePlan.json(200, out.toString());
    }

    private ResponsePlan generation(String id) {
        if (id == null || id.isBlank()) {
            return ResponsePlan.json(400, ErrorBodies.plain(400, "Missing the \"id\" query parameter: GET /generation?id=gen-..."));
        }
        return generations.find(id)
                .map(generation -> ResponsePlan.json(200, generation.json()))
                .orElseGet(() -> ResponsePlan.json(404, ErrorBodies.plain(404, "Generation " + id + " not found")));
    }

    private JsonNode parse(Buffer rawBody) {
        if (rawBody.length() == 0) {
            return null;
        }
        try {
            return json.readTree(rawBody.getBytes());
        } catch (IOException e) {
            return null;
        }
    }

    private static RecordedRequest record(int index, HttpServerRequest request, Buffer rawBody, JsonNode body,
                                          Instant arrived) {
        String model = body != null && body.path("model").isTextual() ? body.path("model").asText() : null;
        String query = request.query();
        return new RecordedRequest(index, request.method().name(), request.path(), query == null ? "" : query,
                multiMap(request.params(), false), multiMap(request.headers(), true),
                rawBody.toString(StandardCharsets.UTF_8), jsonObject(body), model, arrived);
    }

    private static Map<String, List<String>> multiMap(MultiMap entries, boolean lowerCaseNames) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : entries) {
            String name = lowerCaseNames ? entry.getKey().toLowerCase(Locale.ROOT) : entry.getKey();
            map.computeIfAbsent(name, ignored -> new ArrayList<>()).add(entry.getValue());
        }
        map.replaceAll((name, values) -> List.copyOf(values));
        return map;
    }

    /** The body as JSON-like values; empty unless it is a JSON object. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsonObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Map.of();
        }
        return (Map<String, Object>) jsonLike(body);
    }

    private static Object jsonLike(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isNull()) {
                    map.put(field.getKey(), jsonLike(field.getValue()));
                }
            }
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            for (JsonNode element : node) {
                if (!element.isNull()) {
                    list.add(jsonLike(element));
                }
            }
            return Collections.unmodifiableList(list);
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return node.longValue();
        }
        if (node.isBigInteger()) {
            return node.bigIntegerValue();
        }
        if (node.isBigDecimal()) {
            return node.decimalValue();
        }
        return node.doubleValue();
    }
}
