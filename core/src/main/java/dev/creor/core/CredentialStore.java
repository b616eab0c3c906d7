package dev.creor.core;

import java.util.Optional;
import java.util.Set;

/**
 * Where credentials saved by the user (with {@code creor auth login} or the settings page)
 * live, one per provider id.
 *
 * <p>Implementations persist atomically: after {@link #put} or {@link #remove} returns, the
 * change is durable and no reader ever sees a half-written store. Failures are reported as
 * {@link CreorException} with {@link ErrorCode#IO_ERROR} or {@link ErrorCode#CONFIG_INVALID}
 * (a corrupt store), never by silently dropping entries.
 */
public interface CredentialStore {

    /** The stored credential of a provider, if any. */
    Optional<Secret> get(String providerId);

    /** Stores or replaces the credential of a provider. */
    void put(String providerId, Secret secret);

    /** Removes the credential of a provider; returns whether there was one. */
    boolean remove(String providerId);

    /** The ids of every provider that has a stored credential. */
    Set<String> providerIds();
}
