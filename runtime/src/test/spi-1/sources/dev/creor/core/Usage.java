package dev.creor.core;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * Tokens used by one answer and what they cost.
 *
 * @param promptTokens     tokens of the request
 * @param completionTokens tokens of the answer, reasoning included
 * @param reasoningTokens  the part of {@code completionTokens} spent on reasoning
 * @param cachedTokens     the part of {@code promptTokens} served from the provider's cache
 * @param costUsd          what the provider charged, in US dollars, or {@code null} when it did
 *                         not say; read it through {@link #cost()}
 */
public record Usage(long promptTokens, long completionTokens, long reasoningTokens, long cachedTokens,
                    BigDecimal costUsd) {
    /** No tokens and no known cost: what an answer reports when the provider reports nothing. */
    public static final Usage NONE = new Usage(0, 0, 0, 0, null);

    /** Checks that every count is non-negative and no part exceeds its whole. */
    public Usage {
        Checks.requireNonNegative(promptTokens, "promptTokens");
        Checks.requireNonNegative(completionTokens, "completionTokens");
        Checks.requireNonNegative(reasoningTokens, "reasoningTokens");
        Checks.requireNonNegative(cachedTokens, "cachedTokens");
        if (costUsd != null && costUsd.signum() < 0) {
            throw new IllegalArgumentException("cost must not be negative: " + costUsd);
        }
    }

    /** Usage with known token counts and no reasoning or cache break-down. */
    public static Usage of(long promptTokens, long completionTokens) {
        return new Usage(promptTokens, completionTokens, 0, 0, null);
    }

    /** What the provider charged, in US dollars, when it said. */
    public Optional<BigDecimal> cost() {
        return Optional.ofNullable(costUsd);
    }

    /** A copy with the given cost. */
    public Usage withCost(BigDecimal cost) {
        return new Usage(promptTokens, completionTokens, reasoningTokens, cachedTokens,
                Objects.requireNonNull(cost, "cost is null"));
    }

    /** Prompt plus completion tokens. */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** The sum of two usages; the cost sums the known costs and is unknown when neither is known. */
    public Usage plus(Usage other) {
        BigDecimal cost = costUsd == null ? other.costUsd
                : other.costUsd == null ? costUsd
                : costUsd.add(other.costUsd);
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                reasoningTokens + other.reasoningTokens, cachedTokens + other.cachedTokens, cost);
    }
}
