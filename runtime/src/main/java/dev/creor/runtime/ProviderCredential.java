package dev.creor.runtime;

import dev.creor.core.CreorException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The credential a provider would use, as far as people may see it: where it comes from and the
 * key masked, never the key itself.
 *
 * @param source          where the key in effect comes from, e.g. {@code environment variable
 *                        OPENROUTER_API_KEY}, {@code config (creor.json:5:20)} or {@code none}
 * @param maskedKey       the key in effect, masked ({@code sk-or-v1-…9f3a}), if there is one
 * @param required        whether the provider needs a key
 * @param sourcesDisagree whether two sources hold different keys (only the first applies)
 * @param warnings        what looks wrong (sources that disagree), each one sentence
 * @param storeProblem    why the key store could not be read, when it could not
 * @param missing         the error a request would fail with for want of a key, with its hint
 *                        (where to put one), when a key is required and there is none
 */
public record ProviderCredential(String source, Optional<String> maskedKey, boolean required, boolean sourcesDisagree,
                                 List<String> warnings, Optional<CreorException> storeProblem,
                                 Optional<CreorException> missing) {
    /** Checks for nulls and copies the warnings. */
    public ProviderCredential {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(maskedKey, "maskedKey is null");
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(storeProblem, "storeProblem is null");
        Objects.requireNonNull(missing, "missing is null");
    }

    /** Whether the provider works without a key and none is set. */
    public boolean notNeeded() {
        return !required && maskedKey.isEmpty();
    }
}
