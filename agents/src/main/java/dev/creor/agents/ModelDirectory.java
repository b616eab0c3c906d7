package dev.creor.agents;

import dev.creor.core.catalog.ModelFilter;
import java.util.Optional;
import java.util.Set;

/**
 * What the agents' model references are checked against: the providers that exist, the models
 * each one's catalog lists (when it is known), and each provider's whitelist and blacklist.
 */
public interface ModelDirectory {

    /** The ids of every usable provider. */
    Set<String> providerIds();

    /**
     * The ids of every model the provider's catalog lists, when the catalog is known; empty when
     * it is not (then any model id is accepted, and the provider has the last word).
     */
    Optional<Set<String>> knownModels(String providerId);

    /** The provider's whitelist and blacklist. */
    ModelFilter filter(String providerId);
}
