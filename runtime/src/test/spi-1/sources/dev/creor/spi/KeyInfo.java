package dev.creor.spi;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider says about a key: its label, spending limit, remaining credit and usage.
 * Amounts are in the provider's credit unit (US dollars for OpenRouter).
 */
public final class KeyInfo {
    private final String label;
    private final BigDecimal limit;
    private final BigDecimal limitRemaining;
    private final String limitReset;
    private final BigDecimal usage;
    private final BigDecimal usageDaily;
    private final BigDecimal usageWeekly;
    private final BigDecimal usageMonthly;
    private final boolean freeTier;
    private final Instant expiresAt;

    private KeyInfo(Builder builder) {
        this.label = builder.label;
        this.limit = builder.limit;
        this.limitRemaining = builder.limitRemaining;
        this.limitReset = builder.limitReset;
        this.usage = builder.usage;
        this.usageDaily = builder.usageDaily;
        this.usageWeekly = builder.usageWeekly;
        this.usageMonthly = builder.usageMonthly;
        this.freeTier = builder.freeTier;
        this.expiresAt = builder.expiresAt;
    }

    /** Starts an empty key description. */
    public static Builder builder() {
        return new Builder();
    }

    /** The key's label, as set where it was created (providers mask the key in it). */
    public Optional<String> label() {
        return Optional.ofNullable(label);
    }

    /** The spending limit; empty when unlimited. */
    public Optional<BigDecimal> limit() {
        return Optional.ofNullable(limit);
    }

    /** What is left of the limit; empty when unlimited. */
    public Optional<BigDecimal> limitRemaining() {
        return Optional.ofNullable(limitRemaining);
    }

    /** When the limit resets, as the provider words it (e.g. {@code monthly}). */
    public Optional<String> limitReset() {
        return Optional.ofNullable(limitReset);
    }

    /** Credit used over the key's life. */
    public Optional<BigDecimal> usage() {
        return Optional.ofNullable(usage);
    }

    /** Credit used today (UTC). */
    public Optional<BigDecimal> usageDaily() {
        return Optional.ofNullable(usageDaily);
    }

    /** Credit used this week. */
    public Optional<BigDecimal> usageWeekly() {
        return Optional.ofNullable(usageWeekly);
    }

    /** Credit used this month. */
    public Optional<BigDecimal> usageMonthly() {
        return Optional.ofNullable(usageMonthly);
    }

    /** Whether the key belongs to a free-tier account. */
    public boolean freeTier() {
        return freeTier;
    }

    /** When the key stops working, if it expires. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    @Override
    public String toString() {
        return "KeyInfo[label=" + label + ", limit=" + limit + ", remaining=" + limitRemaining + ", usage=" + usage
                + ", freeTier=" + freeTier + "]";
    }

    /** Builds a {@link KeyInfo}. */
    public static final class Builder {
        private String label;
        private BigDecimal limit;
        private BigDecimal limitRemaining;
        private String limitReset;
        private BigDecimal usage;
        private BigDecimal usageDaily;
        private BigDecimal usageWeekly;
        private BigDecimal usageMonthly;
        private boolean freeTier;
        private Instant expiresAt;

        private Builder() {
        }

        /** The key's label. */
        public Builder label(String label) {
            this.label = Objects.requireNonNull(label, "label is null");
            return this;
        }

        /** The spending limit. */
        public Builder limit(BigDecimal limit) {
            this.limit = Objects.requireNonNull(limit, "limit is null");
            return this;
        }

        /** What is left of the limit. */
        public Builder limitRemaining(BigDecimal limitRemaining) {
            this.limitRemaining = Objects.requireNonNull(limitRemaining, "limitRemaining is null");
            return this;
        }

        /** When the limit resets. */
        public Builder limitReset(String limitReset) {
            this.limitReset = Objects.requireNonNull(limitReset, "limitReset is null");
            return this;
        }

        /** Credit used over the key's life. */
        public Builder usage(BigDecimal usage) {
            this.usage = Objects.requireNonNull(usage, "usage is null");
            return this;
        }

        /** Credit used today. */
        public Builder usageDaily(BigDecimal usageDaily) {
            this.usageDaily = Objects.requireNonNull(usageDaily, "usageDaily is null");
            return this;
        }

        /** Credit used this week. */
        public Builder usageWeekly(BigDecimal usageWeekly) {
            this.usageWeekly = Objects.requireNonNull(usageWeekly, "usageWeekly is null");
            return this;
        }

        /** Credit used this month. */
        public Builder usageMonthly(BigDecimal usageMonthly) {
            this.usageMonthly = Objects.requireNonNull(usageMonthly, "usageMonthly is null");
            return this;
        }

        /** Whether the key belongs to a free-tier account. */
        public Builder freeTier(boolean freeTier) {
            this.freeTier = freeTier;
            return this;
        }

        /** When the key stops working. */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt is null");
            return this;
        }

        /** Creates the key description. */
        public KeyInfo build() {
            return new KeyInfo(this);
        }
    }
}
