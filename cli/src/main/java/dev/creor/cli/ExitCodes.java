package dev.creor.cli;

import dev.creor.config.ValidationReport;
import dev.creor.core.ErrorCode;

/**
 * The exit codes of {@code creor}, as docs/cli.md lists them, and the one place that maps
 * Creor's error codes to them: the library classifies failures, the command line decides how a
 * process reports them.
 */
final class ExitCodes {
    /** Success. */
    static final int OK = 0;
    /** A model or provider failed, or another runtime failure. */
    static final int FAILURE = 1;
    /** Bad usage or invalid config. */
    static final int USAGE = 2;
    /** Missing or rejected credentials. */
    static final int CREDENTIALS = 3;
    /** Interrupted (Ctrl-C). */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** The exit code of a command that ends with this error. */
    static int of(ErrorCode code) {
        return switch (code) {
            // A prompt too long for the model is the user's input to change, like bad usage.
            case CONFIG_INVALID, USAGE, PLUGIN_INVALID, CONTEXT_TOO_LONG -> USAGE;
            case AUTH_MISSING, AUTH_INVALID -> CREDENTIALS;
            case CANCELLED -> INTERRUPTED;
            case INSUFFICIENT_CREDITS, MODEL_NOT_FOUND, MODEL_NOT_ALLOWED, INVALID_REQUEST, RATE_LIMITED,
                 MODERATION, PROVIDER_UNAVAILABLE, TIMEOUT, STREAM_INTERRUPTED, MALFORMED_RESPONSE,
                 CIRCUIT_OPEN, QUEUE_FULL, IO_ERROR, INTERNAL -> FAILURE;
        };
    }

    /** 0 when the configuration is valid (warnings allowed), else {@link #USAGE}. */
    static int of(ValidationReport report) {
        return report.isValid() ? OK : of(ErrorCode.CONFIG_INVALID);
    }
}
