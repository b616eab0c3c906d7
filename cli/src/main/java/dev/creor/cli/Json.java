package dev.creor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.core.CreorException;
import dev.creor.core.RouteAttempt;
import dev.creor.core.RouteReport;
import dev.creor.core.chat.Usage;
import dev.creor.runtime.Creor;

/** The machine-readable output of {@code --json}: one compact JSON object per line, credentials redacted. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static String line(Object node) {
        try {
            return Creor.redact(MAPPER.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static ObjectNode usage(Usage usage) {
        ObjectNode node = object()
                .put("promptTokens", usage.promptTokens())
                .put("completionTokens", usage.completionTokens())
                .put("reasoningTokens", usage.reasoningTokens())
                .put("cachedTokens", usage.cachedTokens());
        if (usage.cacheWriteTokens() > 0) {
            node.put("cacheWriteTokens", usage.cacheWriteTokens());
        }
        usage.cost().ifPresent(cost -> node.put("costUsd", cost));
        if (usage.byok()) {
            node.put("byok", true);
            usage.upstreamCost().ifPresent(cost -> node.put("upstreamCostUsd", cost));
        }
        usage.cacheSavings().ifPresent(saved -> node.put("cacheSavingsUsd", saved));
        return node;
    }

    /** The route report's prompt-cache figures: tokens read and written, and the saving when prices are known. */
    static ObjectNode promptCache(RouteReport.PromptCache cache) {
        ObjectNode node = object().put("cachedTokens", cache.cachedTokens()).put("writtenTokens", cache.writtenTokens());
        cache.savings().ifPresent(saved -> node.put("savingsUsd", saved));
        return node;
    }

    static ArrayNode route(RouteReport route) {
        ArrayNode attempts = array();
        for (RouteAttempt attempt : route.attempts()) {
            ObjectNode node = attempts.addObject()
                    .put("model", attempt.model().toString())
                    .put("outcome", attempt.outcome().name())
                    .put("latencyMs", attempt.latency().toMillis())
                    .put("waitMs", attempt.waitBefore().toMillis());
            node.put("provider", attempt.provider());
            if (!attempt.nativeFallbacks().isEmpty()) {
                ArrayNode fallbacks = node.putArray("nativeFallbacks");
                attempt.nativeFallbacks().forEach(ref -> fallbacks.add(ref.toString()));
            }
            attempt.errorCode().ifPresent(code -> node.put("errorCode", code.name()));
            attempt.detail().ifPresent(detail -> node.put("detail", detail));
            attempt.servedModel().ifPresent(model -> node.put("servedModel", model.toString()));
            attempt.upstreamProvider().ifPresent(upstream -> node.put("upstreamProvider", upstream));
        }
        return attempts;
    }

    static ObjectNode error(CreorException error) {
        ObjectNode node = object().put("code", error.code().name()).put("message", error.getMessage())
                .put("retryable", error.retryable());
        error.hint().ifPresent(hint -> node.put("hint", hint));
        error.httpStatus().ifPresent(status -> node.put("httpStatus", status));
        error.retryAfter().ifPresent(wait -> node.put("retryAfterMs", wait.toMillis()));
        error.upstreamProvider().ifPresent(upstream -> node.put("upstreamProvider", upstream));
        return node;
    }
}
