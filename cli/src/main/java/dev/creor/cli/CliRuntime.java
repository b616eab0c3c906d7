package dev.creor.cli;

import dev.creor.runtime.Creor;

/** Starts the runtime a command works with, from the command's context. */
final class CliRuntime {
    private CliRuntime() {
    }

    /** What the command line tells the user to do about a key refused from an untrusted project file. */
    static final String TRUST_ADVICE = "run \"creor trust\" if you trust this folder";

    /** A builder over the command's directories and environment, as every command's runtime starts. */
    static Creor.Builder builder(CliContext context) {
        return Creor.builder().workingDirectory(context.workingDirectory()).homeDirectory(context.homeDirectory())
                .environment(context.environment()).trustAdvice(TRUST_ADVICE);
    }

    /** Starts the runtime of the command's directories and environment. */
    static Creor creor(CliContext context) {
        return builder(context).build();
    }
}
