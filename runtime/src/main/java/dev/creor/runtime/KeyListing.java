package dev.creor.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which key each provider uses and where it comes from ({@code creor auth list}).
 *
 * @param providers every installed provider and every provider with a stored key, by id
 * @param warnings  what concerns the store as a whole (unreadable, readable by others)
 */
public record KeyListing(List<Entry> providers, List<String> warnings) {
    /** Copies the lists. */
    public KeyListing {
        providers = List.copyOf(providers);
        warnings = List.copyOf(warnings);
    }

    /**
     * One provider's key.
     *
     * @param providerId  the provider's id
     * @param displayName the provider's name (its id when it is not installed)
     * @param installed   whether such a provider is installed; a stored key may outlive it
     * @param source      where the key in effect comes from, or {@code none}
     * @param maskedKey   the key in effect, masked
     * @param warnings    what looks wrong (sources that disagree, a provider that is gone)
     */
    public record Entry(String providerId, String displayName, boolean installed, String source,
                        Optional<String> maskedKey, List<String> warnings) {
        /** Checks for nulls and copies the warnings. */
        public Entry {
            Objects.requireNonNull(providerId, "providerId is null");
            Objects.requireNonNull(displayName, "displayName is null");
            Objects.requireNonNull(source, "source is null");
            Objects.requireNonNull(maskedKey, "maskedKey is null");
            warnings = List.copyOf(warnings);
        }
    }
}
