package dev.creor.serve.archfixture;

import dev.creor.runtime.internal.wiring.WiredRuntime;

/** Deliberately bad: a gateway class reaching past the facade into the runtime's wiring. */
public final class ServeUsingRuntimeInternals {
    private ServeUsingRuntimeInternals() {
    }

    /** Routes around the facade. */
    public static Object router(WiredRuntime runtime) {
        return runtime.router();
    }
}
