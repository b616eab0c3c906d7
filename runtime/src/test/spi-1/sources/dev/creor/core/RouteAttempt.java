package dev.creor.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a route: a model tried (or skipped), what came of it and how long it took.
 *
 * <p>When a provider tries fallbacks natively (OpenRouter's {@code models} list), one attempt
 * covers several models: {@link #model()} is the first, {@link #nativeFallbacks()} the rest,
 * and {@link #servedModel()} the one that answered.
 */
public final class RouteAttempt {
    /** What came of an attempt. */
    public enum Outcome {
        /** The model answered. */
        SUCCEEDED,
        /** The model failed; see {@link RouteAttempt#errorCode()}. */
        FAILED,
        /** The model was not tried, e.g. because its circuit breaker is open. */
        SKIPPED,
        /** The caller cancelled while this attempt was under way. */
        CANCELLED
    }

    private final ModelRef model;
    private final List<ModelRef> nativeFallbacks;
    private final Outcome outcome;
    private final ErrorCode errorCode;
    private final String detail;
    private final ModelRef servedModel;
    private final String upstreamProvider;
    private final Duration latency;
    private final Duration waitBefore;

    private RouteAttempt(Builder builder) {
        this.model = Objects.requireNonNull(builder.model, "model is null");
        this.nativeFallbacks = List.copyOf(builder.nativeFallbacks);
        this.outcome = Objects.requireNonNull(builder.outcome, "outcome is null");
        this.errorCode = builder.errorCode;
        this.detail = builder.detail;
        this.servedModel = builder.servedModel;
        this.upstreamProvider = builder.upstreamProvider;
        this.latency = builder.latency;
        this.waitBefore = builder.waitBefore;
        if ((outcome == Outcome.FAILED || outcome == Outcome.SKIPPED) && errorCode == null) {
            throw new IllegalArgumentException(outcome + " attempt needs an error code");
        }
    }

    /** Starts an attempt of the given model with the given outcome. */
    public static Builder builder(ModelRef model, Outcome outcome) {
        return new Builder(model, outcome);
    }

    /** The model asked for (the first one, when the provider tried fallbacks natively). */
    public ModelRef model() {
        return model;
    }

    /** The id of the provider the attempt went to (or would have gone to), e.g. {@code openrouter}. */
    public String provider() {
        return model.provider();
    }

    /** The fallbacks the provider was asked to try itself within this attempt. */
    public List<ModelRef> nativeFallbacks() {
        return nativeFallbacks;
    }

    /** What came of the attempt. */
    public Outcome outcome() {
        return outcome;
    }

    /** The error of a failed or skipped attempt. */
    public Optional<ErrorCode> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** A short explanation of a failure or skip, safe to show. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /** The model that actually answered, when it succeeded. */
    public Optional<ModelRef> servedModel() {
        return Optional.ofNullable(servedModel);
    }

    /** The upstream provider that served or failed, when the provider named it. */
    public Optional<String> upstreamProvider() {
        return Optional.ofNullable(upstreamProvider);
    }

    /** From sending the request to its outcome. */
    public Duration latency() {
        return latency;
    }

    /**
     * How long the router waited before this attempt: back-off, {@code Retry-After}, or a place
     * in a concurrency-limit queue.
     */
    public Duration waitBefore() {
        return waitBefore;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RouteAttempt that
                && model.equals(that.model)
                && nativeFallbacks.equals(that.nativeFallbacks)
                && outcome == that.outcome
                && errorCode == that.errorCode
                && Objects.equals(detail, that.detail)
                && Objects.equals(servedModel, that.servedModel)
                && Objects.equals(upstreamProvider, that.upstreamProvider)
                && latency.equals(that.latency)
                && waitBefore.equals(that.waitBefore);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, nativeFallbacks, outcome, errorCode, detail, servedModel, upstreamProvider,
                latency, waitBefore);
    }

    @Override
    public String toString() {
        return model + " " + outcome + (errorCode == null ? "" : " " + errorCode)
                + " in " + latency.toMillis() + " ms"
                + (waitBefore.isZero() ? "" : " after waiting " + waitBefore.toMillis() + " ms");
    }

    /** Builds a {@link RouteAttempt}. */
    public static final class Builder {
        private final ModelRef model;
        private final Outcome outcome;
        private List<ModelRef> nativeFallbacks = List.of();
        private ErrorCode errorCode;
        private String detail;
        private ModelRef servedModel;
        private String upstreamProvider;
        private Duration latency = Duration.ZERO;
        private Duration waitBefore = Duration.ZERO;

        private Builder(ModelRef model, Outcome outcome) {
            this.model = Objects.requireNonNull(model, "model is null");
            this.outcome = Objects.requireNonNull(outcome, "outcome is null");
        }

        /** The fallbacks the provider tried itself within this attempt. */
        public Builder nativeFallbacks(List<ModelRef> nativeFallbacks) {
            this.nativeFallbacks = List.copyOf(nativeFallbacks);
            return this;
        }

        /** The error of a failed or skipped attempt. */
        public Builder errorCode(ErrorCode errorCode) {
            this.errorCode = Objects.requireNonNull(errorCode, "errorCode is null");
            return this;
        }

        /** A short explanation, safe to show (never a credential or prompt). */
        public Builder detail(String detail) {
            this.detail = Checks.requireText(detail, "detail");
            return this;
        }

        /** The model that actually answered. */
        public Builder servedModel(ModelRef servedModel) {
            this.servedModel = Objects.requireNonNull(servedModel, "servedModel is null");
            return this;
        }

        /** The upstream provider that served or failed. */
        public Builder upstreamProvider(String upstreamProvider) {
            this.upstreamProvider = Checks.requireText(upstreamProvider, "upstreamProvider");
            return this;
        }

        /** From sending the request to its outcome. */
        public Builder latency(Duration latency) {
            this.latency = requireNonNegative(latency, "latency");
            return this;
        }

        /** The wait before this attempt. */
        public Builder waitBefore(Duration waitBefore) {
            this.waitBefore = requireNonNegative(waitBefore, "waitBefore");
            return this;
        }

        /** Creates the attempt; a failed or skipped one needs an error code. */
        public RouteAttempt build() {
            return new RouteAttempt(this);
        }

        private static Duration requireNonNegative(Duration duration, String name) {
            Objects.requireNonNull(duration, name + " is null");
            if (duration.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + duration);
            }
            return duration;
        }
    }
}
