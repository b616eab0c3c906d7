package dev.creor.settings;

import dev.creor.config.edit.ConfigEdit;
import dev.creor.config.edit.ConfigFileEditor;
import dev.creor.config.edit.EditOutcome;
import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The user's global config file, {@code $XDG_CONFIG_HOME/creor/creor.json} or
 * {@code creor.jsonc} ({@code ~/.config/creor/} when {@code XDG_CONFIG_HOME} is unset or not
 * absolute), where the settings page saves what it changes.
 *
 * <p>When only {@code creor.jsonc} exists it is the file; otherwise {@code creor.json}, created
 * on the first save. When both exist, Creor's config loader refuses them, so nothing is written
 * until the user keeps one.
 */
public final class GlobalConfigFile {
    /** The file names, in the order they are preferred for a new file. */
    public static final List<String> FILE_NAMES = List.of("creor.json", "creor.jsonc");

    private final Path directory;

    /** The global config file in the given directory, such as {@code ~/.config/creor}. */
    public GlobalConfigFile(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
    }

    /** The global config file of the user whose home directory is {@code home}. */
    public static GlobalConfigFile forUser(Environment environment, Path home) {
        Objects.requireNonNull(environment, "environment is null");
        Objects.requireNonNull(home, "home is null");
        Path configHome = environment.get("XDG_CONFIG_HOME")
                .map(Path::of)
                .filter(Path::isAbsolute)
                .orElseGet(() -> home.resolve(".config"));
        return new GlobalConfigFile(configHome.resolve("creor"));
    }

    /** The directory that holds the file. */
    public Path directory() {
        return directory;
    }

    /** The file: {@code creor.jsonc} when only it exists, else {@code creor.json}. */
    public Path path() {
        Path json = directory.resolve(FILE_NAMES.get(0));
        Path jsonc = directory.resolve(FILE_NAMES.get(1));
        return exists(jsonc) && !exists(json) ? jsonc : json;
    }

    /**
     * The value at a path in the file as it is now (see {@link ConfigFileEditor#read}).
     *
     * @throws CreorException {@code CONFIG_INVALID} when both files exist or the file cannot be parsed
     */
    public Optional<Object> read(List<String> path) {
        bothFilesProblem().ifPresent(problem -> {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, problem)
                    .hint("merge them into one and delete the other").build();
        });
        return new ConfigFileEditor(path()).read(path);
    }

    /** Applies the edits to the file (see {@link ConfigFileEditor#apply}); refuses when both files exist. */
    public EditOutcome apply(List<ConfigEdit> edits) {
        Optional<String> bothFiles = bothFilesProblem();
        if (bothFiles.isPresent()) {
            return new ConfigFileEditor(path()).refusal(bothFiles.get() + ", and Creor loads neither until one is gone",
                    edits);
        }
        return new ConfigFileEditor(path()).apply(edits);
    }

    private Optional<String> bothFilesProblem() {
        if (FILE_NAMES.stream().allMatch(name -> exists(directory.resolve(name)))) {
            return Optional.of("both creor.json and creor.jsonc exist in " + directory);
        }
        return Optional.empty();
    }

    private static boolean exists(Path file) {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public String toString() {
        return "GlobalConfigFile[" + directory + "]";
    }
}
