package dev.creor.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public API of core and the SPI stays small (issue 15: under 40 top-level types): what an
 * embedder or a plugin author must learn. Helpers Creor's own modules share go to
 * {@code dev.creor.core.internal}; a type that belongs to another one is nested in it. The
 * failure lists every type, so that whoever adds one sees what to nest or hide instead.
 */
class PublicApiSizeTest {
    /** The limit the issue sets; the conversations work adds content parts, reasoning, citations. */
    private static final int LIMIT = 40;

    @Test
    void coreAndTheSpiExportFewerThanFortyTopLevelTypes() {
        List<String> api = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.creor.core", "dev.creor.spi")
                .stream()
                .filter(type -> type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(type -> !type.getPackageName().contains(".internal"))
                .map(JavaClass::getName)
                .sorted()
                .toList();

        assertThat(api).as("public top-level types of core and provider-spi (%d): %s", api.size(), api)
                .hasSizeLessThan(LIMIT)
                .contains("dev.creor.core.chat.ChatModel", "dev.creor.spi.ProviderFactory");
    }
}
