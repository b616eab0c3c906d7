package dev.creor.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Counts a module's main code, for tests that keep an example provider short: every line of
 * every {@code .java} file under {@code src/main/java}, blank lines and comments included, so
 * that the number is the one a reader sees.
 */
public final class MainCodeSize {
    private MainCodeSize() {
    }

    /**
     * The lines of main code of the module in {@code moduleDirectory} (the working directory of its
     * tests under Maven).
     *
     * @throws IllegalStateException when the module has no {@code src/main/java}
     */
    public static long lines(Path moduleDirectory) {
        Path sources = moduleDirectory.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            throw new IllegalStateException(sources.toAbsolutePath() + " does not exist; run the test from the module");
        }
        try (Stream<Path> files = Files.walk(sources)) {
            long total = 0;
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                total += lines.size();
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
