package dev.creor.cli.archfixture;

import dev.creor.config.ConfigLoader;
import dev.creor.runtime.internal.wiring.WiredRuntime;

/** A command that starts the runtime by hand and reads config itself: what the public-API rule forbids. */
public final class CommandBehindTheFacade {
    private CommandBehindTheFacade() {
    }

    static String describe(WiredRuntime runtime, ConfigLoader loader) {
        return runtime.toString() + loader.projectFolder();
    }
}
