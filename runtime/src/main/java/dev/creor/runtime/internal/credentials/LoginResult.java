package dev.creor.runtime.internal.credentials;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code creor auth login} did: the key it stored (masked), how it was verified, what it
 * moved aside, and the warnings to show. Holds no key in clear.
 */
public final class LoginResult {
    private final String providerId;
    private final String displayName;
    private final String maskedKey;
    private final String storeLocation;
    private final KeyVerification verification;
    private final Path backup;
    private final boolean replacedOtherKey;
    private final ResolvedCredential resolution;
    private final List<String> warnings;

    /** Only {@link AuthService} creates these; {@code backup} is null when nothing was moved. */
    LoginResult(String providerId, String displayName, String maskedKey, String storeLocation,
            KeyVerification verification, Path backup, boolean replacedOtherKey,
            ResolvedCredential resolution, List<String> warnings) {
        this.providerId = Objects.requireNonNull(providerId, "providerId is null");
        this.displayName = Objects.requireNonNull(displayName, "displayName is null");
        this.maskedKey = Objects.requireNonNull(maskedKey, "maskedKey is null");
        this.storeLocation = Objects.requireNonNull(storeLocation, "storeLocation is null");
        this.verification = Objects.requireNonNull(verification, "verification is null");
        this.backup = backup;
        this.replacedOtherKey = replacedOtherKey;
        this.resolution = Objects.requireNonNull(resolution, "resolution is null");
        this.warnings = List.copyOf(warnings);
    }

    /** The provider's id. */
    public String providerId() {
        return providerId;
    }

    /** The provider's display name. */
    public String displayName() {
        return displayName;
    }

    /** The stored key, {@linkplain dev.creor.core.Secret#masked() masked}. */
    public String maskedKey() {
        return maskedKey;
    }

    /** Where the key was stored. */
    public String storeLocation() {
        return storeLocation;
    }

    /** How the key was verified, or why it was not. */
    public KeyVerification verification() {
        return verification;
    }

    /** Where an unusable store was moved before storing, when {@code --replace-corrupt} moved one. */
    public Optional<Path> backup() {
        return Optional.ofNullable(backup);
    }

    /** Whether the store held a different key for the provider, now replaced. */
    public boolean replacedOtherKey() {
        return replacedOtherKey;
    }

    /** The provider's credential resolution after storing: whether the stored key is now in effect. */
    public ResolvedCredential resolution() {
        return resolution;
    }

    /**
     * Things the user should know: a key that does not look like the provider's, another source
     * that takes precedence over the stored key, a file system that cannot protect the store.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** One line for people: {@code stored OpenRouter key sk-or-v1-…9f3a in /…/auth.json (verified: …)}. */
    public String summary() {
        return "stored " + displayName + " key " + maskedKey + " in " + storeLocation + " (" + verification.describe()
                + ")";
    }

    @Override
    public String toString() {
        return "LoginResult[" + providerId + ", " + verification.getClass().getSimpleName() + ", " + storeLocation + "]";
    }
}
