package dev.creor.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks live in their own packages: a class placed in another module's package to
 * reach its package-private code (a split package) would break as soon as that module is a
 * named module or sealed jar, and hides a missing seam. The adapter's read path, for one, is
 * reached through its {@code StreamReadPath}.
 */
class OwnPackagesTest {

    @Test
    void everyClassOfTheBenchmarksIsInDevCreorBenchmarks() throws IOException {
        Path sources = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            List<String> elsewhere = files.filter(file -> file.toString().endsWith(".java"))
                    .map(file -> sources.relativize(file).toString().replace('\\', '/'))
                    .filter(file -> !file.startsWith("dev/creor/benchmarks/"))
                    .toList();

            assertThat(elsewhere).as("classes outside dev.creor.benchmarks").isEmpty();
        }
    }
}
