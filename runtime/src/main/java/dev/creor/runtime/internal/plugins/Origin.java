package dev.creor.runtime.internal.plugins;

import dev.creor.core.internal.Checks;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a provider, or a problem found while looking for providers, comes from.
 *
 * <p>A provider comes either from the application class path ({@link BuiltIn}) or from a jar
 * in a plugin directory ({@link PluginJar}). A problem may also concern a whole plugin
 * directory ({@link PluginDirectory}) or a setting, such as {@code CREOR_PLUGIN_PATH} or
 * {@code disabled_providers} ({@link Setting}). {@link #toString()} is what people read:
 * {@code built-in}, the path, or the setting's name.
 */
public sealed interface Origin {

    /** The application class path. */
    static Origin builtIn() {
        return BuiltIn.INSTANCE;
    }

    /** A plugin jar. */
    static Origin jar(Path jar) {
        return new PluginJar(jar);
    }

    /**
     * The plugin jar whose class the stack frame runs, when a plugin jar's class loader loaded
     * it; empty for Creor's, the JDK's and built-in providers' frames.
     */
    static Optional<PluginJar> pluginJarOf(StackTraceElement frame) {
        return PluginClassLoader.jarOf(Objects.requireNonNull(frame, "frame is null")).map(PluginJar::new);
    }

    /** How the origin reads in a message. */
    @Override
    String toString();

    /** On the application class path: shipped with Creor or added by an embedder. */
    final class BuiltIn implements Origin {
        private static final BuiltIn INSTANCE = new BuiltIn();

        private BuiltIn() {
        }

        @Override
        public String toString() {
            return "built-in";
        }
    }

    /**
     * A jar in a plugin directory.
     *
     * @param jar the jar's absolute, normalised path
     */
    record PluginJar(Path jar) implements Origin {
        /** Makes the path absolute and normal. */
        public PluginJar {
            jar = Objects.requireNonNull(jar, "jar is null").toAbsolutePath().normalize();
        }

        @Override
        public String toString() {
            return jar.toString();
        }
    }

    /**
     * A plugin directory as a whole.
     *
     * @param directory the directory's absolute, normalised path
     */
    record PluginDirectory(Path directory) implements Origin {
        /** Makes the path absolute and normal. */
        public PluginDirectory {
            directory = Objects.requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
        }

        @Override
        public String toString() {
            return directory.toString();
        }
    }

    /**
     * A setting: an environment variable or a configuration key.
     *
     * @param name the setting's name, e.g. {@code CREOR_PLUGIN_PATH} or {@code disabled_providers}
     */
    record Setting(String name) implements Origin {
        /** Checks that the name is not blank. */
        public Setting {
            Checks.requireText(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
