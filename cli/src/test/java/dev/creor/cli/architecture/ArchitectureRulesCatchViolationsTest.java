package dev.creor.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.creor.agents.archfixture.AgentsCheckingTheWhitelist;
import dev.creor.agents.archfixture.AgentsUsingConfig;
import dev.creor.agents.archfixture.AgentsUsingGuice;
import dev.creor.cli.archfixture.CommandBehindTheFacade;
import dev.creor.cli.archfixture.CommandOnTheFacade;
import dev.creor.cli.archfixture.cycle.a.CycleStart;
import dev.creor.cli.archfixture.cycle.b.CycleEnd;
import dev.creor.config.archfixture.ConfigUsingAProvider;
import dev.creor.core.archfixture.ApiExposingInternals;
import dev.creor.core.archfixture.CorePrintingAndReadingTheEnvironment;
import dev.creor.core.archfixture.CoreUsingALibrary;
import dev.creor.example.archfixture.PluginUsingInternals;
import dev.creor.provider.archfixture.ProviderCreatingTheKit;
import dev.creor.provider.archfixture.ProviderShippingTheSandbox;
import dev.creor.provider.archfixture.ProviderUsingApp;
import dev.creor.provider.archfixture.ProviderUsingTheKitsTransport;
import dev.creor.provider.openaicompatible.archfixture.OpenAiCompatibleUsingJackson;
import dev.creor.provider.openrouter.sandbox.archfixture.SandboxUsingTheSpi;
import dev.creor.serve.archfixture.ServeUsingRuntimeInternals;
import dev.creor.settings.archfixture.SettingsOnTheFacade;
import dev.creor.settings.archfixture.SettingsUsingInternals;
import dev.creor.spi.archfixture.SpiUsingApp;
import dev.creor.vertx.archfixture.VertxSupportUsingCore;
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
    void kitProviderRuleCatchesAJsonLibraryOfItsOwn() {
        assertViolation(ArchitectureRules.THE_OPENAI_COMPATIBLE_PROVIDER_IS_ON_THE_KIT,
                OpenAiCompatibleUsingJackson.class, "com.fasterxml.jackson.databind.ObjectMapper");
    }

    @Test
    void kitRuleCatchesAProviderCreatingTheKitItself() {
        assertViolation(ArchitectureRules.ONLY_HOSTS_CREATE_THE_KIT, ProviderCreatingTheKit.class,
                "dev.creor.provider.kit.VertxProviderKit");
    }

    @Test
    void kitTransportRuleCatchesAnotherProviderUsingIt() {
        assertViolation(ArchitectureRules.ONLY_THE_OPENROUTER_ADAPTER_SHARES_THE_KITS_TRANSPORT,
                ProviderUsingTheKitsTransport.class, "dev.creor.provider.kit.transport.SseEventParser");
    }

    @Test
    void sandboxRuleCatchesADependencyOnTheSpi() {
        assertViolation(ArchitectureRules.SANDBOX_DEPENDS_ON_CORE_ONLY, SandboxUsingTheSpi.class,
                "dev.creor.spi.ProviderFactory");
    }

    @Test
    void vertxSupportRuleCatchesADependencyOnCore() {
        assertViolation(ArchitectureRules.VERTX_SUPPORT_KNOWS_NO_OTHER_PART_OF_CREOR, VertxSupportUsingCore.class,
                "dev.creor.core.ErrorCode");
    }

    @Test
    void sandboxUsersRuleCatchesAProviderShippingTheSandbox() {
        assertViolation(ArchitectureRules.ONLY_THE_CLI_STARTS_THE_SANDBOX, ProviderShippingTheSandbox.class,
                "dev.creor.provider.openrouter.sandbox.OpenRouterSandbox");
    }

    @Test
    void configRuleCatchesADependencyOnAProvider() {
        assertViolation(ArchitectureRules.CONFIG_AND_AGENTS_KNOW_NO_PROVIDER, ConfigUsingAProvider.class,
                "dev.creor.provider.archfixture.ProviderUsingApp");
    }

    @Test
    void settingsRuleCatchesRuntimeWiringAndConfigInternals() {
        EvaluationResult result = evaluate(ArchitectureRules.SETTINGS_ON_THE_RUNTIME_API, SettingsUsingInternals.class);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("dev.creor.runtime.internal.wiring.WiredRuntime")
                .contains("dev.creor.config.internal.JsoncParser");
    }

    @Test
    void settingsRuleLetsTheRuntimesPublicApiConfigsEditorAndCoreThrough() {
        assertThat(evaluate(ArchitectureRules.SETTINGS_ON_THE_RUNTIME_API, SettingsOnTheFacade.class).hasViolation())
                .isFalse();
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
                "dev.creor.runtime.internal.wiring.WiredRuntime");
    }

    @Test
    void whitelistRuleCatchesAnAgentCheckingAModelAgainstTheListsItself() {
        EvaluationResult result = evaluate(ArchitectureRules.THE_ROUTER_ALONE_CHECKS_A_MODEL_AGAINST_THE_WHITELIST,
                AgentsCheckingTheWhitelist.class);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("ModelFilter.allows"))
                .anySatisfy(line -> assertThat(line).contains("ModelFilter.explainRejection"));
    }

    @Test
    void agentsRuleCatchesADependencyOnConfig() {
        assertViolation(ArchitectureRules.AGENTS_KNOW_NO_CONFIG, AgentsUsingConfig.class, "dev.creor.config.CreorConfig");
    }

    @Test
    void pluginRuleCatchesAPluginUsingCoreInternals() {
        assertViolation(ArchitectureRules.ONLY_CREOR_USES_INTERNALS, PluginUsingInternals.class,
                "dev.creor.example.archfixture.PluginUsingInternals");
    }

    @Test
    void apiRuleCatchesAnInternalTypeInAPublicSignatureGenericsIncluded() {
        EvaluationResult result = evaluate(ArchitectureRules.API_EXPOSES_NO_INTERNAL_TYPES, ApiExposingInternals.class);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("collector()", "exposes the internal type"))
                .anySatisfy(line -> assertThat(line).contains("count(java.util.List)", "exposes the internal type"))
                .noneSatisfy(line -> assertThat(line).contains("hidden()"));
    }

    @Test
    void publicApiRuleCatchesACommandReachingIntoTheRuntimesInternals() {
        assertViolation(ArchitectureRules.PROGRAMS_USE_THE_RUNTIMES_PUBLIC_API, CommandBehindTheFacade.class,
                "dev.creor.runtime.internal.wiring.WiredRuntime");
    }

    @Test
    void publicApiRuleCatchesACommandUsingConfigBeyondTheValuesHandedOut() {
        assertViolation(ArchitectureRules.PROGRAMS_USE_THE_RUNTIMES_PUBLIC_API, CommandBehindTheFacade.class,
                "dev.creor.config.ConfigLoader");
    }

    @Test
    void publicApiRuleLetsAProgramUseTheFacadeCoreAndTheValuesItHandsOut() {
        EvaluationResult result = evaluate(ArchitectureRules.PROGRAMS_USE_THE_RUNTIMES_PUBLIC_API,
                CommandOnTheFacade.class);

        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
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
