package dev.creor.provider.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.ResponseMetadata;
import dev.creor.core.chat.Usage;
import java.util.Locale;

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

    /** Token counts and cost; the cost keeps the exact decimal OpenRouter wrote. */
    static Usage usage(Wire.Usage wire) {
        if (wire == null) {
            return Usage.NONE;
        }
        long reasoning = wire.completionTokensDetails() == null ? 0
                : count(wire.completionTokensDetails().reasoningTokens());
        long cached = wire.promptTokensDetails() == null ? 0 : count(wire.promptTokensDetails().cachedTokens());
        return new Usage(count(wire.promptTokens()), count(wire.completionTokens()), reasoning, cached,
                wire.cost() == null || wire.cost().signum() < 0 ? null : wire.cost());
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
