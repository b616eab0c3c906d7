package dev.creor.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code creor providers} shows about one provider: what it is, where it came from,
 * whether it is in use, where its credential comes from, and anything wrong with it.
 *
 * @param id             the provider id, e.g. {@code openrouter}
 * @param displayName    the name people know it by
 * @param origin         {@code built-in} or the plugin jar's path
 * @param spiVersion     the provider SPI version it was built for
 * @param enabled        whether the config leaves it enabled
 * @param credential     where its credential comes from, e.g. {@code environment variable OPENROUTER_API_KEY},
 *                       {@code not needed}, {@code no credential}, or for a disabled provider
 *                       {@code not resolved: the provider is disabled}
 * @param maskedKey      the credential in effect, masked ({@code sk-or-v1-…9f3a}), or an empty string
 * @param problems       what is wrong with it (load errors, credential warnings); empty when nothing
 */
public record ProviderInfo(String id, String displayName, String origin, int spiVersion, boolean enabled,
                           String credential, String maskedKey, List<String> problems) {
    /** Checks for nulls and copies the problems. */
    public ProviderInfo {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(displayName, "displayName is null");
        Objects.requireNonNull(origin, "origin is null");
        Objects.requireNonNull(credential, "credential is null");
        Objects.requireNonNull(maskedKey, "maskedKey is null");
        problems = List.copyOf(problems);
    }

    /** The masked credential in effect, if there is one. */
    public Optional<String> maskedCredential() {
        return maskedKey.isEmpty() ? Optional.empty() : Optional.of(maskedKey);
    }
}
