package dev.creor.agents;

import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ReasoningOptions;
import dev.creor.core.internal.JsonValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * How requests are made, as an agent ({@code agent.<name>}) or a model
 * ({@code provider.<id>.models.<model>}) configures it: sampling, reasoning, routing
 * preferences, extra headers and the caching policy. Every field is optional; layers merge with
 * {@link #overriddenBy}, the model's options under the agent's under the request's own.
 *
 * <p>A reasoning {@code effort} and a reasoning {@code maxTokens} are alternatives: a layer that
 * sets either replaces both of a weaker layer, so a model's effort and an agent's budget never
 * end up in one request (which OpenRouter refuses). One layer setting both is refused.
 */
public final class RequestOptions {
    private static final RequestOptions NONE = builder().build();
    /** The caching policies: {@code auto} places cache breakpoints, {@code none} places none. */
    public static final Set<String> CACHING_POLICIES = Set.of("auto", "none");

    private final Double temperature;
    private final Double topP;
    private final Integer maxTokens;
    private final String reasoningEffort;
    private final Integer reasoningMaxTokens;
    private final Boolean reasoningExclude;
    private final Map<String, Object> routing;
    private final Map<String, String> headers;
    private final String caching;

    private RequestOptions(Builder builder) {
        if (builder.reasoningEffort != null && builder.reasoningMaxTokens != null) {
            throw new IllegalArgumentException("reasoning.effort (\"" + builder.reasoningEffort + "\") and"
                    + " reasoning.maxTokens (" + builder.reasoningMaxTokens + ") are both set, but only one may be"
                    + " (OpenRouter refuses both together): keep the effort or the token budget");
        }
        this.temperature = builder.temperature;
        this.topP = builder.topP;
        this.maxTokens = builder.maxTokens;
        this.reasoningEffort = builder.reasoningEffort;
        this.reasoningMaxTokens = builder.reasoningMaxTokens;
        this.reasoningExclude = builder.reasoningExclude;
        this.routing = JsonValues.copyOf(builder.routing);
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
        this.caching = builder.caching;
    }

    /** Options that set nothing. */
    public static RequestOptions none() {
        return NONE;
    }

    /** Starts empty options. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with every field of these options. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.temperature = temperature;
        builder.topP = topP;
        builder.maxTokens = maxTokens;
        builder.reasoningEffort = reasoningEffort;
        builder.reasoningMaxTokens = reasoningMaxTokens;
        builder.reasoningExclude = reasoningExclude;
        builder.routing.putAll(routing);
        builder.headers.putAll(headers);
        builder.caching = caching;
        return builder;
    }

    /**
     * These options with {@code stronger}'s on top: each field it sets replaces this one's;
     * routing preferences and headers merge key by key; a reasoning effort or budget replaces both.
     */
    public RequestOptions overriddenBy(RequestOptions stronger) {
        Objects.requireNonNull(stronger, "stronger is null");
        Builder merged = toBuilder();
        if (stronger.temperature != null) {
            merged.temperature = stronger.temperature;
        }
        if (stronger.topP != null) {
            merged.topP = stronger.topP;
        }
        if (stronger.maxTokens != null) {
            merged.maxTokens = stronger.maxTokens;
        }
        if (stronger.reasoningEffort != null || stronger.reasoningMaxTokens != null) {
            merged.reasoningEffort = stronger.reasoningEffort;
            merged.reasoningMaxTokens = stronger.reasoningMaxTokens;
        }
        if (stronger.reasoningExclude != null) {
            merged.reasoningExclude = stronger.reasoningExclude;
        }
        merged.routing.putAll(stronger.routing);
        merged.headers.putAll(stronger.headers);
        if (stronger.caching != null) {
            merged.caching = stronger.caching;
        }
        return merged.build();
    }

    /**
     * Sets what these options set on a request: sampling, reasoning, routing, headers and the
     * caching policy.
     */
    public ChatRequest.Builder applyTo(ChatRequest.Builder request) {
        Objects.requireNonNull(request, "request is null");
        temperature().ifPresent(request::temperature);
        topP().ifPresent(request::topP);
        maxTokens().ifPresent(request::maxTokens);
        reasoning().ifPresent(request::reasoning);
        if (!routing.isEmpty()) {
            request.routing(routing);
        }
        if (!headers.isEmpty()) {
            request.headers(headers);
        }
        caching().ifPresent(policy -> request.caching(policy.equals("auto") ? ChatRequest.Caching.AUTO
                : ChatRequest.Caching.NONE));
        return request;
    }

    /** The sampling temperature, from 0 to 2. */
    public OptionalDouble temperature() {
        return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
    }

    /** The nucleus-sampling mass, from 0 to 1. */
    public OptionalDouble topP() {
        return topP == null ? OptionalDouble.empty() : OptionalDouble.of(topP);
    }

    /** The most tokens an answer may have. */
    public OptionalInt maxTokens() {
        return maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens);
    }

    /** The reasoning options these set, when they set any of effort, budget or exclude. */
    public Optional<ReasoningOptions> reasoning() {
        if (reasoningEffort == null && reasoningMaxTokens == null && reasoningExclude == null) {
            return Optional.empty();
        }
        ReasoningOptions.Builder reasoning = ReasoningOptions.builder();
        if (reasoningEffort != null) {
            reasoning.effort(reasoningEffort);
        }
        if (reasoningMaxTokens != null) {
            reasoning.maxTokens(reasoningMaxTokens);
        }
        if (reasoningExclude != null) {
            reasoning.exclude(reasoningExclude);
        }
        return Optional.of(reasoning.build());
    }

    /** Routing preferences keyed as in {@code provider.<id>.routing}; empty when none are set. */
    public Map<String, Object> routing() {
        return routing;
    }

    /** Extra HTTP headers; empty when none are set. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The caching policy, {@code auto} or {@code none}, when set. */
    public Optional<String> caching() {
        return Optional.ofNullable(caching);
    }

    /** Whether these options set nothing at all. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RequestOptions that
                && Objects.equals(temperature, that.temperature)
                && Objects.equals(topP, that.topP)
                && Objects.equals(maxTokens, that.maxTokens)
                && Objects.equals(reasoningEffort, that.reasoningEffort)
                && Objects.equals(reasoningMaxTokens, that.reasoningMaxTokens)
                && Objects.equals(reasoningExclude, that.reasoningExclude)
                && routing.equals(that.routing)
                && headers.equals(that.headers)
                && Objects.equals(caching, that.caching);
    }

    @Override
    public int hashCode() {
        return Objects.hash(temperature, topP, maxTokens, reasoningEffort, reasoningMaxTokens, reasoningExclude,
                routing, headers, caching);
    }

    /** The options set, header names only: a header's value may be a credential. */
    @Override
    public String toString() {
        return "RequestOptions[temperature=" + temperature + ", topP=" + topP + ", maxTokens=" + maxTokens
                + ", reasoningEffort=" + reasoningEffort + ", reasoningMaxTokens=" + reasoningMaxTokens
                + ", reasoningExclude=" + reasoningExclude + ", routing=" + routing + ", headers=" + headers.keySet()
                + ", caching=" + caching + "]";
    }

    /** Builds {@link RequestOptions}; every setter rejects out-of-range values. */
    public static final class Builder {
        private Double temperature;
        private Double topP;
        private Integer maxTokens;
        private String reasoningEffort;
        private Integer reasoningMaxTokens;
        private Boolean reasoningExclude;
        private final Map<String, Object> routing = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String caching;

        private Builder() {
        }

        /** The sampling temperature, from 0 to 2. */
        public Builder temperature(double temperature) {
            this.temperature = requireWithin(temperature, 2, "temperature");
            return this;
        }

        /** The nucleus-sampling mass, from 0 to 1. */
        public Builder topP(double topP) {
            this.topP = requireWithin(topP, 1, "topP");
            return this;
        }

        /** The most tokens an answer may have; must be positive. */
        public Builder maxTokens(int maxTokens) {
            this.maxTokens = requirePositive(maxTokens, "maxTokens");
            return this;
        }

        /** The reasoning effort, e.g. {@code low}, {@code medium} or {@code high}. */
        public Builder reasoningEffort(String effort) {
            Objects.requireNonNull(effort, "effort is null");
            if (effort.isBlank()) {
                throw new IllegalArgumentException("reasoning.effort is empty");
            }
            this.reasoningEffort = effort;
            return this;
        }

        /** The reasoning token budget; must be positive. */
        public Builder reasoningMaxTokens(int maxTokens) {
            this.reasoningMaxTokens = requirePositive(maxTokens, "reasoning.maxTokens");
            return this;
        }

        /** Reason without returning the reasoning. */
        public Builder reasoningExclude(boolean exclude) {
            this.reasoningExclude = exclude;
            return this;
        }

        /** Replaces the routing preferences (keys as in {@code provider.<id>.routing}). */
        public Builder routing(Map<String, ?> routing) {
            Map<String, Object> copy = JsonValues.copyOf(routing);
            this.routing.clear();
            this.routing.putAll(copy);
            return this;
        }

        /** Replaces the extra headers; core's request checks names and values. */
        public Builder headers(Map<String, String> headers) {
            Map<String, String> copy = Map.copyOf(headers);
            // Checked the way a request checks them, so a bad header fails where it is configured.
            ChatRequest.builder().headers(copy);
            this.headers.clear();
            this.headers.putAll(new TreeMap<>(copy));
            return this;
        }

        /** The caching policy: {@code auto} or {@code none}. */
        public Builder caching(String caching) {
            Objects.requireNonNull(caching, "caching is null");
            if (!CACHING_POLICIES.contains(caching)) {
                throw new IllegalArgumentException("caching must be \"auto\" or \"none\": \"" + caching + "\"");
            }
            this.caching = caching;
            return this;
        }

        /**
         * Creates the options.
         *
         * @throws IllegalArgumentException when both a reasoning effort and a reasoning budget are set
         */
        public RequestOptions build() {
            return new RequestOptions(this);
        }

        private static double requireWithin(double value, double max, String name) {
            if (!(value >= 0 && value <= max)) {
                throw new IllegalArgumentException(name + " must be within 0.." + max + ": " + value);
            }
            return value;
        }

        private static int requirePositive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
