package dev.creor.config.internal;

import java.util.Objects;

/**
 * A problem found while reading, substituting or validating, before it becomes a public
 * {@code ConfigProblem}.
 *
 * @param warning    whether it is only a warning
 * @param position   where it is
 * @param pointer    the JSON pointer of the value concerned, "" for the whole source
 * @param message    what is wrong, without the location
 * @param suggestion the did-you-mean candidate, or "" when there is none
 */
public record Issue(boolean warning, Position position, String pointer, String message, String suggestion) {

    /** Checks the components. */
    public Issue {
        Objects.requireNonNull(position, "position is null");
        Objects.requireNonNull(pointer, "pointer is null");
        Objects.requireNonNull(message, "message is null");
        Objects.requireNonNull(suggestion, "suggestion is null");
    }

    /** An error without a suggestion. */
    public static Issue error(Position position, String pointer, String message) {
        return new Issue(false, position, pointer, message, "");
    }

    /** A warning without a suggestion. */
    public static Issue warning(Position position, String pointer, String message) {
        return new Issue(true, position, pointer, message, "");
    }
}
