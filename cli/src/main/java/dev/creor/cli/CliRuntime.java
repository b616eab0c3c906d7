package dev.creor.cli;

import dev.creor.runtime.CreorVersion;
import dev.creor.runtime.internal.wiring.CreorRuntime;
import dev.creor.runtime.internal.wiring.RuntimeOptions;

/** Starts the runtime a command works with, from the command's context. */
final class CliRuntime {
    private CliRuntime() {
    }

    static RuntimeOptions.Builder options(CliContext context) {
        return RuntimeOptions.builder(context.workingDirectory(), context.homeDirectory())
                .environment(context.environment())
                .userAgent(CreorVersion.userAgent());
    }

    static CreorRuntime start(CliContext context) {
        return CreorRuntime.start(options(context).build());
    }
}
