package dev.creor.agents.archfixture;

import com.google.inject.Injector;

/** Deliberately breaks "Guice appears in app only". */
public final class AgentsUsingGuice {
    private AgentsUsingGuice() {
    }

    static Object instance(Injector injector) {
        return injector.getInstance(Object.class);
    }
}
