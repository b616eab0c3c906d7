package dev.creor.settings;

import dev.creor.config.edit.EditOutcome;
import java.util.List;
import java.util.Objects;

/**
 * What came of saving settings into the global config file.
 *
 * @param outcome  written, unchanged, or refused with the snippet to paste
 * @param warnings for people: a source of higher precedence that still decides, a pattern that
 *                 matches no model, a catalog that could not be asked
 */
public record ConfigSaved(EditOutcome outcome, List<String> warnings) {
    /** Checks for nulls and copies the warnings. */
    public ConfigSaved {
        Objects.requireNonNull(outcome, "outcome is null");
        warnings = List.copyOf(warnings);
    }
}
