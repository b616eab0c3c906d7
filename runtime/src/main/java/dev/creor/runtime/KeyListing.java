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

    /** Where the key in effect comes from, highest precedence first. */
    public enum SourceKind {
        /** {@code provider.<id>.options.apiKey} in the config. */
        CONFIG,
        /** One of the provider's environment variables, such as {@code OPENROUTER_API_KEY}. */
        ENVIRONMENT,
        /** The credential store written by {@code creor auth login} and the settings page. */
        STORE,
        /** No source holds a key. */
        NONE
    }

    /**
     * One provider's key.
     *
     * @param providerId           the provider's id
     * @param displayName          the provider's name (its id when it is not installed)
     * @param installed            whether such a provider is installed; a stored key may outlive it
     * @param source               where the key in effect comes from, or {@code none}
     * @param maskedKey            the key in effect, masked
     * @param warnings             what looks wrong (sources that disagree, a provider that is gone)
     * @param keyRequired          whether the provider needs a key at all
     * @param sourceKind           the kind of {@code source}
     * @param keyStored            whether the credential store holds a key for it (which can be removed)
     * @param checkable            whether the provider is installed and can tell about a key
     *                             ({@link CreorCredentials#check})
     * @param environmentVariables the environment variables it reads a key from
     */
    public record Entry(String providerId, String displayName, boolean installed, String source,
                        Optional<String> maskedKey, List<String> warnings, boolean keyRequired, SourceKind sourceKind,
                        boolean keyStored, boolean checkable, List<String> environmentVariables) {
        /** Checks for nulls and copies the lists. */
        public Entry {
            Objects.requireNonNull(providerId, "providerId is null");
            Objects.requireNonNull(displayName, "displayName is null");
            Objects.requireNonNull(source, "source is null");
            Objects.requireNonNull(maskedKey, "maskedKey is null");
            Objects.requireNonNull(sourceKind, "sourceKind is null");
            warnings = List.copyOf(warnings);
            environmentVariables = List.copyOf(environmentVariables);
        }

        /**
         * An entry with the details {@code creor auth list} shows only: a key is taken as
         * required, stored exactly when {@code source} is not {@code none}, and not checkable.
         */
        public Entry(String providerId, String displayName, boolean installed, String source,
                     Optional<String> maskedKey, List<String> warnings) {
            this(providerId, displayName, installed, source, maskedKey, warnings, true,
                    "none".equals(source) ? SourceKind.NONE : SourceKind.STORE, !"none".equals(source), false,
                    List.of());
        }
    }
}
