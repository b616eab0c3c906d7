package dev.creor.core.routing;

import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.chat.ChatModel;
import dev.creor.core.internal.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * One provider as the router sees it: its chat model and the policies that apply to it.
 *
 * <pre>{@code
 * RouteTarget openRouter = RouteTarget.builder(provider.chatModel())
 *         .nativeFallbacks(true)                                   // it declares NATIVE_FALLBACKS
 *         .retryPolicy(RetryPolicy.defaults().withMaxAttempts(4))
 *         .circuitBreaker(CircuitBreakerPolicy.defaults())
 *         .concurrencyLimit(new ConcurrencyLimit(8, 32))
 *         .modelFilter(ModelFilter.of(List.of("anthropic/*", "openai/*"), List.of()))
 *         .totalTimeout(Duration.ofMinutes(10))
 *         .build();
 * }</pre>
 *
 * <p>Unless set, a target tries fallbacks client-side, uses {@link RetryPolicy#defaults()} and
 * {@link CircuitBreakerPolicy#defaults()}, has no concurrency limit, allows every model and puts
 * no limit on a request's total time, and knows no model's context window.
 */
public final class RouteTarget {
    private final ChatModel chatModel;
    private final boolean nativeFallbacks;
    private final RetryPolicy retryPolicy;
    private final CircuitBreakerPolicy circuitBreaker;
    private final ConcurrencyLimit concurrencyLimit;
    private final ModelFilter modelFilter;
    private final Duration totalTimeout;
    private final Function<String, OptionalLong> contextWindows;

    private RouteTarget(Builder builder) {
        this.chatModel = builder.chatModel;
        this.nativeFallbacks = builder.nativeFallbacks;
        this.retryPolicy = builder.retryPolicy;
        this.circuitBreaker = builder.circuitBreaker;
        this.concurrencyLimit = builder.concurrencyLimit;
        this.modelFilter = builder.modelFilter;
        this.totalTimeout = builder.totalTimeout;
        this.contextWindows = builder.contextWindows;
    }

    /** Starts a target for the provider's chat model, with every default. */
    public static Builder builder(ChatModel chatModel) {
        return new Builder(chatModel);
    }

    /** A builder preset with every property of this target. */
    public Builder toBuilder() {
        Builder builder = new Builder(chatModel);
        builder.nativeFallbacks = nativeFallbacks;
        builder.retryPolicy = retryPolicy;
        builder.circuitBreaker = circuitBreaker;
        builder.concurrencyLimit = concurrencyLimit;
        builder.modelFilter = modelFilter;
        builder.totalTimeout = totalTimeout;
        builder.contextWindows = contextWindows;
        return builder;
    }

    /** The provider's chat model, which receives one attempt at a time. */
    public ChatModel chatModel() {
        return chatModel;
    }

    /**
     * Whether the provider tries same-provider fallbacks itself within one request. If so, the
     * router hands it a run of consecutive models of this provider as one attempt (model plus
     * fallbacks); otherwise it tries them one by one.
     */
    public boolean nativeFallbacks() {
        return nativeFallbacks;
    }

    /** How each step of a route at this provider is retried. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** When this provider's models are skipped after repeated failures. */
    public CircuitBreakerPolicy circuitBreaker() {
        return circuitBreaker;
    }

    /** The limit on requests in flight to this provider, if there is one. */
    public Optional<ConcurrencyLimit> concurrencyLimit() {
        return Optional.ofNullable(concurrencyLimit);
    }

    /** Which of this provider's models may be used. */
    public ModelFilter modelFilter() {
        return modelFilter;
    }

    /**
     * How long a whole request may take when its model is at this provider: every attempt,
     * retry, wait and fallback, counted from when the router receives it. When a request falls
     * back to this provider from another, each attempt here also ends after this long. Empty
     * for no limit.
     */
    public Optional<Duration> totalTimeout() {
        return Optional.ofNullable(totalTimeout);
    }

    /**
     * The context window in tokens of one of this provider's models (its provider-side id), when
     * it is known without waiting. The router refuses, without sending it, a request whose
     * estimated prompt does not fit: that model is skipped with
     * {@link dev.creor.core.ErrorCode#CONTEXT_TOO_LONG} and the next one is tried.
     */
    public OptionalLong contextWindow(String modelId) {
        OptionalLong window = contextWindows.apply(Objects.requireNonNull(modelId, "modelId is null"));
        return window == null ? OptionalLong.empty() : window;
    }

    @Override
    public String toString() {
        return "RouteTarget[" + chatModel + (nativeFallbacks ? ", native fallbacks" : "") + ", " + retryPolicy
                + ", " + circuitBreaker + (concurrencyLimit == null ? "" : ", " + concurrencyLimit) + ", "
                + modelFilter + (totalTimeout == null ? "" : ", total timeout " + Durations.describe(totalTimeout))
                + "]";
    }

    /** Builds a {@link RouteTarget}; every setter rejects {@code null}. */
    public static final class Builder {
        private final ChatModel chatModel;
        private boolean nativeFallbacks;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private CircuitBreakerPolicy circuitBreaker = CircuitBreakerPolicy.defaults();
        private ConcurrencyLimit concurrencyLimit;
        private ModelFilter modelFilter = ModelFilter.ALLOW_ALL;
        private Duration totalTimeout;
        private Function<String, OptionalLong> contextWindows = modelId -> OptionalLong.empty();

        private Builder(ChatModel chatModel) {
            this.chatModel = Objects.requireNonNull(chatModel, "chatModel is null");
        }

        /** Whether the provider tries same-provider fallbacks natively; {@code false} unless set. */
        public Builder nativeFallbacks(boolean nativeFallbacks) {
            this.nativeFallbacks = nativeFallbacks;
            return this;
        }

        /** The retry policy; {@link RetryPolicy#defaults()} unless set. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy is null");
            return this;
        }

        /** The circuit-breaker policy; {@link CircuitBreakerPolicy#defaults()} unless set. */
        public Builder circuitBreaker(CircuitBreakerPolicy circuitBreaker) {
            this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker is null");
            return this;
        }

        /** Limits requests in flight to this provider; unlimited unless set. */
        public Builder concurrencyLimit(ConcurrencyLimit concurrencyLimit) {
            this.concurrencyLimit = Objects.requireNonNull(concurrencyLimit, "concurrencyLimit is null");
            return this;
        }

        /** Removes the concurrency limit. */
        public Builder noConcurrencyLimit() {
            this.concurrencyLimit = null;
            return this;
        }

        /** Which models may be used; {@link ModelFilter#ALLOW_ALL} unless set. */
        public Builder modelFilter(ModelFilter modelFilter) {
            this.modelFilter = Objects.requireNonNull(modelFilter, "modelFilter is null");
            return this;
        }

        /**
         * Limits the total time of a request whose model is at this provider (see
         * {@link RouteTarget#totalTimeout()}); no limit unless set.
         *
         * @throws IllegalArgumentException when the limit is zero or negative
         */
        public Builder totalTimeout(Duration totalTimeout) {
            Objects.requireNonNull(totalTimeout, "totalTimeout is null");
            if (totalTimeout.isZero() || totalTimeout.isNegative()) {
                throw new IllegalArgumentException("totalTimeout must be positive: " + totalTimeout);
            }
            this.totalTimeout = totalTimeout;
            return this;
        }

        /** Removes the limit on a request's total time. */
        public Builder noTotalTimeout() {
            this.totalTimeout = null;
            return this;
        }

        /**
         * Where the router looks up a model's context window (see
         * {@link RouteTarget#contextWindow(String)}): a function of the provider-side model id
         * that answers at once, empty when the window is not known; none is known unless set.
         */
        public Builder contextWindows(Function<String, OptionalLong> contextWindows) {
            this.contextWindows = Objects.requireNonNull(contextWindows, "contextWindows is null");
            return this;
        }

        /** Creates the target. */
        public RouteTarget build() {
            return new RouteTarget(this);
        }
    }
}
