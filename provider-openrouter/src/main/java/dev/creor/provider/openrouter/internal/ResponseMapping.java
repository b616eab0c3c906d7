package dev.creor.provider.openrouter.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.ResponseMetadata;
import dev.creor.core.chat.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The pieces of answer mapping that whole answers and streamed chunks share. */
final class ResponseMapping {
    private ResponseMapping() {
    }

    /**
     * OpenRouter's normalised finish reason, or {@code null} when the field is missing or null
     * (a chunk that does not end the answer, or a provider that did not say).
     */
    static FinishReason finishReason(String wire) {
        if (wire == null || wire.isBlank()) {
            return null;
        }
        return switch (wire.toLowerCase(Locale.ROOT)) {
            case "stop", "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "length", "max_tokens" -> FinishReason.LENGTH;
            case "tool_calls", "function_call", "tool_use" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "error" -> FinishReason.ERROR;
            default -> FinishReason.UNKNOWN;
        };
    }

    /**
     * Token counts and cost; the cost keeps the exact decimal OpenRouter wrote. With the user's
     * own key ({@code is_byok}), OpenRouter's {@code cost} is only its fee and the upstream
     * provider bills the key {@code cost_details.upstream_inference_cost}: the usage's cost is
     * the sum, so such an answer does not look free.
     */
    static Usage usage(Wire.Usage wire) {
        if (wire == null) {
            return Usage.NONE;
        }
        long reasoning = wire.completionTokensDetails() == null ? 0
                : count(wire.completionTokensDetails().reasoningTokens());
        long cached = wire.promptTokensDetails() == null ? 0 : count(wire.promptTokensDetails().cachedTokens());
        long written = wire.promptTokensDetails() == null ? 0 : count(wire.promptTokensDetails().cacheWriteTokens());
        BigDecimal cost = nonNegative(wire.cost());
        Usage usage = new Usage(count(wire.promptTokens()), count(wire.completionTokens()), reasoning, cached, cost)
                .withCacheWrites(written, null);
        if (Boolean.TRUE.equals(wire.isByok())) {
            BigDecimal upstream = wire.costDetails() == null ? null : nonNegative(wire.costDetails().upstreamInferenceCost());
            usage = usage.withByok(upstream);
            if (upstream != null) {
                usage = usage.withCost(cost == null ? upstream : cost.add(upstream));
            }
        }
        return usage;
    }

    /** The reasoning details as raw JSON objects, in order; entries that are not objects are dropped. */
    static List<String> reasoningDetails(List<JsonNode> wire) {
        if (wire == null) {
            return List.of();
        }
        List<String> details = new ArrayList<>(wire.size());
        for (JsonNode entry : wire) {
            if (entry != null && entry.isObject()) {
                details.add(rawJson(entry));
            }
        }
        return details;
    }

    /** The summaries among reasoning details ({@code reasoning.summary} entries), joined. */
    static String reasoningSummary(List<JsonNode> wire) {
        StringBuilder summary = new StringBuilder();
        if (wire != null) {
            for (JsonNode entry : wire) {
                if (entry != null && "reasoning.summary".equals(Json.text(entry.get("type")))) {
                    String text = Json.text(entry.get("summary"));
                    summary.append(text == null ? "" : text);
                }
            }
        }
        return summary.toString();
    }

    /**
     * A JSON object as compact text, exactly as it is to go back to OpenRouter: the keys in the
     * order received, strings and signatures unchanged, decimals with the digits written.
     */
    static String rawJson(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written back: " + e.getOriginalMessage(), e);
        }
    }

    /** The {@code url_citation} annotations as citations; other kinds are not citations. */
    static List<ChatResponse.Citation> citations(List<JsonNode> annotations) {
        if (annotations == null) {
            return List.of();
        }
        List<ChatResponse.Citation> citations = new ArrayList<>();
        for (JsonNode annotation : annotations) {
            citation(annotation).ifPresent(citations::add);
        }
        return citations;
    }

    /** One annotation as a citation, when it is a {@code url_citation} with a URL. */
    static Optional<ChatResponse.Citation> citation(JsonNode annotation) {
        if (annotation == null || !"url_citation".equals(Json.text(annotation.get("type")))) {
            return Optional.empty();
        }
        JsonNode cited = annotation.path("url_citation");
        String url = Json.text(cited.get("url"));
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        int start = Math.max(0, cited.path("start_index").asInt(0));
        int end = Math.max(start, cited.path("end_index").asInt(start));
        return Optional.of(new ChatResponse.Citation(url, orEmpty(Json.text(cited.get("title"))),
                orEmpty(Json.text(cited.get("content"))), start, end));
    }

    /**
     * Annotations that are not citations (e.g. the file parser's {@code file} annotations, which
     * OpenRouter reads back to skip parsing a PDF again), as JSON-like values to keep in the
     * message's provider metadata; empty when there are none.
     */
    static Map<String, Object> metadataOf(List<JsonNode> annotations) {
        if (annotations == null) {
            return Map.of();
        }
        List<Object> kept = new ArrayList<>();
        for (JsonNode annotation : annotations) {
            if (annotation != null && annotation.isObject() && !"url_citation".equals(Json.text(annotation.get("type")))) {
                kept.add(Json.MAPPER.convertValue(annotation, Object.class));
            }
        }
        return kept.isEmpty() ? Map.of() : Map.of("annotations", kept);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private static BigDecimal nonNegative(BigDecimal amount) {
        return amount == null || amount.signum() < 0 ? null : amount;
    }

    /** A message's text: a string, or the text parts of a content array; empty when absent. */
    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isTextual()) {
                    text.append(part.textValue());
                } else if ("text".equals(Json.text(part.get("type"))) && part.hasNonNull("text")) {
                    text.append(part.get("text").asText());
                }
            }
            return text.toString();
        }
        return "";
    }

    /** Tool-call arguments as JSON text; some providers send an object instead of a string. */
    static String arguments(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return "";
        }
        return arguments.isTextual() ? arguments.textValue() : arguments.toString();
    }

    /** The served model as a reference of this provider; the requested one when the answer does not say. */
    static ModelRef servedModel(ModelRef requested, String wireModel) {
        if (wireModel == null || wireModel.isBlank()) {
            return requested;
        }
        try {
            return requested.withModel(wireModel);
        } catch (RuntimeException notAModelId) {
            return requested;
        }
    }

    static ResponseMetadata metadata(ModelRef requested, String wireModel, String upstream, String generationId,
                                     FinishReason finishReason, Usage usage) {
        ResponseMetadata.Builder builder = ResponseMetadata.builder(servedModel(requested, wireModel))
                .finishReason(finishReason == null ? FinishReason.UNKNOWN : finishReason)
                .usage(usage);
        if (upstream != null && !upstream.isBlank()) {
            builder.upstreamProvider(upstream);
        }
        if (generationId != null && !generationId.isBlank()) {
            builder.generationId(generationId);
        }
        return builder.build();
    }

    private static long count(Long value) {
        return value == null || value < 0 ? 0 : value;
    }
}
