package dev.creor.runtime.internal.credentials;

import java.util.List;

/**
 * What {@code creor auth list} shows.
 *
 * @param providers every installed provider and every provider with a stored key, by id
 * @param warnings  warnings about the store itself: unreadable, or on a file system that cannot protect it
 */
public record CredentialListing(List<CredentialStatus> providers, List<String> warnings) {
    /** Copies both lists. */
    public CredentialListing {
        providers = List.copyOf(providers);
        warnings = List.copyOf(warnings);
    }
}
