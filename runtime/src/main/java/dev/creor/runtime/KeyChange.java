package dev.creor.runtime;

import java.util.List;
import java.util.Objects;

/**
 * What storing or removing a key did, in sentences for people; keys appear only masked.
 *
 * @param providerId the provider whose key changed
 * @param messages   what was done, e.g. {@code stored OpenRouter key sk-or-v1-…9f3a in /…/auth.json
 *                   (verified: …)}, and which sources still supply a key after a removal
 * @param warnings   what looks wrong (a key without the provider's prefix, say)
 */
public record KeyChange(String providerId, List<String> messages, List<String> warnings) {
    /** Checks for nulls and copies the lists. */
    public KeyChange {
        Objects.requireNonNull(providerId, "providerId is null");
        messages = List.copyOf(messages);
        warnings = List.copyOf(warnings);
    }
}
