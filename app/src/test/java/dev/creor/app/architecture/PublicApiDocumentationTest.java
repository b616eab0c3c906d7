package dev.creor.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every public type and member of core, the SPI, the testkit and the embedding facade has Javadoc. */
class PublicApiDocumentationTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();

    @Test
    void publicApiIsDocumented() {
        List<Path> roots = List.of(
                PROJECT.resolve("core/src/main/java"),
                PROJECT.resolve("provider-spi/src/main/java"),
                PROJECT.resolve("testkit/src/main/java"));

        assertThat(PublicApiDocumentation.undocumented(roots)).isEmpty();
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
