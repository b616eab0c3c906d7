package dev.creor.settings;

import dev.creor.runtime.KeyStored;
import java.util.List;
import java.util.Objects;

/**
 * A key stored from the page.
 *
 * @param provider     the provider's status after storing
 * @param maskedKey    the stored key, masked
 * @param verification what the provider said about the key, or why it was not asked
 * @param warnings     a key that does not look like the provider's, another source that takes precedence, ...
 */
public record KeySaved(ProviderStatus provider, String maskedKey, KeyStored.Verification verification, List<String> warnings) {
    /** Checks for nulls and copies the warnings. */
    public KeySaved {
        Objects.requireNonNull(provider, "provider is null");
        Objects.requireNonNull(maskedKey, "maskedKey is null");
        Objects.requireNonNull(verification, "verification is null");
        warnings = List.copyOf(warnings);
    }
}
