package dev.creor.runtime.internal.plugins;

import dev.creor.core.Environment;
import dev.creor.runtime.internal.plugins.PluginProblem.Severity;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The directories plugin jars are looked for in: {@code $XDG_DATA_HOME/creor/plugins} (by
 * default {@code ~/.local/share/creor/plugins}), then each directory of
 * {@code CREOR_PLUGIN_PATH}, each once.
 *
 * <p>A relative entry of {@code CREOR_PLUGIN_PATH} is refused: it would make whatever directory
 * Creor runs in (a cloned repository, say) a source of code. A directory or jar that belongs to
 * someone else, or that others can write, is refused too (see {@link PluginFileOwnership}).
 */
final class PluginDirectories {
    static final String PLUGIN_PATH = "CREOR_PLUGIN_PATH";
    static final String DATA_HOME = "XDG_DATA_HOME";

    private PluginDirectories() {
    }

    /** A directory to search; a missing one is only worth a warning when a user listed it. */
    record Directory(Path path, boolean listed) {
    }

    /** The directories to search and what was wrong with the settings naming them. */
    record Resolved(List<Directory> directories, List<PluginProblem> problems) {
    }

    static Resolved resolve(Environment environment, Path home) {
        List<PluginProblem> problems = new ArrayList<>();
        Map<Path, Directory> directories = new LinkedHashMap<>();
        Path dataHome = home.resolve(".local/share");
        Optional<String> xdg = environment.get(DATA_HOME);
        if (xdg.isPresent()) {
            Optional<Path> path = parse(xdg.get());
            if (path.isPresent() && path.get().isAbsolute()) {
                dataHome = path.get();
            } else {
                problems.add(PluginProblem.of(Severity.WARNING, new Origin.Setting(DATA_HOME), DATA_HOME + " is \""
                        + xdg.get() + "\", which is not an absolute path, so it is ignored (as the XDG base directory "
                        + "specification requires) and " + dataHome + " is used instead"));
            }
        }
        Path standard = dataHome.resolve("creor").resolve("plugins").toAbsolutePath().normalize();
        directories.put(standard, new Directory(standard, false));

        for (String entry : environment.get(PLUGIN_PATH).orElse("").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            String expanded = entry.strip();
            if (expanded.equals("~") || expanded.startsWith("~/")) {
                expanded = home + expanded.substring(1);
            }
            Optional<Path> path = parse(expanded);
            if (path.isEmpty()) {
                problems.add(PluginProblem.of(Severity.WARNING, new Origin.Setting(PLUGIN_PATH), PLUGIN_PATH
                        + " lists \"" + entry + "\", which is not a valid path, so it is ignored"));
                continue;
            }
            if (!path.get().isAbsolute()) {
                problems.add(PluginProblem.of(Severity.ERROR, new Origin.Setting(PLUGIN_PATH), PLUGIN_PATH
                        + " lists \"" + entry + "\", a relative path, so it is refused: it would load plugins from "
                        + "whatever directory creor runs in (a cloned repository, say); write the directory as an "
                        + "absolute path, starting with / or ~/"));
                continue;
            }
            Path directory = path.get().toAbsolutePath().normalize();
            directories.putIfAbsent(directory, new Directory(directory, true));
        }
        return new Resolved(List.copyOf(directories.values()), problems);
    }

    /** The jars of a directory, by file name; a problem instead when it cannot be listed. */
    static List<Path> jarsIn(Directory directory, List<PluginProblem> problems) {
        Path path = directory.path();
        if (!Files.exists(path)) {
            if (directory.listed()) {
                problems.add(PluginProblem.of(Severity.WARNING, new Origin.Setting(PLUGIN_PATH), PLUGIN_PATH
                        + " lists " + path + ", which does not exist; create it, or remove it from " + PLUGIN_PATH));
            }
            return List.of();
        }
        if (!Files.isDirectory(path)) {
            problems.add(PluginProblem.of(Severity.WARNING, directory.listed() ? new Origin.Setting(PLUGIN_PATH)
                    : new Origin.PluginDirectory(path), (directory.listed() ? PLUGIN_PATH + " lists " : "plugin directory ")
                    + path + ", which is a file, not a directory; "
                    + (directory.listed() ? "list the directory that holds the plugin jars instead" : "move it away")));
            return List.of();
        }
        Optional<String> refusal = PluginFileOwnership.refusal(path, "plugin directory");
        if (refusal.isPresent()) {
            problems.add(PluginProblem.of(Severity.ERROR, new Origin.PluginDirectory(path), refusal.get()));
            return List.of();
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.toLowerCase(Locale.ROOT).endsWith(".jar") && !name.startsWith(".")
                        && Files.isRegularFile(entry)) {
                    jars.add(entry.toAbsolutePath().normalize());
                }
            }
        } catch (IOException | SecurityException error) {
            problems.add(PluginProblem.of(Severity.ERROR, new Origin.PluginDirectory(path),
                    "cannot list plugin directory " + path + " (" + Failures.describe(error)
                            + "); check its permissions"));
            return List.of();
        }
        jars.sort(null);
        List<Path> allowed = new ArrayList<>();
        for (Path jar : jars) {
            Optional<String> refused = PluginFileOwnership.refusal(jar, "plugin jar");
            if (refused.isPresent()) {
                problems.add(PluginProblem.of(Severity.ERROR, Origin.jar(jar), refused.get()));
            } else {
                allowed.add(jar);
            }
        }
        return allowed;
    }

    private static Optional<Path> parse(String text) {
        try {
            return Optional.of(Path.of(text));
        } catch (InvalidPathException invalid) {
            return Optional.empty();
        }
    }
}
