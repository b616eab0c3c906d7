package dev.creor.runtime.internal.credentials;

import dev.creor.core.Secret;
import dev.creor.core.internal.Checks;
import java.util.Objects;

/**
 * A provider's {@code options.apiKey} from the configuration, after {@code {env:}} and
 * {@code {file:}} substitution, with where it was written. Its {@code toString()} shows the
 * origin only.
 *
 * @param key    the key
 * @param origin where it was written, such as {@code creor.json:7:18}
 */
public record ConfiguredKey(Secret key, String origin) {
    /** Checks that both parts are present. */
    public ConfiguredKey {
        Objects.requireNonNull(key, "key is null");
        Checks.requireText(origin, "origin");
    }

    @Override
    public String toString() {
        return "ConfiguredKey[" + origin + "]";
    }
}
