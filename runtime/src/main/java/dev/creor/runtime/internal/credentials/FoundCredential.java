package dev.creor.runtime.internal.credentials;

import dev.creor.core.Secret;
import java.util.Objects;

/**
 * A credential one source holds for a provider. Its {@code toString()} names the source only.
 *
 * @param source where it was found; never {@link CredentialSource.None}
 * @param secret the credential
 */
public record FoundCredential(CredentialSource source, Secret secret) {
    /** Checks that both parts are present and the source is a real one. */
    public FoundCredential {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(secret, "secret is null");
        if (source instanceof CredentialSource.None) {
            throw new IllegalArgumentException("a found credential needs a source other than None");
        }
    }

    /** The source, and the key as {@link Secret#masked()}: {@code environment variable X (sk-or-v1-…9f3a)}. */
    public String describeMasked() {
        return source.describe() + " (" + secret.masked() + ")";
    }

    @Override
    public String toString() {
        return "FoundCredential[" + source.describe() + "]";
    }
}
