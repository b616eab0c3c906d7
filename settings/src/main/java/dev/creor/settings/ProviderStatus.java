package dev.creor.settings;

import dev.creor.runtime.KeyListing;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider as the Providers section shows it.
 *
 * @param id                   the provider's id, such as {@code openrouter}
 * @param displayName          its name for people
 * @param installed            whether the provider is installed (a stored key may outlive it)
 * @param keyRequired          whether the provider needs a key at all
 * @param sourceKind           where the key in effect comes from
 * @param source               that source in words
 * @param maskedKey            the key in effect, {@linkplain dev.creor.core.Secret#masked() masked};
 *                             empty when there is none (read it through {@link #maskedKeyText()})
 * @param keyStored            whether the credential store holds a key for it, which can be removed
 * @param canVerify            whether the provider offers a key check
 * @param environmentVariables the environment variables it reads its key from
 * @param warnings             sources that disagree, a provider that is not installed
 */
public record ProviderStatus(String id, String displayName, boolean installed, boolean keyRequired,
                             KeyListing.SourceKind sourceKind, String source, String maskedKey, boolean keyStored,
                             boolean canVerify,
                             List<String> environmentVariables, List<String> warnings) {
    /** Checks for nulls and copies the lists. */
    public ProviderStatus {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(displayName, "displayName is null");
        Objects.requireNonNull(sourceKind, "sourceKind is null");
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(maskedKey, "maskedKey is null");
        environmentVariables = List.copyOf(environmentVariables);
        warnings = List.copyOf(warnings);
    }

    /** The masked key in effect, when there is one. */
    public Optional<String> maskedKeyText() {
        return maskedKey.isEmpty() ? Optional.empty() : Optional.of(maskedKey);
    }
}
