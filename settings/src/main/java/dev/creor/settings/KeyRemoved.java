package dev.creor.settings;

import java.util.List;
import java.util.Objects;

/**
 * A stored key removed from the page.
 *
 * @param provider the provider's status after removal: a key from the config or the environment may remain
 * @param removed  whether the store held a key
 * @param messages what happened and which sources still supply a key, for people
 */
public record KeyRemoved(ProviderStatus provider, boolean removed, List<String> messages) {
    /** Checks for nulls and copies the messages. */
    public KeyRemoved {
        Objects.requireNonNull(provider, "provider is null");
        messages = List.copyOf(messages);
    }
}
