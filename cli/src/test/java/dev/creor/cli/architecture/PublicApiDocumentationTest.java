package dev.creor.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type and member of core, the SPI, the testkit, the embedding facade, the
 * OpenRouter sandbox (which tests and benchmarks program against) and the Vert.x support the
 * servers share has Javadoc.
 */
class PublicApiDocumentationTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

    @Test
    void publicApiIsDocumented() throws IOException {
        List<Path> roots = new ArrayList<>(List.of(
                PROJECT.resolve("core/src/main/java"),
                PROJECT.resolve("provider-spi/src/main/java"),
                PROJECT.resolve("testkit/src/main/java"),
                PROJECT.resolve("provider-openrouter-sandbox/src/main/java"),
                PROJECT.resolve("vertx-support/src/main/java")));
        roots.addAll(embeddingFacade());

        assertThat(PublicApiDocumentation.undocumented(roots)).isEmpty();
    }

    /** The facade is the package dev.creor.runtime itself, not its subpackages (wiring, cli, ...). */
    private static List<Path> embeddingFacade() throws IOException {
        try (Stream<Path> files = Files.list(PROJECT.resolve("runtime/src/main/java/dev/creor/runtime"))) {
            List<Path> facade = files.filter(path -> path.toString().endsWith(".java")).toList();
            assertThat(facade).extracting(path -> path.getFileName().toString()).contains("Creor.java");
            return facade;
        }
    }

    @Test
    void findsEveryKindOfUndocumentedDeclaration() throws URISyntaxException {
        Path fixture = Path.of(getClass().getResource("/architecture/undocumented").toURI());

        assertThat(PublicApiDocumentation.undocumented(List.of(fixture))).containsExactly(
                "Undocumented.java:5: CONSTANT",
                "Undocumented.java:11: undocumentedMethod()",
                "Undocumented.java:22: NestedWithoutDocs",
                "Undocumented.java:23: implicitlyPublic()",
                "Undocumented.java:26: Colour",
                "Undocumented.java:27: RED");
    }
}
