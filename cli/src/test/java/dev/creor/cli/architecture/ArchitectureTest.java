package dev.creor.cli.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks every architecture rule against Creor's production classes. */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Other modules' test-jars (test support shared with these tests) are tests too.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.creor");
    }

    static Stream<ArchRule> rules() {
        return Arrays.stream(ArchitectureRules.all());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void productionClassesFollow(ArchRule rule) {
        rule.check(production);
    }
}
