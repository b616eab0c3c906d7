package dev.creor.settings.archfixture;

import dev.creor.config.internal.JsoncParser;
import dev.creor.runtime.internal.wiring.WiredRuntime;

/** Breaks the settings rule: it reaches past the runtime's public API and config's editor. */
public final class SettingsUsingInternals {
    private SettingsUsingInternals() {
    }

    /** Wires by hand and reads JSONC with config's internal reader. */
    public static Object reachIn(WiredRuntime runtime) {
        return JsoncParser.parse(runtime.toString(), 0);
    }
}
