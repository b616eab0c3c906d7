package dev.creor.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The route a request took: every attempt in order, including skips and failures before the
 * one that answered, and what the provider's prompt cache did for the answer.
 *
 * @param attempts    the attempts, first to last; empty when the answer did not pass through a
 *                    router (a provider called directly)
 * @param promptCache the answer's prompt-cache figures; {@link PromptCache#NONE} for a failed
 *                    route, an answer that did not pass through a router, or a provider that
 *                    reports no cache use
 */
public record RouteReport(List<RouteAttempt> attempts, PromptCache promptCache) {
    /** The report of an answer that did not pass through a router. */
    public static final RouteReport NONE = new RouteReport(List.of());

    /** Copies the attempts. */
    public RouteReport {
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(promptCache, "promptCache is null");
    }

    /**
     * A report without prompt-cache figures ({@link PromptCache#NONE}).
     *
     * @param attempts the attempts, first to last
     */
    public RouteReport(List<RouteAttempt> attempts) {
        this(attempts, PromptCache.NONE);
    }

    /** A copy with the answer's prompt-cache figures. */
    public RouteReport withPromptCache(PromptCache promptCache) {
        return new RouteReport(attempts, promptCache);
    }

    /** Whether anything but the first attempt was needed (a retry, a skip or a fallback). */
    public boolean rerouted() {
        return attempts.size() > 1;
    }

    /** Time spent waiting between attempts. */
    public Duration totalWait() {
        return attempts.stream().map(RouteAttempt::waitBefore).reduce(Duration.ZERO, Duration::plus);
    }

    /** A one-line summary such as {@code a/x FAILED PROVIDER_UNAVAILABLE → a/y SUCCEEDED}. */
    public String summary() {
        return attempts.stream()
                .map(attempt -> attempt.model() + " " + attempt.outcome()
                        + attempt.errorCode().map(code -> " " + code).orElse(""))
                .collect(Collectors.joining(" → "));
    }

    /**
     * What the provider's prompt cache did for an answer: the prompt tokens it read from the
     * cache, those it wrote to it, and the money that saved when the model's prices are known.
     * The same figures as the answer's usage, in the route report so that one place says what
     * a request cost and how it was served.
     */
    public static final class PromptCache {
        /** No cache read or written, nothing saved: a failed route, or a provider that reports none. */
        public static final PromptCache NONE = new PromptCache(0, 0, null);

        private final long cachedTokens;
        private final long writtenTokens;
        private final BigDecimal savingsUsd;

        private PromptCache(long cachedTokens, long writtenTokens, BigDecimal savingsUsd) {
            if (cachedTokens < 0 || writtenTokens < 0) {
                throw new IllegalArgumentException("token counts must not be negative: " + cachedTokens + " cached, "
                        + writtenTokens + " written");
            }
            this.cachedTokens = cachedTokens;
            this.writtenTokens = writtenTokens;
            this.savingsUsd = savingsUsd;
        }

        /**
         * Figures without a known saving.
         *
         * @param cachedTokens  prompt tokens read from the cache
         * @param writtenTokens prompt tokens written to the cache
         */
        public static PromptCache of(long cachedTokens, long writtenTokens) {
            return cachedTokens == 0 && writtenTokens == 0 ? NONE : new PromptCache(cachedTokens, writtenTokens, null);
        }

        /**
         * A copy with what the cache saved, in US dollars: the prompt's price at the model's
         * input rate minus what reading and writing the cache cost; negative when writing cost
         * more than reading saved.
         */
        public PromptCache withSavings(BigDecimal savingsUsd) {
            return new PromptCache(cachedTokens, writtenTokens, Objects.requireNonNull(savingsUsd, "savingsUsd is null"));
        }

        /** Prompt tokens read from the cache. */
        public long cachedTokens() {
            return cachedTokens;
        }

        /** Prompt tokens written to the cache. */
        public long writtenTokens() {
            return writtenTokens;
        }

        /** What the cache saved in US dollars; empty when the model's prices are unknown. */
        public Optional<BigDecimal> savings() {
            return Optional.ofNullable(savingsUsd);
        }

        /** Whether the cache was read or written at all. */
        public boolean used() {
            return cachedTokens > 0 || writtenTokens > 0;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PromptCache that
                    && cachedTokens == that.cachedTokens
                    && writtenTokens == that.writtenTokens
                    && Objects.equals(savingsUsd, that.savingsUsd);
        }

        @Override
        public int hashCode() {
            return Objects.hash(cachedTokens, writtenTokens, savingsUsd);
        }

        @Override
        public String toString() {
            return cachedTokens + " cached, " + writtenTokens + " written"
                    + (savingsUsd == null ? "" : ", saved $" + savingsUsd.toPlainString());
        }
    }
}
