package dev.creor.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code creor providers} shows about one provider: what it is, where it came from,
 * whether it is in use, where its credential comes from, and anything wrong with it.
 *
 * @param id          the provider id, e.g. {@code openrouter}
 * @param displayName the name people know it by
 * @param origin      {@code built-in} or the plugin jar's path
 * @param spiVersion  the provider SPI version it was built for
 * @param status      whether the config leaves it enabled
 * @param credential  its credential, for an enabled provider
 * @param problems    what is wrong with it (load errors, credential warnings); empty when nothing
 */
public record ProviderInfo(String id, String displayName, String origin, int spiVersion, Status status,
                           Optional<ProviderCredential> credential, List<String> problems) {
    /** Checks for nulls and copies the problems. */
    public ProviderInfo {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(displayName, "displayName is null");
        Objects.requireNonNull(origin, "origin is null");
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(credential, "credential is null");
        problems = List.copyOf(problems);
    }

    /** Whether the config leaves the provider enabled. */
    public boolean enabled() {
        return status == Status.ENABLED;
    }

    /** Whether the config leaves a provider enabled. */
    public enum Status {
        /** The config enables it (or does not mention it). */
        ENABLED,
        /** {@code enabled_providers} or {@code disabled_providers} switch it off. */
        DISABLED,
        /**
         * It is of no use until configured, and no section configures it (the built-in
         * {@code openai-compatible}: its endpoints are sections of their own names with its {@code type}).
         */
        NOT_CONFIGURED,
        /** The config is invalid, so nobody can say. */
        UNKNOWN
    }
}
