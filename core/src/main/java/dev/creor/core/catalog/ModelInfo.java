package dev.creor.core.catalog;

import dev.creor.core.ModelRef;
import dev.creor.core.internal.Checks;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a provider's catalog says about one model: its limits, prices and capabilities.
 *
 * <p>Prices are US dollars per million tokens, as people compare them. Everything but the
 * reference is optional, because catalogs differ in what they tell.
 */
public final class ModelInfo {
    private final ModelRef ref;
    private final String name;
    private final String description;
    private final long contextLength;
    private final long maxOutputTokens;
    private final BigDecimal inputPricePerMillion;
    private final BigDecimal outputPricePerMillion;
    private final BigDecimal cacheReadPricePerMillion;
    private final BigDecimal cacheWritePricePerMillion;
    private final Set<String> inputModalities;
    private final Set<String> outputModalities;
    private final Set<String> supportedParameters;

    private ModelInfo(Builder builder) {
        this.ref = builder.ref;
        this.name = builder.name == null ? builder.ref.model() : builder.name;
        this.description = builder.description;
        this.contextLength = builder.contextLength;
        this.maxOutputTokens = builder.maxOutputTokens;
        this.inputPricePerMillion = builder.inputPricePerMillion;
        this.outputPricePerMillion = builder.outputPricePerMillion;
        this.cacheReadPricePerMillion = builder.cacheReadPricePerMillion;
        this.cacheWritePricePerMillion = builder.cacheWritePricePerMillion;
        this.inputModalities = Set.copyOf(builder.inputModalities);
        this.outputModalities = Set.copyOf(builder.outputModalities);
        this.supportedParameters = Set.copyOf(builder.supportedParameters);
    }

    /** Starts the description of the given model. */
    public static Builder builder(ModelRef ref) {
        return new Builder(ref);
    }

    /** The model's reference, e.g. {@code openrouter/anthropic/claude-sonnet-4}. */
    public ModelRef ref() {
        return ref;
    }

    /** A display name; the model id when the catalog gives none. */
    public String name() {
        return name;
    }

    /** The catalog's description. */
    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    /** The context window in tokens. */
    public OptionalLong contextLength() {
        return contextLength == 0 ? OptionalLong.empty() : OptionalLong.of(contextLength);
    }

    /** The most tokens one answer may have. */
    public OptionalLong maxOutputTokens() {
        return maxOutputTokens == 0 ? OptionalLong.empty() : OptionalLong.of(maxOutputTokens);
    }

    /** US dollars per million prompt tokens. */
    public Optional<BigDecimal> inputPricePerMillion() {
        return Optional.ofNullable(inputPricePerMillion);
    }

    /** US dollars per million completion tokens. */
    public Optional<BigDecimal> outputPricePerMillion() {
        return Optional.ofNullable(outputPricePerMillion);
    }

    /** US dollars per million prompt tokens read from the provider's prompt cache, when it has one. */
    public Optional<BigDecimal> cacheReadPricePerMillion() {
        return Optional.ofNullable(cacheReadPricePerMillion);
    }

    /** US dollars per million prompt tokens written to the provider's prompt cache, when writing costs extra. */
    public Optional<BigDecimal> cacheWritePricePerMillion() {
        return Optional.ofNullable(cacheWritePricePerMillion);
    }

    /** What the model reads, e.g. {@code text}, {@code image}. */
    public Set<String> inputModalities() {
        return inputModalities;
    }

    /** What the model writes, e.g. {@code text}. */
    public Set<String> outputModalities() {
        return outputModalities;
    }

