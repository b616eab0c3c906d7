package dev.creor.runtime.internal.plugins;

import dev.creor.core.internal.Checks;
import java.util.Objects;
import java.util.Optional;

/**
 * Something wrong that provider discovery found: a plugin jar it could not use, a directory
 * it could not read, a setting naming an unknown provider.
 *
 * <p>The {@link #message()} stands on its own: it names the jar, directory or setting, says
 * what is wrong and, where it can, what to do about it. An {@link Severity#ERROR} means a
 * provider a user may expect is not available; a {@link Severity#WARNING} means everything
 * that could be loaded was, but something looks like a mistake.
 */
public final class PluginProblem {
    private final Severity severity;
    private final Origin origin;
    private final String providerId;
    private final String message;

    private PluginProblem(Severity severity, Origin origin, String providerId, String message) {
        this.severity = Objects.requireNonNull(severity, "severity is null");
        this.origin = Objects.requireNonNull(origin, "origin is null");
        this.providerId = providerId;
        this.message = Checks.requireText(message, "message");
    }

    /** A problem that is about no provider in particular, or about one whose id is unknown. */
    public static PluginProblem of(Severity severity, Origin origin, String message) {
        return new PluginProblem(severity, origin, null, message);
    }

    /** A problem about the provider with the given id. */
    public static PluginProblem about(String providerId, Severity severity, Origin origin, String message) {
        return new PluginProblem(severity, origin, Objects.requireNonNull(providerId, "providerId is null"),
                message);
    }

    /** How bad it is. */
    public Severity severity() {
        return severity;
    }

    /**
     * Where it was found: the jar, the directory or the setting. For two providers claiming one
     * id it is the first of them; the message names them all.
     */
    public Origin origin() {
        return origin;
    }

    /** The provider it concerns, when the provider got as far as telling its id. */
    public Optional<String> providerId() {
        return Optional.ofNullable(providerId);
    }

    /** What is wrong, where, and what to do; never a stack trace. */
    public String message() {
        return message;
    }

    /** Whether this is an {@link Severity#ERROR}. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PluginProblem that
                && severity == that.severity
                && origin.equals(that.origin)
                && Objects.equals(providerId, that.providerId)
                && message.equals(that.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(severity, origin, providerId, message);
    }

    /** {@code error: <message>} or {@code warning: <message>}. */
    @Override
    public String toString() {
        return severity.label() + ": " + message;
    }

    /** How bad a problem is. */
    public enum Severity {
        /** Something that should have been loaded was not. */
        ERROR("error"),
        /** Everything was loaded, but something looks like a mistake. */
        WARNING("warning");

        private final String label;

        Severity(String label) {
            this.label = label;
        }

        /** The lower-case word for messages: {@code error} or {@code warning}. */
        public String label() {
            return label;
        }
    }
}
