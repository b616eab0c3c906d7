package dev.creor.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rules of docs/architecture.md, as ArchUnit rules. Each rule is checked against
 * the real classes (ArchitectureTest) and against a deliberately bad fixture, to prove it
 * catches what it claims to (ArchitectureRulesCatchViolationsTest).
 */
final class ArchitectureRules {
    private ArchitectureRules() {
    }

    static final String GUICE = "com.google.inject..";
    static final String[] INJECTION_ANNOTATIONS = {"jakarta.inject..", "javax.inject.."};

    /** core imports java.* only. */
    static final ArchRule CORE_DEPENDS_ON_JDK_ONLY = classes()
            .that().resideInAPackage("dev.creor.core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.creor.core..", "java..")
            .as("core depends on the JDK (java.*) only");

    /** The SPI imports core and java.* only. */
    static final ArchRule SPI_DEPENDS_ON_CORE_ONLY = classes()
            .that().resideInAPackage("dev.creor.spi..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.creor.spi..", "dev.creor.core..", "java..")
            .as("provider-spi depends on core and the JDK only");

    /** Guice and injection annotations appear in the runtime's wiring only. */
    static final ArchRule GUICE_ONLY_IN_THE_RUNTIME = noClasses()
            .that().resideOutsideOfPackage("dev.creor.runtime.internal..")
            .should().dependOnClassesThat().resideInAnyPackage(GUICE, INJECTION_ANNOTATIONS[0], INJECTION_ANNOTATIONS[1])
            .as("Guice and injection annotations are used inside the runtime only");

    /** A provider never reaches into config, agents, the runtime or Guice. */
    static final ArchRule PROVIDERS_STAY_BEHIND_THE_SPI = noClasses()
            .that().resideInAPackage("dev.creor.provider..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.creor.config..", "dev.creor.agents..",
                    "dev.creor.runtime..", GUICE)
            .as("providers depend on core and the SPI, never on config, agents, the runtime or Guice");

    /** config and agents never import a provider module or Guice. */
    static final ArchRule CONFIG_AND_AGENTS_KNOW_NO_PROVIDER = noClasses()
            .that().resideInAnyPackage("dev.creor.config..", "dev.creor.agents..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.creor.provider..", "dev.creor.runtime..", GUICE)
            .as("config and agents never depend on a provider, on the runtime or on Guice");

    /** Only the runtime and the programs on it touch the process: environment, standard streams, exit. */
    static final ArchRule ONLY_PROGRAMS_TOUCH_THE_PROCESS = noClasses()
            .that().resideOutsideOfPackages("dev.creor.runtime..", "dev.creor.cli..", "dev.creor.settings..")
            .should().accessTargetWhere(processAccess())
            .as("System.getenv, System.out, System.err and System.exit are used in the runtime, cli and settings only");

    /** The gateway is a client of the runtime's facade: no wiring, no second routing path. */
    static final ArchRule SERVE_USES_THE_PUBLIC_FACADE_ONLY = noClasses()
            .that().resideInAPackage("dev.creor.serve..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.creor.runtime.internal..", "dev.creor.config..",
                    "dev.creor.agents..", "dev.creor.spi..", "dev.creor.provider..", "dev.creor.core.routing..",
                    "dev.creor.cli..", "dev.creor.settings..", GUICE)
            .as("serve uses the runtime's public facade and core's types only: no runtime internals, config, agents,"
                    + " SPI, providers, router or Guice");

    /** No cycles between packages. */
    static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching("dev.creor.(**)")
            .should().beFreeOfCycles()
            .as("packages are free of cycles");

    static ArchRule[] all() {
        return new ArchRule[] {CORE_DEPENDS_ON_JDK_ONLY, SPI_DEPENDS_ON_CORE_ONLY, GUICE_ONLY_IN_THE_RUNTIME,
            PROVIDERS_STAY_BEHIND_THE_SPI, CONFIG_AND_AGENTS_KNOW_NO_PROVIDER, ONLY_PROGRAMS_TOUCH_THE_PROCESS,
            SERVE_USES_THE_PUBLIC_FACADE_ONLY, NO_PACKAGE_CYCLES};
    }

    private static DescribedPredicate<JavaAccess<?>> processAccess() {
        return new DescribedPredicate<>("System.getenv, System.out, System.err, System.exit or Runtime.exit/halt") {
            @Override
            public boolean test(JavaAccess<?> access) {
                JavaClass owner = access.getTargetOwner();
                String name = ((HasName) access.getTarget()).getName();
                if (owner.isEquivalentTo(System.class)) {
                    return name.equals("getenv") || name.equals("out") || name.equals("err") || name.equals("exit");
                }
                return owner.isEquivalentTo(Runtime.class) && (name.equals("exit") || name.equals("halt"));
            }
        };
    }
}