    /** Request parameters the model honours, e.g. {@code tools}, {@code reasoning}. */
    public Set<String> supportedParameters() {
        return supportedParameters;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelInfo that
                && ref.equals(that.ref)
                && name.equals(that.name)
                && Objects.equals(description, that.description)
                && contextLength == that.contextLength
                && maxOutputTokens == that.maxOutputTokens
                && Objects.equals(inputPricePerMillion, that.inputPricePerMillion)
                && Objects.equals(outputPricePerMillion, that.outputPricePerMillion)
                && Objects.equals(cacheReadPricePerMillion, that.cacheReadPricePerMillion)
                && Objects.equals(cacheWritePricePerMillion, that.cacheWritePricePerMillion)
                && inputModalities.equals(that.inputModalities)
                && outputModalities.equals(that.outputModalities)
                && supportedParameters.equals(that.supportedParameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ref, name, description, contextLength, maxOutputTokens, inputPricePerMillion,
                outputPricePerMillion, cacheReadPricePerMillion, cacheWritePricePerMillion, inputModalities,
                outputModalities, supportedParameters);
    }

    @Override
    public String toString() {
        return "ModelInfo[" + ref + ", context=" + contextLength + "]";
    }

    /** Builds a {@link ModelInfo}. */
    public static final class Builder {
        private final ModelRef ref;
        private String name;
        private String description;
        private long contextLength;
        private long maxOutputTokens;
        private BigDecimal inputPricePerMillion;
        private BigDecimal outputPricePerMillion;
        private BigDecimal cacheReadPricePerMillion;
        private BigDecimal cacheWritePricePerMillion;
        private Set<String> inputModalities = Set.of();
        private Set<String> outputModalities = Set.of();
        private Set<String> supportedParameters = Set.of();

        private Builder(ModelRef ref) {
            this.ref = Objects.requireNonNull(ref, "ref is null");
        }

        /** A display name. */
        public Builder name(String name) {
            this.name = Checks.requireText(name, "name");
            return this;
        }

        /** The catalog's description. */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description is null");
            return this;
        }

        /** The context window in tokens; must be positive. */
        public Builder contextLength(long contextLength) {
            this.contextLength = requirePositive(contextLength, "contextLength");
            return this;
        }

        /** The most tokens one answer may have; must be positive. */
        public Builder maxOutputTokens(long maxOutputTokens) {
            this.maxOutputTokens = requirePositive(maxOutputTokens, "maxOutputTokens");
            return this;
        }

        /** US dollars per million prompt tokens read from the prompt cache; must not be negative. */
        public Builder cacheReadPricePerMillion(BigDecimal price) {
            this.cacheReadPricePerMillion = requirePrice(price, "cacheReadPricePerMillion");
            return this;
        }

        /** US dollars per million prompt tokens written to the prompt cache; must not be negative. */
        public Builder cacheWritePricePerMillion(BigDecimal price) {
            this.cacheWritePricePerMillion = requirePrice(price, "cacheWritePricePerMillion");
            return this;
        }

        /** US dollars per million prompt tokens; must not be negative. */
        public Builder inputPricePerMillion(BigDecimal price) {
            this.inputPricePerMillion = requirePrice(price, "inputPricePerMillion");
            return this;
        }

        /** US dollars per million completion tokens; must not be negative. */
        public Builder outputPricePerMillion(BigDecimal price) {
            this.outputPricePerMillion = requirePrice(price, "outputPricePerMillion");
            return this;
        }

        /** What the model reads. */
        public Builder inputModalities(Set<String> modalities) {
            this.inputModalities = Set.copyOf(modalities);
            return this;
        }

        /** What the model writes. */
        public Builder outputModalities(Set<String> modalities) {
            this.outputModalities = Set.copyOf(modalities);
            return this;
        }

        /** Request parameters the model honours. */
        public Builder supportedParameters(Set<String> parameters) {
            this.supportedParameters = Set.copyOf(parameters);
            return this;
        }

        /** Creates the model info. */
        public ModelInfo build() {
            return new ModelInfo(this);
        }

        private static long requirePositive(long value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static BigDecimal requirePrice(BigDecimal price, String name) {
            Objects.requireNonNull(price, name + " is null");
            if (price.signum() < 0) {
                throw new IllegalArgumentException(name + " must not be negative: " + price);
            }
            return price;
        }
    }
}
