package dev.creor.settings;

import java.util.List;
import java.util.Objects;

/**
 * The Providers section: every provider and where keys are stored.
 *
 * @param providers     by id
 * @param storeLocation where saved keys go, such as {@code /home/ada/.local/share/creor/auth.json}
 * @param warnings      about the store itself: unreadable, or on a file system that cannot protect it
 */
public record ProviderOverview(List<ProviderStatus> providers, String storeLocation, List<String> warnings) {
    /** Checks for nulls and copies the lists. */
    public ProviderOverview {
        providers = List.copyOf(providers);
        Objects.requireNonNull(storeLocation, "storeLocation is null");
        warnings = List.copyOf(warnings);
    }
}
