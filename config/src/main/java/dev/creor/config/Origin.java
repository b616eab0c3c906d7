package dev.creor.config;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Where one value of the merged configuration came from: its source, the line and column where
 * the value is written, and the references substituted into it.
 *
 * <p>{@link #describe()} is the short form to put in a message: {@code creor.json:3:14},
 * {@code creor.json:5:18 via {env:OPENROUTER_API_KEY}}, {@code CREOR_CONFIG_CONTENT:1:10},
 * {@code --model (flag)} or {@code built-in default}.
 */
public final class Origin {

    /** Where a value's text came from. */
    public enum Kind {
        /** The built-in defaults. */
        DEFAULT,
        /** A config file, written there literally or with {@code {file:...}} references. */
        FILE,
        /**
         * An environment variable: the whole value is one {@code {env:NAME}} reference. The
         * origin's source, line and column say where the reference is written.
         */
        ENV,
        /** The {@code CREOR_CONFIG_CONTENT} variable. */
        INLINE,
        /** A command-line flag. */
        FLAG
    }

    private final Kind kind;
    private final ConfigSource source;
    private final int line;
    private final int column;
    private final List<Substitution> substitutions;

    Origin(Kind kind, ConfigSource source, int line, int column, List<Substitution> substitutions) {
        this.kind = Objects.requireNonNull(kind, "kind is null");
        this.source = Objects.requireNonNull(source, "source is null");
        this.line = line;
        this.column = column;
        this.substitutions = List.copyOf(substitutions);
    }

    /** Where the value's text came from. */
    public Kind kind() {
        return kind;
    }

    /** The source that supplied the value. */
    public ConfigSource source() {
        return source;
    }

    /** The 1-based line where the value starts, when the source has lines. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** The 1-based column where the value starts, when the source has lines. */
    public OptionalInt column() {
        return line > 0 ? OptionalInt.of(column) : OptionalInt.empty();
    }

    /** The {@code {env:...}} and {@code {file:...}} references replaced in the value, in order. */
    public List<Substitution> substitutions() {
        return substitutions;
    }

    /** The short form for messages; see the class description. */
    public String describe() {
        String where;
        if (source.kind() == ConfigSource.Kind.DEFAULTS) {
            where = "built-in default";
        } else if (source.kind() == ConfigSource.Kind.FLAG) {
            where = source.displayName() + " (flag)";
        } else {
            where = line > 0 ? source.displayName() + ":" + line + ":" + column : source.displayName();
        }
        if (substitutions.isEmpty()) {
            return where;
        }
        return where + " via " + substitutions.stream().map(Substitution::toString).collect(Collectors.joining(", "));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Origin origin && kind == origin.kind && source.equals(origin.source) && line == origin.line
                && column == origin.column && substitutions.equals(origin.substitutions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, source, line, column, substitutions);
    }

    /** The {@link #describe() short form}. */
    @Override
    public String toString() {
        return describe();
    }
}
