package dev.creor.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Set;
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

    /** agents knows no config: config builds agent definitions, so the arrow is config ──► agents only. */
    static final ArchRule AGENTS_KNOW_NO_CONFIG = noClasses()
            .that().resideInAPackage("dev.creor.agents..")
            .should().dependOnClassesThat().resideInAPackage("dev.creor.config..")
            .as("agents never depends on config (config ──► agents ──► core)");

    /** The packages of Creor's own modules: the only ones that may use another module's internal package. */
    static final String[] CREOR_MODULES = {"dev.creor.core..", "dev.creor.spi..", "dev.creor.provider..",
        "dev.creor.config..", "dev.creor.agents..", "dev.creor.runtime..", "dev.creor.cli..", "dev.creor.settings..",
        "dev.creor.testkit..", "dev.creor.benchmarks.."};

    /**
     * Internal packages ({@code dev.creor.core.internal} and every other {@code ..internal..})
     * are public for Creor's own modules only: a class that uses one is one of them, never a
     * plugin (such as the example provider, {@code dev.creor.example}) or an embedding program.
     */
    static final ArchRule ONLY_CREOR_USES_INTERNALS = classes()
            .that(useAnInternalPackageOfAnotherModule())
            .should().resideInAnyPackage(CREOR_MODULES)
            .as("only Creor's own modules use internal packages; plugins and embedders never do");

    /** The packages whose public types are API: core and the SPI, the embedding facade, the testkit (minus internal). */
    static final String[] API_PACKAGES = {"dev.creor.core..", "dev.creor.spi..", "dev.creor.runtime",
        "dev.creor.testkit.."};

    /** No public signature of the API names an internal type, in any position (generics included). */
    static final ArchRule API_EXPOSES_NO_INTERNAL_TYPES = members()
            .that().areDeclaredInClassesThat().resideInAnyPackage(API_PACKAGES)
            .and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
            .and().areDeclaredInClassesThat().arePublic()
            .and().arePublic()
            .should(exposeNoInternalTypes())
            .as("the public API (core, SPI, facade, testkit) never exposes an internal type in a public signature");

    /** No cycles between packages. */
    static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching("dev.creor.(**)")
            .should().beFreeOfCycles()
            .as("packages are free of cycles");

    static ArchRule[] all() {
        return new ArchRule[] {CORE_DEPENDS_ON_JDK_ONLY, SPI_DEPENDS_ON_CORE_ONLY, GUICE_ONLY_IN_THE_RUNTIME,
            PROVIDERS_STAY_BEHIND_THE_SPI, CONFIG_AND_AGENTS_KNOW_NO_PROVIDER, ONLY_PROGRAMS_TOUCH_THE_PROCESS,
            AGENTS_KNOW_NO_CONFIG, ONLY_CREOR_USES_INTERNALS, API_EXPOSES_NO_INTERNAL_TYPES, NO_PACKAGE_CYCLES};
    }

    private static DescribedPredicate<JavaClass> useAnInternalPackageOfAnotherModule() {
        return new DescribedPredicate<>("use an internal package") {
            @Override
            public boolean test(JavaClass type) {
                return type.getDirectDependenciesFromSelf().stream()
                        .anyMatch(dependency -> dependency.getTargetClass().getPackageName().contains(".internal"));
            }
        };
    }

    private static ArchCondition<JavaMember> exposeNoInternalTypes() {
        return new ArchCondition<>("expose no internal type") {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                Set<JavaClass> exposed = new LinkedHashSet<>();
                if (member instanceof JavaField field) {
                    exposed.addAll(field.getType().getAllInvolvedRawTypes());
                } else if (member instanceof JavaCodeUnit code) {
                    exposed.addAll(code.getReturnType().getAllInvolvedRawTypes());
                    code.getParameterTypes().forEach(type -> exposed.addAll(type.getAllInvolvedRawTypes()));
                }
                exposed.stream().filter(type -> type.getPackageName().contains(".internal"))
                        .forEach(type -> events.add(SimpleConditionEvent.violated(member,
                                member.getFullName() + " exposes the internal type " + type.getName())));
            }
        };
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
