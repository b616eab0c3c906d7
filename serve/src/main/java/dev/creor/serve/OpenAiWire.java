package dev.creor.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.RouteAttempt;
import dev.creor.core.RouteReport;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.ResponseMetadata;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Creor's answers, stream events and errors in the OpenAI/OpenRouter chat-completions shapes.
 * Creor's own additions ride in a {@code creor} object (the route taken, the generation id) that
 * clients not knowing it ignore.
 */
final class OpenAiWire {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private OpenAiWire() {
    }

    static byte[] bytes(Map<String, Object> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON-like map does not serialise", e);
        }
    }

    /** A whole answer, {@code object: chat.completion}. */
    static Map<String, Object> completion(String id, long created, ChatResponse response) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", response.text().isEmpty() && !response.toolCalls().isEmpty() ? null : response.text());
        if (!response.reasoning().isEmpty()) {
            message.put("reasoning", response.reasoning());
        }
        List<String> details = response.message().reasoning().map(Message.Reasoning::details).orElse(List.of());
        if (!details.isEmpty()) {
            // Raw, as the provider wrote them: the client sends them back on its next turn.
            message.put("reasoning_details", details.stream().map(RawValue::new).toList());
        }
        if (!response.citations().isEmpty()) {
            message.put("annotations", response.citations().stream().map(OpenAiWire::annotation).toList());
        }
        if (!response.toolCalls().isEmpty()) {
            message.put("tool_calls", response.toolCalls().stream().map(OpenAiWire::toolCall).toList());
        }
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("finish_reason", finishReason(response.finishReason()));
        Map<String, Object> body = head(id, "chat.completion", created, response.metadata());
        body.put("choices", List.of(choice));
        body.put("usage", usage(response.usage()));
        body.put("creor", extension(response.metadata()));
        return body;
    }

    /** A stream chunk with one choice's delta; {@code finishReason} null while the answer goes on. */
    static Map<String, Object> chunk(String id, long created, String model, Map<String, Object> delta,
                                     String finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("finish_reason", finishReason);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("object", "chat.completion.chunk");
        body.put("created", created);
        body.put("model", model);
        body.put("choices", List.of(choice));
        return body;
    }

    /** The delta of one stream event other than the end. */
    static Map<String, Object> delta(ChatEvent event, boolean first) {
        Map<String, Object> delta = new LinkedHashMap<>();
        if (first) {
            delta.put("role", "assistant");
        }
        if (event instanceof ChatEvent.TextDelta text) {
            delta.put("content", text.text());
        } else if (event instanceof ChatEvent.ReasoningDelta reasoning) {
            delta.put("reasoning", reasoning.text());
        } else if (event instanceof ChatEvent.ToolCallDelta call) {
            Map<String, Object> function = new LinkedHashMap<>();
            call.name().ifPresent(name -> function.put("name", name));
            function.put("arguments", call.argumentsFragment());
            Map<String, Object> wire = new LinkedHashMap<>();
            wire.put("index", call.index());
            call.id().ifPresent(callId -> {
                wire.put("id", callId);
                wire.put("type", "function");
            });
            wire.put("function", function);
            delta.put("tool_calls", List.of(wire));
        } else if (event instanceof ChatEvent.ReasoningDetail detail) {
            delta.put("reasoning_details", List.of(new RawValue(detail.json())));
        } else if (event instanceof ChatEvent.CitationAdded cited) {
            delta.put("annotations", List.of(annotation(cited.citation())));
        }
        return delta;
    }

    /** A citation as OpenAI's {@code url_citation} annotation. */
    private static Map<String, Object> annotation(ChatResponse.Citation citation) {
        Map<String, Object> cited = new LinkedHashMap<>();
        cited.put("url", citation.url());
        cited.put("title", citation.title());
        cited.put("content", citation.content());
        cited.put("start_index", citation.startIndex());
        cited.put("end_index", citation.endIndex());
        Map<String, Object> annotation = new LinkedHashMap<>();
        annotation.put("type", "url_citation");
        annotation.put("url_citation", cited);
        return annotation;
    }

    /** The last chunk of a normal end: no choices, the usage, the served model and the route. */
    static Map<String, Object> usageChunk(String id, long created, ResponseMetadata metadata) {
        Map<String, Object> body = head(id, "chat.completion.chunk", created, metadata);
        body.put("choices", List.of());
        body.put("usage", usage(metadata.usage()));
        body.put("creor", extension(metadata));
        return body;
    }

    /**
     * A failure after the stream began, the way OpenRouter sends one: an {@code error} object and
     * a choice that finished with {@code error}.
     */
    static Map<String, Object> errorChunk(String id, long created, String model, CreorException error) {
        Map<String, Object> body = chunk(id, created, model, Map.of(), "error");
        body.put("error", errorObject(error, status(error.code())));
        body.put("creor", Map.of("route", route(error.route())));
        return body;
    }

    /** {@code {"error": {...}}} for an answer that failed before it began. */
    static Map<String, Object> errorBody(CreorException error, int status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", errorObject(error, status));
        if (!error.route().attempts().isEmpty()) {
            body.put("creor", Map.of("route", route(error.route())));
        }
        return body;
    }

    private static Map<String, Object> errorObject(CreorException error, int status) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("message", error.getMessage() + error.hint().map(hint -> " (" + hint + ")").orElse(""));
        object.put("type", errorType(status));
        object.put("param", null);
        object.put("code", error.code().name());
        return object;
    }

    /** The HTTP status an error answers with. */
    static int status(ErrorCode code) {
        return switch (code) {
            case USAGE, CONFIG_INVALID, INVALID_REQUEST, CONTEXT_TOO_LONG -> 400;
            case INSUFFICIENT_CREDITS -> 402;
            case MODEL_NOT_ALLOWED, MODERATION -> 403;
            case MODEL_NOT_FOUND -> 404;
            case RATE_LIMITED, QUEUE_FULL -> 429;
            // The client's token was fine: the gateway's own credential for the provider was not.
            case AUTH_MISSING, AUTH_INVALID, PROVIDER_UNAVAILABLE, STREAM_INTERRUPTED, MALFORMED_RESPONSE -> 502;
            case CIRCUIT_OPEN, CANCELLED -> 503;
            case TIMEOUT -> 504;
            default -> 500;
        };
    }

    /** OpenAI's error {@code type} for an HTTP status. */
    static String errorType(int status) {
        return switch (status) {
            case 400, 404, 405, 413, 415 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "insufficient_quota";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> "server_error";
        };
    }

    /** The route as one header-safe line: {@code openrouter/a/x FAILED PROVIDER_UNAVAILABLE, openrouter/a/y SUCCEEDED}. */
    static String routeHeader(RouteReport route) {
        return route.attempts().stream()
                .map(attempt -> attempt.model() + " " + attempt.outcome()
                        + attempt.errorCode().map(code -> " " + code).orElse(""))
                .collect(Collectors.joining(", "))
                .replaceAll("[^\\x20-\\x7e]", "?");
    }

    static String finishReason(FinishReason reason) {
        return reason == FinishReason.UNKNOWN ? null : reason.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> head(String id, String object, long created, ResponseMetadata metadata) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("object", object);
        body.put("created", created);
        body.put("model", metadata.servedModel().toString());
        metadata.upstreamProvider().ifPresent(provider -> body.put("provider", provider));
        return body;
    }

    private static Map<String, Object> usage(Usage usage) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("prompt_tokens", usage.promptTokens());
        wire.put("completion_tokens", usage.completionTokens());
        wire.put("total_tokens", usage.totalTokens());
        usage.cost().ifPresent(cost -> wire.put("cost", cost));
        wire.put("prompt_tokens_details", Map.of("cached_tokens", usage.cachedTokens()));
        wire.put("completion_tokens_details", Map.of("reasoning_tokens", usage.reasoningTokens()));
        return wire;
    }

    private static Map<String, Object> extension(ResponseMetadata metadata) {
        Map<String, Object> creor = new LinkedHashMap<>();
        metadata.generationId().ifPresent(id -> creor.put("generation_id", id));
        creor.put("route", route(metadata.route()));
        return creor;
    }

    private static Map<String, Object> route(RouteReport route) {
        List<Map<String, Object>> attempts = new ArrayList<>();
        for (RouteAttempt attempt : route.attempts()) {
            Map<String, Object> wire = new LinkedHashMap<>();
            wire.put("model", attempt.model().toString());
            if (!attempt.nativeFallbacks().isEmpty()) {
                wire.put("native_fallbacks", attempt.nativeFallbacks().stream().map(Object::toString).toList());
            }
            wire.put("outcome", attempt.outcome().name());
            attempt.errorCode().ifPresent(code -> wire.put("error_code", code.name()));
            attempt.detail().ifPresent(detail -> wire.put("detail", detail));
            attempt.servedModel().ifPresent(model -> wire.put("served_model", model.toString()));
            attempt.upstreamProvider().ifPresent(provider -> wire.put("provider", provider));
            wire.put("latency_ms", attempt.latency().toMillis());
            if (!attempt.waitBefore().isZero()) {
                wire.put("wait_before_ms", attempt.waitBefore().toMillis());
            }
            attempts.add(wire);
        }
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("attempts", attempts);
        wire.put("rerouted", route.rerouted());
        if (route.promptCache().used()) {
            Map<String, Object> cache = new LinkedHashMap<>();
            cache.put("cached_tokens", route.promptCache().cachedTokens());
            cache.put("written_tokens", route.promptCache().writtenTokens());
            route.promptCache().savings().ifPresent(saved -> cache.put("savings_usd", saved));
            wire.put("prompt_cache", cache);
        }
        return wire;
    }

    private static Map<String, Object> toolCall(ToolCall call) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", call.name());
        function.put("arguments", call.arguments());
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("id", call.id());
        wire.put("type", "function");
        wire.put("function", function);
        return wire;
    }
}
