package dev.creor.config;

import dev.creor.core.internal.Checks;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One place configuration came from: a file, the {@code CREOR_CONFIG_CONTENT} variable, a
 * command-line flag or the built-in defaults. Its {@link #displayName()} is what messages
 * show: a file's path relative to the working directory when it lies inside it, else absolute
 * or under {@code ~}.
 */
public final class ConfigSource {

    /** The kinds of source, lowest precedence first ({@link #FILE} is a file checked on its own). */
    public enum Kind {
        /** The built-in defaults the application supplies. */
        DEFAULTS,
        /** {@code $XDG_CONFIG_HOME/creor/creor.json[c]}. */
        GLOBAL_FILE,
        /** The file named by the {@code CREOR_CONFIG} environment variable. */
        CREOR_CONFIG_FILE,
        /** A {@code creor.json[c]} between the git root and the working directory. */
        PROJECT_FILE,
        /**
         * JSON text given inline: the {@code CREOR_CONFIG_CONTENT} environment variable, or
         * text an embedding program adds (see {@link ConfigLoader.Builder#content}).
         */
        INLINE,
        /** A command-line flag such as {@code --model}. */
        FLAG,
        /** A file checked on its own, outside any layering. */
        FILE;

        /** The kind as it appears in JSON output: {@code global-file}, {@code flag}, ... */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Kind kind;
    private final Path path;
    private final String displayName;
    private final boolean trusted;

    private ConfigSource(Kind kind, Path path, String displayName) {
        this(kind, path, displayName, true);
    }

    private ConfigSource(Kind kind, Path path, String displayName, boolean trusted) {
        this.kind = Objects.requireNonNull(kind, "kind is null");
        this.path = path;
        this.displayName = Checks.requireText(displayName, "displayName");
        this.trusted = trusted;
    }

    /**
     * A file source.
     *
     * @param kind        {@link Kind#GLOBAL_FILE}, {@link Kind#CREOR_CONFIG_FILE},
     *                    {@link Kind#PROJECT_FILE} or {@link Kind#FILE}
     * @param path        the file's absolute path
     * @param displayName how messages show the path
     */
    public static ConfigSource file(Kind kind, Path path, String displayName) {
        return file(kind, path, displayName, true);
    }

    /**
     * A file source that may be untrusted: a project file, or a file checked on its own, that
     * the user has not trusted (see {@link ProjectTrust}).
     *
     * @param kind        as for {@link #file(Kind, Path, String)}
     * @param path        the file's absolute path
     * @param displayName how messages show the path
     * @param trusted     false only for {@link Kind#PROJECT_FILE} and {@link Kind#FILE}
     */
    public static ConfigSource file(Kind kind, Path path, String displayName, boolean trusted) {
        Objects.requireNonNull(path, "path is null");
        if (!trusted && kind != Kind.PROJECT_FILE && kind != Kind.FILE) {
            throw new IllegalArgumentException(kind + " is always trusted: it is the user's own");
        }
        if (kind != Kind.GLOBAL_FILE && kind != Kind.CREOR_CONFIG_FILE && kind != Kind.PROJECT_FILE && kind != Kind.FILE) {
            throw new IllegalArgumentException(kind + " is not a kind of file source");
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("path must be absolute: " + path);
        }
        return new ConfigSource(kind, path, displayName, trusted);
    }

    /** The built-in defaults, shown as {@code defaults}. */
    public static ConfigSource defaults() {
        return new ConfigSource(Kind.DEFAULTS, null, "defaults");
    }

    /** The {@code CREOR_CONFIG_CONTENT} variable, shown under that name. */
    public static ConfigSource inline() {
        return new ConfigSource(Kind.INLINE, null, "CREOR_CONFIG_CONTENT");
    }

    /** Inline JSON text an application adds, shown under the given name, e.g. {@code embedding}. */
    public static ConfigSource inline(String displayName) {
        return new ConfigSource(Kind.INLINE, null, displayName);
    }

    /** The {@code CREOR_CONFIG} variable itself, when it holds no valid path. */
    static ConfigSource creorConfigVariable() {
        return new ConfigSource(Kind.CREOR_CONFIG_FILE, null, "CREOR_CONFIG");
    }

    /** A command-line flag, shown as its label, e.g. {@code --model}. */
    public static ConfigSource flag(String label) {
        return new ConfigSource(Kind.FLAG, null, label);
    }

    /** What kind of source this is. */
    public Kind kind() {
        return kind;
    }

    /** The file's absolute path, for file sources. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /**
     * Whether the source is the user's own, or a project file the user trusts. Keys that can
     * move a secret, and {@code {env:...}} and {@code {file:...}} references, are refused from
     * an untrusted source.
     */
    public boolean trusted() {
        return trusted;
    }

    /** How messages name the source: a short path, {@code CREOR_CONFIG_CONTENT}, a flag's label or {@code defaults}. */
    public String displayName() {
        return displayName;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigSource source && kind == source.kind && Objects.equals(path, source.path)
                && displayName.equals(source.displayName) && trusted == source.trusted;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, path, displayName, trusted);
    }

    /** The display name. */
    @Override
    public String toString() {
        return displayName;
    }

}
