package dev.creor.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Everything about an answer except its content: why it ended, what it used and cost, which
 * model and upstream provider served it, and the route it took.
 */
public final class ResponseMetadata {
    private final FinishReason finishReason;
    private final Usage usage;
    private final ModelRef servedModel;
    private final String upstreamProvider;
    private final String generationId;
    private final RouteReport route;

    private ResponseMetadata(Builder builder) {
        this.finishReason = builder.finishReason;
        this.usage = builder.usage;
        this.servedModel = Objects.requireNonNull(builder.servedModel, "servedModel is not set");
        this.upstreamProvider = builder.upstreamProvider;
        this.generationId = builder.generationId;
        this.route = builder.route;
    }

    /** Starts metadata of an answer served by the given model. */
    public static Builder builder(ModelRef servedModel) {
        return new Builder().servedModel(servedModel);
    }

    /** A builder preset with every property of this metadata. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.finishReason = finishReason;
        builder.usage = usage;
        builder.servedModel = servedModel;
        builder.upstreamProvider = upstreamProvider;
        builder.generationId = generationId;
        builder.route = route;
        return builder;
    }

    /** A copy with the given route. */
    public ResponseMetadata withRoute(RouteReport route) {
        return toBuilder().route(route).build();
    }

    /** Why the model stopped writing. */
    public FinishReason finishReason() {
        return finishReason;
    }

    /** Tokens used and cost. */
    public Usage usage() {
        return usage;
    }

    /** The model that answered, e.g. the one {@code openrouter/auto} picked. */
    public ModelRef servedModel() {
        return servedModel;
    }

    /** The upstream provider behind an aggregator, e.g. {@code Anthropic} behind OpenRouter. */
    public Optional<String> upstreamProvider() {
        return Optional.ofNullable(upstreamProvider);
    }

    /** The provider's id for this generation, e.g. {@code gen-...}. */
    public Optional<String> generationId() {
        return Optional.ofNullable(generationId);
    }

    /** The route the request took; {@link RouteReport#NONE} when it was not routed. */
    public RouteReport route() {
        return route;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResponseMetadata that
                && finishReason == that.finishReason
                && usage.equals(that.usage)
                && servedModel.equals(that.servedModel)
                && Objects.equals(upstreamProvider, that.upstreamProvider)
                && Objects.equals(generationId, that.generationId)
                && route.equals(that.route);
    }

    @Override
    public int hashCode() {
        return Objects.hash(finishReason, usage, servedModel, upstreamProvider, generationId, route);
    }

    @Override
    public String toString() {
        return "ResponseMetadata[" + servedModel + ", " + finishReason + ", " + usage
                + (upstreamProvider == null ? "" : ", via " + upstreamProvider)
                + (generationId == null ? "" : ", " + generationId) + "]";
    }

    /** Builds {@link ResponseMetadata}; only the served model is required. */
    public static final class Builder {
        private FinishReason finishReason = FinishReason.UNKNOWN;
        private Usage usage = Usage.NONE;
        private ModelRef servedModel;
        private String upstreamProvider;
        private String generationId;
        private RouteReport route = RouteReport.NONE;

        private Builder() {
        }

        /** Why the model stopped; {@link FinishReason#UNKNOWN} unless set. */
        public Builder finishReason(FinishReason finishReason) {
            this.finishReason = Objects.requireNonNull(finishReason, "finishReason is null");
            return this;
        }

        /** Tokens used and cost; {@link Usage#NONE} unless set. */
        public Builder usage(Usage usage) {
            this.usage = Objects.requireNonNull(usage, "usage is null");
            return this;
        }

        /** The model that answered. */
        public Builder servedModel(ModelRef servedModel) {
            this.servedModel = Objects.requireNonNull(servedModel, "servedModel is null");
            return this;
        }

        /** The upstream provider behind an aggregator. */
        public Builder upstreamProvider(String upstreamProvider) {
            this.upstreamProvider = Checks.requireText(upstreamProvider, "upstreamProvider");
            return this;
        }

        /** The provider's id for this generation. */
        public Builder generationId(String generationId) {
            this.generationId = Checks.requireText(generationId, "generationId");
            return this;
        }

        /** The route taken. */
        public Builder route(RouteReport route) {
            this.route = Objects.requireNonNull(route, "route is null");
            return this;
        }

        /** Creates the metadata. */
        public ResponseMetadata build() {
            return new ResponseMetadata(this);
        }
    }
}
