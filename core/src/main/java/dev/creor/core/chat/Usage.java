package dev.creor.core.chat;

import dev.creor.core.internal.Checks;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * Tokens used by one answer and what they cost.
 *
 * <p>With a provider's own key behind an aggregator (OpenRouter's "bring your own key"), the
 * upstream provider bills that key, and the aggregator charges only a fee: {@link #cost()} is
 * then the sum of both, so such an answer never looks free when the upstream cost is known;
 * {@link #upstreamCost()} is the upstream part.
 *
 * @param promptTokens      tokens of the request
 * @param completionTokens  tokens of the answer, reasoning included
 * @param reasoningTokens   the part of {@code completionTokens} spent on reasoning
 * @param cachedTokens      the part of {@code promptTokens} read from the provider's prompt cache
 * @param costUsd           what the answer cost in total, in US dollars, or {@code null} when the
 *                          provider did not say; read it through {@link #cost()}
 * @param cacheWriteTokens  the part of {@code promptTokens} written to the provider's prompt cache
 * @param upstreamCostUsd   what the upstream provider charged the user's own key, in US dollars,
 *                          or {@code null} when not known; read it through {@link #upstreamCost()}
 * @param byok              whether the user's own upstream key served the answer
 * @param cacheSavingsUsd   what reading from the prompt cache saved, net of what writing to it
 *                          cost extra, in US dollars (negative when writes cost more than reads
 *                          saved), or {@code null} when not known; read it through
 *                          {@link #cacheSavings()}
 */
public record Usage(long promptTokens, long completionTokens, long reasoningTokens, long cachedTokens,
                    BigDecimal costUsd, long cacheWriteTokens, BigDecimal upstreamCostUsd, boolean byok,
                    BigDecimal cacheSavingsUsd) {
    /** No tokens and no known cost: what an answer reports when the provider reports nothing. */
    public static final Usage NONE = new Usage(0, 0, 0, 0, null);

    /** Checks that every count is non-negative and no cost is negative. */
    public Usage {
        Checks.requireNonNegative(promptTokens, "promptTokens");
        Checks.requireNonNegative(completionTokens, "completionTokens");
        Checks.requireNonNegative(reasoningTokens, "reasoningTokens");
        Checks.requireNonNegative(cachedTokens, "cachedTokens");
        Checks.requireNonNegative(cacheWriteTokens, "cacheWriteTokens");
        if (costUsd != null && costUsd.signum() < 0) {
            throw new IllegalArgumentException("cost must not be negative: " + costUsd);
        }
        if (upstreamCostUsd != null && upstreamCostUsd.signum() < 0) {
            throw new IllegalArgumentException("upstream cost must not be negative: " + upstreamCostUsd);
        }
    }

    /**
     * Usage without cache writes, upstream cost or savings.
     *
     * @param promptTokens     tokens of the request
     * @param completionTokens tokens of the answer, reasoning included
     * @param reasoningTokens  the part of {@code completionTokens} spent on reasoning
     * @param cachedTokens     the part of {@code promptTokens} read from the prompt cache
     * @param costUsd          the cost in US dollars, or {@code null} when not known
     */
    public Usage(long promptTokens, long completionTokens, long reasoningTokens, long cachedTokens,
                 BigDecimal costUsd) {
        this(promptTokens, completionTokens, reasoningTokens, cachedTokens, costUsd, 0, null, false, null);
    }

    /** Usage with known token counts and no reasoning or cache break-down. */
    public static Usage of(long promptTokens, long completionTokens) {
        return new Usage(promptTokens, completionTokens, 0, 0, null);
    }

    /** What the answer cost in total, in US dollars, when the provider said. */
    public Optional<BigDecimal> cost() {
        return Optional.ofNullable(costUsd);
    }

    /** What the upstream provider charged the user's own key, when known. */
    public Optional<BigDecimal> upstreamCost() {
        return Optional.ofNullable(upstreamCostUsd);
    }

    /** What the prompt cache saved (negative when writing to it cost more than reading saved), when known. */
    public Optional<BigDecimal> cacheSavings() {
        return Optional.ofNullable(cacheSavingsUsd);
    }

    /** A copy with the given cost. */
    public Usage withCost(BigDecimal cost) {
        return new Usage(promptTokens, completionTokens, reasoningTokens, cachedTokens,
                Objects.requireNonNull(cost, "cost is null"), cacheWriteTokens, upstreamCostUsd, byok, cacheSavingsUsd);
    }

    /**
     * A copy with the prompt cache's break-down.
     *
     * @param cacheWriteTokens the part of the prompt written to the cache
     * @param cacheSavings     what the cache saved, or {@code null} when not known
     * @return the copy
     */
    public Usage withCacheWrites(long cacheWriteTokens, BigDecimal cacheSavings) {
        return new Usage(promptTokens, completionTokens, reasoningTokens, cachedTokens, costUsd, cacheWriteTokens,
                upstreamCostUsd, byok, cacheSavings);
    }

    /**
     * A copy saying that the user's own key served the answer.
     *
     * @param upstreamCost what the upstream provider charged that key, or {@code null} when not known
     * @return the copy
     */
    public Usage withByok(BigDecimal upstreamCost) {
        return new Usage(promptTokens, completionTokens, reasoningTokens, cachedTokens, costUsd, cacheWriteTokens,
                upstreamCost, true, cacheSavingsUsd);
    }

    /** Prompt plus completion tokens. */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** The sum of two usages; each amount sums the known ones and is unknown when neither is known. */
    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens,
                reasoningTokens + other.reasoningTokens, cachedTokens + other.cachedTokens,
                sum(costUsd, other.costUsd), cacheWriteTokens + other.cacheWriteTokens,
                sum(upstreamCostUsd, other.upstreamCostUsd), byok || other.byok,
                sum(cacheSavingsUsd, other.cacheSavingsUsd));
    }

    private static BigDecimal sum(BigDecimal a, BigDecimal b) {
        return a == null ? b : b == null ? a : a.add(b);
    }
}
