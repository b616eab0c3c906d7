package dev.creor.example.archfixture;

import dev.creor.core.internal.Checks;

/** Deliberately breaks "plugins use no internals". */
public final class PluginUsingInternals {
    private PluginUsingInternals() {
    }

    static String checked(String value) {
        return Checks.requireText(value, "value");
    }
}
