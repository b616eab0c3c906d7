package dev.creor.runtime.internal.credentials;

import dev.creor.spi.KeyInspector;
import java.util.Optional;

/** Finds the {@link KeyInspector} of a provider, for {@code creor auth login} to verify a key with. */
@FunctionalInterface
public interface KeyInspectors {

    /** The provider's key inspector, when it offers a key check. */
    Optional<KeyInspector> forProvider(String providerId);

    /** No provider offers a key check. */
    static KeyInspectors none() {
        return providerId -> Optional.empty();
    }
}
