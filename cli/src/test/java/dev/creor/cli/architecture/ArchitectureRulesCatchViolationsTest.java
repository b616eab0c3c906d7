package dev.creor.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.creor.agents.archfixture.AgentsUsingGuice;
import dev.creor.cli.archfixture.cycle.a.CycleStart;
import dev.creor.cli.archfixture.cycle.b.CycleEnd;
import dev.creor.config.archfixture.ConfigUsingAProvider;
import dev.creor.core.archfixture.CorePrintingAndReadingTheEnvironment;
import dev.creor.core.archfixture.CoreUsingALibrary;
import dev.creor.provider.archfixture.ProviderUsingApp;
import dev.creor.serve.archfixture.ServeUsingRuntimeInternals;
import dev.creor.spi.archfixture.SpiUsingApp;
import org.junit.jupiter.api.Test;

/**
 * Proves that each rule catches the violation it is about, by running it on a deliberately bad
 * fixture class (under the test sources, so the real check never sees them).
 */
class ArchitectureRulesCatchViolationsTest {

    @Test
    void coreRuleCatchesALibraryDependency() {
        assertViolation(ArchitectureRules.CORE_DEPENDS_ON_JDK_ONLY, CoreUsingALibrary.class, "picocli.CommandLine");
    }

    @Test
    void spiRuleCatchesADependencyOnApp() {
        assertViolation(ArchitectureRules.SPI_DEPENDS_ON_CORE_ONLY, SpiUsingApp.class, "dev.creor.runtime.CreorVersion");
    }

    @Test
    void guiceRuleCatchesGuiceOutsideApp() {
        assertViolation(ArchitectureRules.GUICE_ONLY_IN_THE_RUNTIME, AgentsUsingGuice.class, "com.google.inject.Injector");
    }

    @Test
    void providerRuleCatchesADependencyOnApp() {
        assertViolation(ArchitectureRules.PROVIDERS_STAY_BEHIND_THE_SPI, ProviderUsingApp.class,
                "dev.creor.runtime.CreorVersion");
    }

    @Test
    void configRuleCatchesADependencyOnAProvider() {
        assertViolation(ArchitectureRules.CONFIG_AND_AGENTS_KNOW_NO_PROVIDER, ConfigUsingAProvider.class,
                "dev.creor.provider.archfixture.ProviderUsingApp");
    }

    @Test
    void processRuleCatchesStandardStreamsEnvironmentAndExit() {
        EvaluationResult result = evaluate(ArchitectureRules.ONLY_PROGRAMS_TOUCH_THE_PROCESS,
                CorePrintingAndReadingTheEnvironment.class);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("System.out"))
                .anySatisfy(line -> assertThat(line).contains("System.getenv"))
                .anySatisfy(line -> assertThat(line).contains("System.exit"));
    }

    @Test
    void serveRuleCatchesTheRuntimesInternals() {
        assertViolation(ArchitectureRules.SERVE_USES_THE_PUBLIC_FACADE_ONLY, ServeUsingRuntimeInternals.class,
                "dev.creor.runtime.internal.wiring.CreorRuntime");
    }

    @Test
    void cycleRuleCatchesTwoPackagesUsingEachOther() {
        EvaluationResult result = evaluate(ArchitectureRules.NO_PACKAGE_CYCLES, CycleStart.class, CycleEnd.class);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("Cycle detected");
    }

    private static void assertViolation(ArchRule rule, Class<?> fixture, String offendingClass) {
        EvaluationResult result = evaluate(rule, fixture);

        assertThat(result.hasViolation()).as("%s should catch %s", rule.getDescription(), fixture.getName()).isTrue();
        assertThat(result.getFailureReport().toString()).contains(offendingClass);
    }

    private static EvaluationResult evaluate(ArchRule rule, Class<?>... fixtures) {
        JavaClasses classes = new ClassFileImporter().importClasses(fixtures);
        return rule.evaluate(classes);
    }
}
