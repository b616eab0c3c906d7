package dev.creor.runtime;

import dev.creor.spi.KeyInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A key stored by {@link CreorCredentials#store}; the key appears only masked.
 *
 * @param providerId   the provider the key is for
 * @param maskedKey    the stored key, masked
 * @param verification what the provider said about the key, or why it was not asked
 * @param warnings     a key that does not look like the provider's, another source that takes precedence, ...
 */
public record KeyStored(String providerId, String maskedKey, Verification verification, List<String> warnings) {
    /** Checks for nulls and copies the warnings. */
    public KeyStored {
        Objects.requireNonNull(providerId, "providerId is null");
        Objects.requireNonNull(maskedKey, "maskedKey is null");
        Objects.requireNonNull(verification, "verification is null");
        warnings = List.copyOf(warnings);
    }

    /** Whether the provider was asked about a key before it was stored, and what it said. */
    public enum Outcome {
        /** The provider accepted the key. */
        VERIFIED,
        /** The caller asked not to check the key. */
        SKIPPED,
        /** The provider offers no key check. */
        NOT_OFFERED,
        /** The check failed and the key was stored anyway, as asked. */
        FORCED
    }

    /**
     * What the provider said about a key before it was stored.
     *
     * @param outcome     whether it was asked, and what it said
     * @param description the outcome in words, e.g. {@code verified: label "laptop", $12.50 of $20 left}
     * @param info        what the provider told about a {@link Outcome#VERIFIED} key
     */
    public record Verification(Outcome outcome, String description, Optional<KeyInfo> info) {
        /** Checks for nulls, and that exactly a verified key has its info. */
        public Verification {
            Objects.requireNonNull(outcome, "outcome is null");
            Objects.requireNonNull(description, "description is null");
            Objects.requireNonNull(info, "info is null");
            if (info.isPresent() != (outcome == Outcome.VERIFIED)) {
                throw new IllegalArgumentException("a verification carries the key's info exactly when VERIFIED");
            }
        }
    }
}
