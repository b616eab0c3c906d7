package dev.creor.core;

/**
 * The stable classification of every failure Creor reports.
 *
 * <p>Codes are part of the public contract: scripts match on them (they appear in {@code --json}
 * output) and the CLI derives its exit code from them (the mapping is the CLI's own, not the
 * library's). Each code says whether the same request may succeed if simply tried again
 * ({@link #retryableByDefault()}) and whether another model may succeed where this one failed
 * ({@link #movesToNextModel()}).
 */
public enum ErrorCode {
    /** The configuration is invalid: a bad key, value, file or reference. */
    CONFIG_INVALID(false, false),
    /** The command line or API call was used wrongly. */
    USAGE(false, false),
    /** No credential is available for a provider that needs one. */
    AUTH_MISSING(false, false),
    /** The provider rejected the credential. */
    AUTH_INVALID(false, false),
    /** The account has no credit left. */
    INSUFFICIENT_CREDITS(false, false),
    /** The model does not exist, or no endpoint can serve the request under the routing constraints. */
    MODEL_NOT_FOUND(false, true),
    /** The model is excluded by the provider's whitelist or blacklist. */
    MODEL_NOT_ALLOWED(false, true),
    /** The request itself is malformed or uses parameters the model does not support. */
    INVALID_REQUEST(false, false),
    /** The provider asked the client to slow down. */
    RATE_LIMITED(true, true),
    /** The prompt is too large for the model's context window. */
    CONTEXT_TOO_LONG(false, true),
    /** The input was flagged by a moderation filter. */
    MODERATION(false, true),
    /** The provider or its upstream is down, overloaded or answered with a server error. */
    PROVIDER_UNAVAILABLE(true, true),
    /** A connect, idle or total time limit expired. */
    TIMEOUT(true, true),
    /** An answer stream broke off before it completed. */
    STREAM_INTERRUPTED(true, true),
    /** The provider answered with something that is not what its protocol promises. */
    MALFORMED_RESPONSE(true, true),
    /** Every model of the route is skipped because its circuit breaker is open. */
    CIRCUIT_OPEN(false, true),
    /** The client-side concurrency limit's queue is full. */
    QUEUE_FULL(false, false),
    /** A provider plugin could not be loaded or created. */
    PLUGIN_INVALID(false, false),
    /** The caller cancelled the request. */
    CANCELLED(false, false),
    /** Reading or writing a local file failed. */
    IO_ERROR(false, false),
    /** A defect in Creor itself; please report it. */
    INTERNAL(false, false);

    private final boolean retryableByDefault;
    private final boolean movesToNextModel;

    ErrorCode(boolean retryableByDefault, boolean movesToNextModel) {
        this.retryableByDefault = retryableByDefault;
        this.movesToNextModel = movesToNextModel;
    }

    /** Whether trying the same request again may succeed, unless the error says otherwise. */
    public boolean retryableByDefault() {
        return retryableByDefault;
    }

    /**
     * Whether a fallback model may succeed where this one failed. Credential, credit and
     * request errors stop a fallback chain at once, because every other model would fail alike.
     */
    public boolean movesToNextModel() {
        return movesToNextModel;
    }
}
