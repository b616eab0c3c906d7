package dev.creor.settings.archfixture;

import dev.creor.config.edit.ConfigEdit;
import dev.creor.core.ModelRef;
import dev.creor.runtime.CreorRedaction;
import java.util.List;

/** Keeps the settings rule: the runtime's public API, config's editor and core. */
public final class SettingsOnTheFacade {
    private SettingsOnTheFacade() {
    }

    /** Uses only what settings may use. */
    public static ConfigEdit choose(ModelRef model) {
        return ConfigEdit.set(List.of("agent", "plan", "model"), CreorRedaction.redact(model.toString()));
    }
}
