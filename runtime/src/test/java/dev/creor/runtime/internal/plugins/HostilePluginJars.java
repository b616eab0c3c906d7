package dev.creor.runtime.internal.plugins;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

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

    /**
     * A zip bomb: a jar whose service file is one line of {@code megabytes} MB, a thousand times
     * smaller on disk. Read whole, as a line, it needs several times that in heap.
     */
    public static Path serviceFileBomb(Path jar, int megabytes) {
        byte[] line = new byte[1024 * 1024];
        Arrays.fill(line, (byte) 'a');
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry(ProviderFactoryLoader.SERVICE_FILE));
            for (int i = 0; i < megabytes; i++) {
                zip.write(line);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }
}
