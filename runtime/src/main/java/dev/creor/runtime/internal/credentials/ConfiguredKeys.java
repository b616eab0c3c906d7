package dev.creor.runtime.internal.credentials;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Looks up a provider's {@code options.apiKey} in the loaded configuration. */
@FunctionalInterface
public interface ConfiguredKeys {

    /** The configured key of a provider, if its config section sets one. */
    Optional<ConfiguredKey> find(String providerId);

    /** No provider has a configured key. */
    static ConfiguredKeys none() {
        return providerId -> Optional.empty();
    }

    /** Exactly the given keys, by provider id. */
    static ConfiguredKeys of(Map<String, ConfiguredKey> keys) {
        Map<String, ConfiguredKey> copy = Map.copyOf(keys);
        return providerId -> Optional.ofNullable(copy.get(Objects.requireNonNull(providerId, "providerId is null")));
    }
}
