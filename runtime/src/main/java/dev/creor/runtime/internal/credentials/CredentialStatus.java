package dev.creor.runtime.internal.credentials;

import dev.creor.core.Secret;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code creor auth list}: a provider, the source in effect, its key masked, and
 * warnings (sources that disagree, a stored key of a provider that is not installed).
 */
public final class CredentialStatus {
    private final String providerId;
    private final boolean installed;
    private final ResolvedCredential resolution;
    private final List<String> warnings;

    CredentialStatus(String providerId, boolean installed, ResolvedCredential resolution, List<String> warnings) {
        this.providerId = Objects.requireNonNull(providerId, "providerId is null");
        this.installed = installed;
        this.resolution = Objects.requireNonNull(resolution, "resolution is null");
        this.warnings = List.copyOf(warnings);
    }

    /** The provider's id. */
    public String providerId() {
        return providerId;
    }

    /** The provider's display name (its id when it is not installed). */
    public String displayName() {
        return resolution.descriptor().displayName();
    }

    /** Whether a provider with this id is installed; a stored key may outlive its provider. */
    public boolean installed() {
        return installed;
    }

    /** The source in effect. */
    public CredentialSource source() {
        return resolution.source();
    }

    /** The key in effect, {@linkplain Secret#masked() masked}. */
    public Optional<String> maskedKey() {
        return resolution.secret().map(Secret::masked);
    }

    /** The full resolution, with the shadowed sources. */
    public ResolvedCredential resolution() {
        return resolution;
    }

    /** Warnings about this provider's credential. */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String toString() {
        return "CredentialStatus[" + providerId + " from " + source().describe() + "]";
    }
}
