package dev.creor.config;

import dev.creor.core.internal.Checks;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One thing wrong with the configuration, located in the source that supplied the offending
 * value: {@code creor.json:4:7: /agent/build/modle: unknown key "modle" (did you mean "model"?)}.
 *
 * <p>Line and column are absent when the problem concerns a source as a whole (a missing file,
 * a directory where a file should be) or a source without text (a flag). The pointer is the
 * JSON pointer of the value in the merged configuration, {@code ""} for a whole source.
 */
public final class ConfigProblem {

    /** How bad a problem is. */
    public enum Severity {
        /** The configuration cannot be used. */
        ERROR,
        /** The configuration can be used, but something looks wrong. */
        WARNING
    }

    private final Severity severity;
    private final ConfigSource source;
    private final int line;
    private final int column;
    private final String pointer;
    private final String message;
    private final String suggestion;

    private ConfigProblem(Builder builder) {
        this.severity = builder.severity;
        this.source = builder.source;
        this.line = builder.line;
        this.column = builder.column;
        this.pointer = builder.pointer;
        this.message = builder.message;
        this.suggestion = builder.suggestion;
    }

    /** Starts a problem of the given severity in the given source. */
    public static Builder builder(Severity severity, ConfigSource source, String message) {
        return new Builder(severity, source, message);
    }

    /** How bad it is. */
    public Severity severity() {
        return severity;
    }

    /** Whether it is an {@link Severity#ERROR}. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The source that supplied the offending value. */
    public ConfigSource source() {
        return source;
    }

    /** The 1-based line in the source, when known. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The 1-based column in the source, when known. */
    public OptionalInt column() {
        return line > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }

    /** The JSON pointer of the value concerned; {@code ""} for the whole source. */
    public String pointer() {
        return pointer;
    }

    /** What is wrong, with what was expected and what was found; never a secret. */
    public String message() {
        return message;
    }

    /** The closest valid key or value, when there is one close enough to be a likely typo. */
    public Optional<String> suggestion() {
        return Optional.ofNullable(suggestion);
    }

    /** {@code source:line:col: [warning: ][pointer: ]message}, the form compilers use. */
    public String render() {
        StringBuilder out = new StringBuilder(source.displayName());
        if (line > 0) {
            out.append(':').append(line).append(':').append(column);
        }
        out.append(": ");
        if (severity == Severity.WARNING) {
            out.append("warning: ");
        }
        if (!pointer.isEmpty()) {
            out.append(pointer).append(": ");
        }
        return out.append(message).toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigProblem problem && severity == problem.severity && source.equals(problem.source)
                && line == problem.line && column == problem.column && pointer.equals(problem.pointer)
                && message.equals(problem.message) && Objects.equals(suggestion, problem.suggestion);
    }

    @Override
    public int hashCode() {
        return Objects.hash(severity, source, line, column, pointer, message, suggestion);
    }

    /** The {@link #render() rendered} form. */
    @Override
    public String toString() {
        return render();
    }

    /** Builds a {@link ConfigProblem}. */
    public static final class Builder {
        private final Severity severity;
        private final ConfigSource source;
        private final String message;
        private int line;
        private int column;
        private String pointer = "";
        private String suggestion;

        private Builder(Severity severity, ConfigSource source, String message) {
            this.severity = Objects.requireNonNull(severity, "severity is null");
            this.source = Objects.requireNonNull(source, "source is null");
            this.message = Checks.requireText(message, "message");
        }

        /** Where in the source: both 1-based. */
        public Builder at(int line, int column) {
            if (line < 1 || column < 1) {
                throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
            }
            this.line = line;
            this.column = column;
            return this;
        }

        /** The JSON pointer of the value concerned: {@code ""} or starting with {@code /}. */
        public Builder pointer(String pointer) {
            Objects.requireNonNull(pointer, "pointer is null");
            if (!pointer.isEmpty() && !pointer.startsWith("/")) {
                throw new IllegalArgumentException("a JSON pointer is empty or starts with '/': " + pointer);
            }
            this.pointer = pointer;
            return this;
        }

        /** The likely intended key or value. */
        public Builder suggestion(String suggestion) {
            this.suggestion = Checks.requireText(suggestion, "suggestion");
            return this;
        }

        /** Creates the problem. */
        public ConfigProblem build() {
            return new ConfigProblem(this);
        }
    }
}
