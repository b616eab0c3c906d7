package dev.creor.core.chat;

import dev.creor.core.internal.Checks;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How much a reasoning model should think, and whether its reasoning is returned.
 *
 * <p>Set either an {@link Builder#effort effort} or a {@link Builder#maxTokens token budget},
 * not both: OpenRouter refuses a request with both, so {@link Builder#build()} refuses it first,
 * naming the two. Providers that know only one of the two translate.
 */
public final class ReasoningOptions {
    private final String effort;
    private final int maxTokens;
    private final boolean exclude;
    private final Boolean enabled;

    private ReasoningOptions(Builder builder) {
        this.effort = builder.effort;
        this.maxTokens = builder.maxTokens;
        this.exclude = builder.exclude;
        this.enabled = builder.enabled;
    }

    /** Starts an empty set of options. */
    public static Builder builder() {
        return new Builder();
    }

    /** The effort level, such as {@code low}, {@code medium} or {@code high}. */
    public Optional<String> effort() {
        return Optional.ofNullable(effort);
    }

    /** The most tokens the model may spend on reasoning. */
    public OptionalInt maxTokens() {
        return maxTokens == 0 ? OptionalInt.empty() : OptionalInt.of(maxTokens);
    }

    /** Whether the model should reason without returning its reasoning. */
    public boolean exclude() {
        return exclude;
    }

    /** Whether reasoning is switched on or off explicitly; empty leaves it to the model. */
    public Optional<Boolean> enabled() {
        return Optional.ofNullable(enabled);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReasoningOptions that
                && Objects.equals(effort, that.effort)
                && maxTokens == that.maxTokens
                && exclude == that.exclude
                && Objects.equals(enabled, that.enabled);
    }

    @Override
    public int hashCode() {
        return Objects.hash(effort, maxTokens, exclude, enabled);
    }

    @Override
    public String toString() {
        return "ReasoningOptions[effort=" + effort + ", maxTokens=" + maxTokens + ", exclude=" + exclude
                + ", enabled=" + enabled + "]";
    }

    /** Builds {@link ReasoningOptions}. */
    public static final class Builder {
        private String effort;
        private int maxTokens;
        private boolean exclude;
        private Boolean enabled;

        private Builder() {
        }

        /** The effort level, e.g. {@code low}, {@code medium}, {@code high}. */
        public Builder effort(String effort) {
            this.effort = Checks.requireText(effort, "effort");
            return this;
        }

        /** The reasoning token budget; must be positive. */
        public Builder maxTokens(int maxTokens) {
            this.maxTokens = Checks.requirePositive(maxTokens, "maxTokens");
            return this;
        }

        /** Reason, but do not return the reasoning. */
        public Builder exclude(boolean exclude) {
            this.exclude = exclude;
            return this;
        }

        /** Switches reasoning on or off explicitly. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * Creates the options.
         *
         * @throws IllegalArgumentException when both an effort and a token budget are set
         */
        public ReasoningOptions build() {
            if (effort != null && maxTokens != 0) {
                throw new IllegalArgumentException("reasoning effort (\"" + effort + "\") and reasoning maxTokens ("
                        + maxTokens + ") are both set, but a request may have only one of them (OpenRouter refuses"
                        + " both together): keep the effort or the token budget");
            }
            return new ReasoningOptions(this);
        }
    }
}
