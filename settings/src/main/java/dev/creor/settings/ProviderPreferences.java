package dev.creor.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A provider's whitelist and request timeout as the global config file sets them.
 *
 * @param providerId the provider's id
 * @param whitelist  the model ids and patterns of {@code provider.<id>.whitelist}; empty when unset
 * @param timeout    {@code provider.<id>.timeout}
 * @param file       the global config file, which need not exist yet
 * @param notes      for people: a source of higher precedence that sets the same keys, a value
 *                   in the file that is not of the expected kind
 */
public record ProviderPreferences(String providerId, List<String> whitelist, RequestTimeout timeout, Path file,
                                  List<String> notes) {
    /** Checks for nulls and copies the lists. */
    public ProviderPreferences {
        Objects.requireNonNull(providerId, "providerId is null");
        whitelist = List.copyOf(whitelist);
        Objects.requireNonNull(timeout, "timeout is null");
        Objects.requireNonNull(file, "file is null");
        notes = List.copyOf(notes);
    }
}
