package dev.creor.runtime;

import java.util.List;
import java.util.Objects;

/**
 * What {@link CreorCredentials#remove} did.
 *
 * @param providerId the provider whose stored key was asked to go
 * @param removed    whether the store held a key for it (now removed)
 * @param messages   what was done, and which sources still supply a key, in sentences for people
 */
public record KeyRemoval(String providerId, boolean removed, List<String> messages) {
    /** Checks for nulls and copies the messages. */
    public KeyRemoval {
        Objects.requireNonNull(providerId, "providerId is null");
        messages = List.copyOf(messages);
    }
}
