package dev.creor.agents;

import dev.creor.core.ModelRef;
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

    /**
     * Why the provider's whitelist or blacklist excludes the model (such as
     * {@code "x" is not on the whitelist [openai/*]}), or empty when they allow it. The runtime
     * answers with the router's own verdict, so that a model is checked against the lists in
     * one place, once.
     */
    Optional<String> rejection(ModelRef model);
}
