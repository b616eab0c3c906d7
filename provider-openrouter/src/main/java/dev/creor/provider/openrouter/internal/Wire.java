package dev.creor.provider.openrouter.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;

/**
 * OpenRouter's answer shapes, as Jackson reads them. Every component may be {@code null}: the
 * service leaves fields out freely (an empty-choices usage chunk, a missing {@code finish_reason},
 * an error chunk without choices), and the mapping code decides what absence means.
 *
 * <p>Each record says {@code ignoreUnknown}: the mapper already ignores unknown fields, but
 * only this makes Jackson skip them while it reads a record; otherwise it first copies every
 * unknown field ({@code object}, {@code created}, {@code logprobs}, {@code refusal},
 * ...) into a buffer, which cost a tenth of the time of reading a stream chunk.
 */
final class Wire {
    private Wire() {
    }

    /** A chat completion, a streamed chunk of one, or an answer that is only an {@code error}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Completion(String id, String model, String provider, List<Choice> choices, Usage usage,
                      JsonNode error) {
    }

    /** One choice: {@code message} in a whole answer, {@code delta} in a streamed chunk. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Choice(Integer index, Message message, Message delta, String finishReason, JsonNode error) {
    }

    /** A message or a delta. {@code content} is usually a string, sometimes an array of parts. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(String role, JsonNode content, String reasoning, List<ToolCall> toolCalls,
                   List<JsonNode> reasoningDetails, List<JsonNode> annotations) {
    }

    /** A tool call, or a fragment of one in a stream (keyed by {@code index}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ToolCall(Integer index, String id, String type, Function function) {
    }

    /** The called function; {@code arguments} is JSON text, possibly a fragment of it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Function(String name, JsonNode arguments) {
    }

    /** Token counts and, from OpenRouter, the cost in US dollars. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(Long promptTokens, Long completionTokens, Long totalTokens, BigDecimal cost,
                 PromptTokensDetails promptTokensDetails, CompletionTokensDetails completionTokensDetails,
                 Boolean isByok, CostDetails costDetails) {
    }

    /** The parts of the prompt read from and written to the provider's cache. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PromptTokensDetails(Long cachedTokens, Long cacheWriteTokens) {
    }

    /** What the upstream provider charged; for BYOK, what it charged the user's own key. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CostDetails(BigDecimal upstreamInferenceCost) {
    }

    /** The reasoning part of the completion. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CompletionTokensDetails(Long reasoningTokens) {
    }

    /** {@code GET /models}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelList(List<JsonNode> data) {
    }

    /** {@code GET /key}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record KeyResponse(KeyData data) {
    }

    /** The key's description; amounts may be integers or decimals, and {@code limit} null when unlimited. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record KeyData(String label, JsonNode limit, JsonNode limitRemaining, String limitReset, JsonNode usage,
                   JsonNode usageDaily, JsonNode usageWeekly, JsonNode usageMonthly, Boolean isFreeTier,
                   String expiresAt) {
    }
}
