package dev.creor.runtime.internal.credentials;

import java.util.List;
import java.util.Objects;

/** What {@code creor auth logout} did, and which sources still supply a key. Holds no key in clear. */
public final class LogoutResult {
    private final String providerId;
    private final boolean removed;
    private final String storeLocation;
    private final ResolvedCredential resolution;
    private final List<String> messages;

    LogoutResult(String providerId, boolean removed, String storeLocation, ResolvedCredential resolution,
            List<String> messages) {
        this.providerId = Objects.requireNonNull(providerId, "providerId is null");
        this.removed = removed;
        this.storeLocation = Objects.requireNonNull(storeLocation, "storeLocation is null");
        this.resolution = Objects.requireNonNull(resolution, "resolution is null");
        this.messages = List.copyOf(messages);
    }

    /** The provider's id. */
    public String providerId() {
        return providerId;
    }

    /** Whether the store held a key for the provider, now removed. */
    public boolean removed() {
        return removed;
    }

    /** The store the key was removed from. */
    public String storeLocation() {
        return storeLocation;
    }

    /** The provider's resolution after removal: the config and environment sources that still supply a key. */
    public ResolvedCredential resolution() {
        return resolution;
    }

    /** Whether the config or the environment still supply a key, so requests keep working. */
    public boolean stillSupplied() {
        return resolution.secret().isPresent();
    }

    /**
     * What happened, for people: whether a key was removed, and each source that still supplies
     * one with how to stop it.
     */
    public List<String> messages() {
        return messages;
    }

    @Override
    public String toString() {
        return "LogoutResult[" + providerId + ", removed=" + removed + ", " + resolution + "]";
    }
}
