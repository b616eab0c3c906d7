package dev.creor.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code --debug} flag every command accepts: stack traces and debug logs on standard error. */
final class DebugOption {
    private boolean enabled;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print debug logs (credentials redacted) and stack traces to standard error.")
    void setEnabled(boolean enabled) {
        this.enabled = enabled;
        if (enabled) {
            CliLogging.enableDebug();
        }
    }

    boolean enabled() {
        return enabled;
    }
}
