package dev.creor.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * Something wrong found while loading provider plugins: a jar that could not be loaded, two
 * jars offering one provider, a plugin built for another SPI version.
 *
 * @param error      whether something that should have been loaded was not (else a warning:
 *                   everything loaded, but something looks like a mistake)
 * @param origin     where it was found: a plugin jar's path, or {@code built-in}
 * @param providerId the provider it concerns, when it concerns one
 * @param message    what is wrong and what to do, without the severity
 */
public record PluginIssue(boolean error, String origin, Optional<String> providerId, String message) {
    /** Checks for nulls. */
    public PluginIssue {
        Objects.requireNonNull(origin, "origin is null");
        Objects.requireNonNull(providerId, "providerId is null");
        Objects.requireNonNull(message, "message is null");
    }

    /** {@code error} or {@code warning}. */
    public String severity() {
        return error ? "error" : "warning";
    }

    /** {@code error: <message>} or {@code warning: <message>}, as the command line prints it. */
    @Override
    public String toString() {
        return severity() + ": " + message;
    }
}
