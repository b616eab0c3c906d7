package dev.creor.cli;

import dev.creor.core.ErrorCode;

/** The exit codes of {@code creor}, as docs/cli.md lists them. */
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

    static int of(ErrorCode code) {
        return code.exitCode();
    }
}
