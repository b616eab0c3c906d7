package dev.creor.app.plugins;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Builds plugin jars from {@link PluginFixtures}' sources for tests outside this package, such
 * as the command-line tests that drop hostile plugins next to the echo example.
 */
public final class HostilePluginJars {
    /** The system property a test sets to a {@code CountDownLatch} that releases blocked plugin code. */
    public static final String RELEASE = PluginFixtures.RELEASE;

    private final Path classes;

    private HostilePluginJars(Path classes) {
        this.classes = classes;
    }

    /** Compiles every fixture into {@code work}, once per instance. */
    public static HostilePluginJars compiledIn(Path work) {
        return new HostilePluginJars(PluginFixtures.compileAll(work.resolve("fixture-classes")));
    }

    /**
     * Writes a jar whose service file lists the given factories of {@code com.example.plugins}
     * (simple names, e.g. {@code BlockingConstructorFactory}), in that order, with every helper
     * class they may use.
     */
    public Path jar(Path jar, String... factories) {
        Set<String> listed = Set.of(factories);
        List<String> lines = Stream.of(factories).map(name -> PluginFixtures.PACKAGE + name).toList();
        return PluginJars.jar(jar)
                .classes(classes, name -> name.startsWith(PluginFixtures.PACKAGE)
                        && (!name.endsWith("Factory") || listed.contains(name.substring(PluginFixtures.PACKAGE.length()))))
                .service(lines.toArray(String[]::new))
                .write();
    }

    /** A jar whose service file inflates from about 1 KB to more than the 64 KB discovery reads. */
    public static Path serviceFileBomb(Path jar) {
        return PluginJars.jar(jar)
                .text(ProviderFactoryLoader.SERVICE_FILE, "#" + "x".repeat(PluginJarContents.SERVICE_FILE_LIMIT) + "\n")
                .write();
    }
}
