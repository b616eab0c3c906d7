package dev.creor.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The one exception type Creor throws or completes futures with.
 *
 * <p>It carries a stable {@link ErrorCode}, a message saying what went wrong and where, and,
 * when there is one, a hint saying what the user can do next. Provider failures also say
 * whether the request may be retried, how long the provider asked to wait, the HTTP status and
 * the upstream provider that failed. The message never contains a credential.
 *
 * <pre>{@code
 * throw CreorException.builder(ErrorCode.AUTH_MISSING, "no OpenRouter key is set")
 *         .hint("run `creor auth login openrouter` or set OPENROUTER_API_KEY")
 *         .build();
 * }</pre>
 */
public final class CreorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String hint;
    private final boolean retryable;
    private final transient Duration retryAfter;
    private final int httpStatus;
    private final String upstreamProvider;
    private final transient RouteReport route;

    private CreorException(Builder builder) {
        super(builder.message, builder.cause);
        this.code = builder.code;
        this.hint = builder.hint;
        this.retryable = builder.retryable;
        this.retryAfter = builder.retryAfter;
        this.httpStatus = builder.httpStatus;
        this.upstreamProvider = builder.upstreamProvider;
        this.route = builder.route;
    }

    /** Creates an exception with the code's default retryability and no hint. */
    public static CreorException of(ErrorCode code, String message) {
        return builder(code, message).build();
    }

    /** Starts an exception with the given code and message. */
    public static Builder builder(ErrorCode code, String message) {
        return new Builder(code, message);
    }

    /** A builder preset with every property of this exception. */
    public Builder toBuilder() {
        Builder builder = new Builder(code, getMessage()).retryable(retryable);
        builder.cause = getCause();
        builder.hint = hint;
        builder.retryAfter = retryAfter;
        builder.httpStatus = httpStatus;
        builder.upstreamProvider = upstreamProvider;
        builder.route = route();
        return builder;
    }

    /** The stable classification of this failure. */
    public ErrorCode code() {
        return code;
    }

    /** What the user can do about it, when Creor knows. */
    public Optional<String> hint() {
        return Optional.ofNullable(hint);
    }

    /** Whether the same request, sent again later, may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** How long the provider asked the client to wait before trying again. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The HTTP status of the answer that carried this failure, if it came over HTTP. */
    public OptionalInt httpStatus() {
        return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** The upstream provider (behind an aggregator such as OpenRouter) that failed, if named. */
    public Optional<String> upstreamProvider() {
        return Optional.ofNullable(upstreamProvider);
    }

    /**
     * The route a routed request took before it failed with this error: every model tried or
     * skipped, with outcomes and timings. {@link RouteReport#NONE} when the failure did not pass
     * through a router (or this exception was deserialised, which drops the report).
     */
    public RouteReport route() {
        return route == null ? RouteReport.NONE : route;
    }

    /** The message followed by the hint, as one text for a person to read. */
    public String describe() {
        return hint == null ? getMessage() : getMessage() + " (" + hint + ")";
    }

    @Override
    public String toString() {
        return "CreorException[" + code + "]: " + describe();
    }

    /** Builds a {@link CreorException}; every setter rejects {@code null}. */
    public static final class Builder {
        private final ErrorCode code;
        private final String message;
        private String hint;
        private boolean retryable;
        private Duration retryAfter;
        private int httpStatus;
        private String upstreamProvider;
        private Throwable cause;
        private RouteReport route = RouteReport.NONE;

        private Builder(ErrorCode code, String message) {
            this.code = Objects.requireNonNull(code, "code is null");
            this.message = requireText(message, "message");
            this.retryable = code.retryableByDefault();
        }

        /** What the user can do next, e.g. which command to run. */
        public Builder hint(String hint) {
            this.hint = requireText(hint, "hint");
            return this;
        }

        /** Overrides the code's default retryability. */
        public Builder retryable(boolean retryable) {
            this.retryable = retryable;
            return this;
        }

        /** The wait the provider asked for; must not be negative. */
        public Builder retryAfter(Duration retryAfter) {
            Objects.requireNonNull(retryAfter, "retryAfter is null");
            if (retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
            }
            this.retryAfter = retryAfter;
            return this;
        }

        /** The HTTP status (100 to 599) of the answer that carried the failure. */
        public Builder httpStatus(int httpStatus) {
            if (httpStatus < 100 || httpStatus > 599) {
                throw new IllegalArgumentException("httpStatus must be within 100..599: " + httpStatus);
            }
            this.httpStatus = httpStatus;
            return this;
        }

        /** The upstream provider that failed, as the aggregator named it. */
        public Builder upstreamProvider(String upstreamProvider) {
            this.upstreamProvider = requireText(upstreamProvider, "upstreamProvider");
            return this;
        }

        /** The underlying cause. */
        public Builder cause(Throwable cause) {
            this.cause = Objects.requireNonNull(cause, "cause is null");
            return this;
        }

        /** The route the request took before it failed; set by the router. */
        public Builder route(RouteReport route) {
            this.route = Objects.requireNonNull(route, "route is null");
            return this;
        }

        /** Creates the exception. */
        public CreorException build() {
            return new CreorException(this);
        }
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name + " is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value;
    }
}
