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
import com.tngtech.archunit.core.domain.PackageMatchers;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Set;

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

    /**
     * The built-in OpenAI-compatible provider is built on the provider kit: it uses the SPI and core
     * only, no HTTP or JSON library of its own, as a plugin on the kit would (issue 17).
     */
    static final ArchRule THE_OPENAI_COMPATIBLE_PROVIDER_IS_ON_THE_KIT = classes()
            .that().resideInAPackage("dev.creor.provider.openaicompatible..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.creor.provider.openaicompatible..",
                    "dev.creor.spi..", "dev.creor.core..", "java..")
            .as("provider-openai-compatible uses the SPI (its provider kit) and core only");

    /**
     * The kit's implementation is the host's: the runtime gives it to providers in their context,
     * and the testkit to the providers it tests. A provider reaches it through
     * {@code ProviderContext.kit()} and never names it, so that plugins and built-in providers get
     * the same kit on the same Vert.x.
     */
    static final ArchRule ONLY_HOSTS_CREATE_THE_KIT = noClasses()
            .that().resideOutsideOfPackages("dev.creor.provider.kit..", "dev.creor.runtime.internal..",
                    "dev.creor.testkit..", "dev.creor.benchmarks..")
            .should().dependOnClassesThat().resideInAPackage("dev.creor.provider.kit")
            .as("only the runtime's wiring and the testkit create the provider kit; providers use ProviderContext.kit()");

    static final String KIT_TRANSPORT = "dev.creor.provider.kit.transport..";

    /**
     * The kit's transport (HTTP exchanges under the time limits, SSE framing, the back-pressured
     * publisher) is shared with the built-in OpenRouter adapter, which needs more than the SPI's
     * {@code Kit.Http} offers: its own error wording, connection pool and whole-answer fallbacks.
     * It is not an API: no other provider, and no plugin, uses it (issue 17).
     */
    static final ArchRule ONLY_THE_OPENROUTER_ADAPTER_SHARES_THE_KITS_TRANSPORT = noClasses()
            .that().resideOutsideOfPackages("dev.creor.provider.kit..", "dev.creor.provider.openrouter..")
            .should().dependOnClassesThat().resideInAPackage(KIT_TRANSPORT)
            .as("only the kit and the built-in OpenRouter adapter use the kit's transport package");

    static final String VERTX_SUPPORT = "dev.creor.vertx..";

    /**
     * What Creor's Vert.x servers share (the idle-connection guard) is built on Vert.x alone, so that
     * the sandbox, on core only, and the programs on the runtime can all use it.
     */
    static final ArchRule VERTX_SUPPORT_KNOWS_NO_OTHER_PART_OF_CREOR = noClasses()
            .that().resideInAPackage(VERTX_SUPPORT)
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.creor..")
                    .and(JavaClass.Predicates.resideOutsideOfPackage(VERTX_SUPPORT)))
            .as("vertx-support depends on Vert.x and the JDK, no part of Creor");

    static final String SANDBOX = "dev.creor.provider.openrouter.sandbox..";

    /**
     * The OpenRouter sandbox is built on core alone (and the Vert.x support every server shares): no
     * SPI, no provider, nothing else of Creor.
     */
    static final ArchRule SANDBOX_DEPENDS_ON_CORE_ONLY = noClasses()
            .that().resideInAPackage(SANDBOX)
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.creor..")
                    .and(JavaClass.Predicates.resideOutsideOfPackages("dev.creor.core..", VERTX_SUPPORT, SANDBOX)))
            .as("provider-openrouter-sandbox depends on core, vertx-support and no other part of Creor");

    /**
     * The sandbox is test support that the cli's sandbox and demo commands and the benchmarks
     * start; no provider, nor the runtime or the SPI, ships it.
     */
    static final ArchRule ONLY_THE_CLI_STARTS_THE_SANDBOX = noClasses()
            .that().resideOutsideOfPackages(SANDBOX, "dev.creor.cli..", "dev.creor.benchmarks..")
            .should().dependOnClassesThat().resideInAPackage(SANDBOX)
            .as("only the cli and the benchmarks depend on provider-openrouter-sandbox");

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

    /**
     * Creor's packages the settings page may use: its own, the runtime's public API (the package
     * {@code dev.creor.runtime} itself, not {@code runtime.internal}, and the values it hands out),
     * config's JSONC editor, core and the Vert.x support the servers share. Nothing of config's loader or internals, no wiring, no Guice.
     */
    static final String[] SETTINGS_MAY_USE = {"dev.creor.settings..", "dev.creor.runtime", "dev.creor.config.edit..",
        "dev.creor.core..", VERTX_SUPPORT};

    /** settings is built on the runtime's public API and config's JSONC editor. */
    static final ArchRule SETTINGS_ON_THE_RUNTIME_API = noClasses()
            .that().resideInAPackage("dev.creor.settings..")
            .should().dependOnClassesThat(creorOutside(SETTINGS_MAY_USE))
            .orShould().dependOnClassesThat().resideInAnyPackage(GUICE)
            .as("settings uses the runtime's public API, config's JSONC editor, core and vertx-support only (no"
                    + " internals, no Guice)");

    /** agents knows no config: config builds agent definitions, so the arrow is config ──► agents only. */
    static final ArchRule AGENTS_KNOW_NO_CONFIG = noClasses()
            .that().resideInAPackage("dev.creor.agents..")
            .should().dependOnClassesThat().resideInAPackage("dev.creor.config..")
            .as("agents never depends on config (config ──► agents ──► core)");

    /** The packages of Creor's own modules: the only ones that may use another module's internal package. */
    static final String[] CREOR_MODULES = {"dev.creor.core..", "dev.creor.spi..", "dev.creor.provider..",
        "dev.creor.config..", "dev.creor.agents..", "dev.creor.runtime..", "dev.creor.cli..", "dev.creor.settings..",
        "dev.creor.serve..", "dev.creor.testkit..", "dev.creor.benchmarks..", VERTX_SUPPORT};

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

    /**
     * The values the runtime's public API hands out that belong to the modules behind it: what a
     * program on the runtime may name of config, agents and the SPI, and nothing else of them.
     */
    static final String[] VALUES_THE_RUNTIME_HANDS_OUT = {
        "dev.creor.config.ValidationReport", "dev.creor.config.ConfigProblem", "dev.creor.config.ConfigSource",
        "dev.creor.agents.AgentProblem", "dev.creor.agents.ModelSource", "dev.creor.spi.KeyInfo"};

    /**
     * The programs on the runtime (cli, settings) use its public package, core's packages and the
     * values the runtime hands out; never its internals, nor config, agents or the SPI behind it.
     */
    static final ArchRule PROGRAMS_USE_THE_RUNTIMES_PUBLIC_API = classes()
            .that().resideInAnyPackage("dev.creor.cli..", "dev.creor.settings..")
            .should().onlyDependOnClassesThat(theRuntimesPublicApi())
            .as("cli and settings use the runtime's public API (dev.creor.runtime), core, config's JSONC editor,"
                    + " vertx-support and the values the runtime hands out, never dev.creor.runtime.internal, config, agents or the SPI");

    /** The gateway is a client of the runtime's facade: no wiring, no second routing path. */
    static final ArchRule SERVE_USES_THE_PUBLIC_FACADE_ONLY = noClasses()
            .that().resideInAPackage("dev.creor.serve..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.creor.runtime.internal..", "dev.creor.config..",
                    "dev.creor.agents..", "dev.creor.spi..", "dev.creor.provider..", "dev.creor.core.routing..",
                    "dev.creor.cli..", "dev.creor.settings..", GUICE)
            .as("serve uses the runtime's public facade and core's types only: no runtime internals, config, agents,"
                    + " SPI, providers, router or Guice");

    /**
     * One place checks a model against the whitelists and blacklists: the router
     * ({@code ModelRouter.rejection}, a verdict remembered per model), which an agent's up-front
     * check asks too, so a request's model is checked once. Listing a whole catalog through the
     * filter ({@code ModelListing}) is not a check of a request.
     */
    static final ArchRule THE_ROUTER_ALONE_CHECKS_A_MODEL_AGAINST_THE_WHITELIST = noClasses()
            .that().resideInAnyPackage("dev.creor.agents..", "dev.creor.runtime..", "dev.creor.serve..",
                    "dev.creor.cli..")
            .and().doNotHaveFullyQualifiedName("dev.creor.runtime.internal.wiring.ModelListing")
            .should().callMethod(dev.creor.core.catalog.ModelFilter.class, "allows", String.class)
            .orShould().callMethod(dev.creor.core.catalog.ModelFilter.class, "explainRejection", String.class)
            .as("only the router checks a model against the whitelists and blacklists (agents ask it)");

    /** No cycles between packages. */
    static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching("dev.creor.(**)")
            .should().beFreeOfCycles()
            .as("packages are free of cycles");

    static ArchRule[] all() {
        return new ArchRule[] {CORE_DEPENDS_ON_JDK_ONLY, SPI_DEPENDS_ON_CORE_ONLY, GUICE_ONLY_IN_THE_RUNTIME,
            PROVIDERS_STAY_BEHIND_THE_SPI, SANDBOX_DEPENDS_ON_CORE_ONLY, ONLY_THE_CLI_STARTS_THE_SANDBOX,
            VERTX_SUPPORT_KNOWS_NO_OTHER_PART_OF_CREOR, CONFIG_AND_AGENTS_KNOW_NO_PROVIDER, AGENTS_KNOW_NO_CONFIG, ONLY_PROGRAMS_TOUCH_THE_PROCESS,
            PROGRAMS_USE_THE_RUNTIMES_PUBLIC_API, SETTINGS_ON_THE_RUNTIME_API, ONLY_CREOR_USES_INTERNALS,
            API_EXPOSES_NO_INTERNAL_TYPES, SERVE_USES_THE_PUBLIC_FACADE_ONLY,
            THE_ROUTER_ALONE_CHECKS_A_MODEL_AGAINST_THE_WHITELIST, THE_OPENAI_COMPATIBLE_PROVIDER_IS_ON_THE_KIT,
            ONLY_HOSTS_CREATE_THE_KIT, ONLY_THE_OPENROUTER_ADAPTER_SHARES_THE_KITS_TRANSPORT, NO_PACKAGE_CYCLES};
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

    /** Classes of Creor ({@code dev.creor..}) in none of the given packages (ArchUnit's package syntax). */
    private static DescribedPredicate<JavaClass> creorOutside(String[] allowed) {
        PackageMatchers matchers = PackageMatchers.of(allowed);
        return new DescribedPredicate<>("Creor classes outside " + String.join(", ", allowed)
                + " that are not values the runtime hands out") {
            @Override
            public boolean test(JavaClass target) {
                return target.getPackageName().startsWith("dev.creor.") && !matchers.test(target.getPackageName())
                        && !java.util.List.of(VALUES_THE_RUNTIME_HANDS_OUT).contains(target.getName());
            }
        };
    }

    private static DescribedPredicate<JavaClass> theRuntimesPublicApi() {
        return new DescribedPredicate<>("are outside Creor, in cli, settings, serve, the sandbox, core, the runtime's public"
                + " package, config's JSONC editor, vertx-support, or values the runtime hands out") {
            @Override
            public boolean test(JavaClass type) {
                String name = type.getName();
                String pkg = type.getPackageName();
                return !pkg.startsWith("dev.creor")
                        || pkg.startsWith("dev.creor.cli") || pkg.startsWith("dev.creor.settings")
                        || pkg.startsWith("dev.creor.serve")
                        || pkg.equals("dev.creor.runtime")
                        || pkg.equals("dev.creor.core") || pkg.startsWith("dev.creor.core.")
                        || pkg.equals("dev.creor.provider.openrouter.sandbox")
                        || pkg.equals("dev.creor.config.edit")
                        || pkg.equals("dev.creor.vertx")
                        || java.util.List.of(VALUES_THE_RUNTIME_HANDS_OUT).contains(name);
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
