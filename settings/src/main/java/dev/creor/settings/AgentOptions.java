package dev.creor.settings;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An agent's request options as the global config file sets them: the keys the settings page
 * edits, and the trusted-only keys it shows without editing.
 *
 * @param agentName the agent's name
 * @param values    the editable keys the file sets ({@code temperature}, {@code maxTokens},
 *                  {@code reasoning}, {@code caching}; see {@link #EDITABLE}) with their values as
 *                  written, JSON-like; a key the file does not set is absent
 * @param readOnly  for people: each trusted-only key the file sets, which the page shows without
 *                  editing ({@code routing} with its value, {@code headers} by name only, since a
 *                  header may carry a credential); {@link #READ_ONLY_REASON} says why
 * @param file      the global config file, which need not exist yet
 * @param notes     for people: a source of higher precedence that sets the same keys, a file that
 *                  cannot be read
 */
public record AgentOptions(String agentName, Map<String, Object> values, List<String> readOnly, Path file,
                           List<String> notes) {
    /** The keys of {@code agent.<name>} the page edits, in the order it shows them. */
    public static final List<String> EDITABLE = List.of("temperature", "maxTokens", "reasoning", "caching");
    /** Why the page shows an agent's routing and headers without editing them. */
    public static final String READ_ONLY_REASON = "routing decides which companies see your prompts and a header may"
            + " carry a credential, so only a config file you trust sets them (docs/config.md, \"Trust\")";

    /** Checks for nulls and copies the collections. */
    public AgentOptions {
        Objects.requireNonNull(agentName, "agentName is null");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        values.forEach((key, value) -> Objects.requireNonNull(value, key + " is null"));
        readOnly = List.copyOf(readOnly);
        Objects.requireNonNull(file, "file is null");
        notes = List.copyOf(notes);
    }
}
