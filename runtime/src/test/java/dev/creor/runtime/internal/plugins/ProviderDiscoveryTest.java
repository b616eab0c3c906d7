package dev.creor.runtime.internal.plugins;

import static dev.creor.runtime.internal.plugins.PluginFixtures.PACKAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Scheduler;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.runtime.internal.plugins.PluginProblem.Severity;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProviderDiscoveryTest {
    /** What the backstop tells the author of a plugin that does not link against this SPI. */
    private static final String REBUILD = "rebuild it against creor-provider-spi " + ProviderFactory.spiArtifactVersion()
            + " (SPI " + ProviderFactory.spiVersion() + "), or get a build of it made for this Creor";

    /**
     * The test class path as host, minus the providers built into the app's class path (the
     * OpenRouter provider is a runtime dependency of app): these tests count the plugins they make.
     */
    static final ClassLoader WITHOUT_BUILT_INS = new ClassLoader(ProviderDiscoveryTest.class.getClassLoader()) {
        @Override
        public java.util.Enumeration<java.net.URL> getResources(String name) throws IOException {
            return name.equals("META-INF/services/" + dev.creor.spi.ProviderFactory.class.getName())
                    ? java.util.Collections.emptyEnumeration() : super.getResources(name);
        }
    };

    @TempDir
    static Path fixtures;
    private static Path classes;
    private static ScheduledExecutorService timers;

    @TempDir
    Path home;
    @TempDir
    Path plugins;

    @BeforeAll
    static void compileFixtures() {
        classes = PluginFixtures.compileAll(fixtures.resolve("classes"));
        timers = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopTimers() {
        timers.shutdownNow();
    }

    // ---- a good plugin ----------------------------------------------------------------------

    @Test
    void findsAPluginJarAndCreatesItsProvider() {
        Path jar = goodJar(plugins.resolve("good.jar"));

        try (DiscoveredProviders discovered = discover(plugins)) {
            assertThat(discovered.problems()).isEmpty();
            DiscoveredProvider good = discovered.require("good");
            assertThat(good.origin()).isEqualTo(Origin.jar(jar));
            assertThat(good.origin()).hasToString(jar.toString());
            assertThat(good.factoryClassName()).isEqualTo(PACKAGE + "GoodFactory");
            assertThat(good.descriptor().displayName()).isEqualTo("Good");
            assertThat(good.spiVersion()).isEqualTo(ProviderFactory.spiVersion());
            assertThat(discovered.byId()).containsOnlyKeys(discovered.providers().stream()
                    .map(DiscoveredProvider::id).toArray(String[]::new)).containsKey("good");

            try (Provider provider = good.create(ProviderSettings.builder("good").build(), context())) {
                assertThat(provider.chatModel().chat(request("good/fixed")).toCompletableFuture().join().text())
                        .isEqualTo("Good answer");
            }
        }
    }

    // ---- isolation --------------------------------------------------------------------------

    @Test
    void aPluginSeesItsOwnVersionOfALibraryTheHostAlsoHas() throws Exception {
        PluginJars.jar(plugins.resolve("own-jackson.jar"))
                .classes(classes, PACKAGE + "OwnJacksonFactory", PACKAGE + "FixedProvider",
                        "com.fasterxml.jackson.core.json.PackageVersion")
                .service(PACKAGE + "OwnJacksonFactory")
                .write();

        try (DiscoveredProviders discovered = discover(plugins)) {
            assertThat(discovered.problems()).isEmpty();
            DiscoveredProvider plugin = discovered.require("own-jackson");
            // The host's PackageVersion has no plugin() method: the name proves the plugin's copy ran.
            assertThat(plugin.descriptor().displayName()).isEqualTo("Jackson 9.9.9-plugin");
            ClassLoader pluginLoader = plugin.factory().getClass().getClassLoader();
            Class<?> seenByPlugin = pluginLoader.loadClass("com.fasterxml.jackson.core.json.PackageVersion");
            assertThat(seenByPlugin.getClassLoader()).isSameAs(pluginLoader);
            assertThat(seenByPlugin).isNotSameAs(com.fasterxml.jackson.core.json.PackageVersion.class);
            assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString()).startsWith("2.");
        }
    }

    @Test
    void aPluginUsesTheHostsLibraryWhenItBringsNone() {
        PluginJars.jar(plugins.resolve("host-jackson.jar"))
                .classes(classes, PACKAGE + "HostJacksonFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "HostJacksonFactory")
                .write();

        try (DiscoveredProviders discovered = discover(plugins)) {
            assertThat(discovered.problems()).isEmpty();
            assertThat(discovered.require("host-jackson").descriptor().displayName())
                    .isEqualTo("Jackson " + new JsonFactory().version());
        }
    }

    @Test
    void creorClassesAlwaysComeFromTheHostEvenWhenAJarBundlesCopies() {
        Path jar = PluginJars.jar(plugins.resolve("fat.jar"))
                .classes(classes, PACKAGE + "GoodFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "GoodFactory")
                // Not even class files: loading them would fail, so using the host's is proven.
                .bytes("dev/creor/spi/ProviderFactory.class", new byte[] {1, 2, 3})
                .bytes("dev/creor/core/Secret.class", new byte[] {4, 5, 6})
                .write();

        try (DiscoveredProviders discovered = discover(plugins)) {
            DiscoveredProvider good = discovered.require("good");
            assertThat(good.factory()).isInstanceOf(ProviderFactory.class);
            assertThat(discovered.problems()).containsExactly(PluginProblem.of(Severity.WARNING, Origin.jar(jar),
                    "plugin jar " + jar + " bundles its own copy of 2 Creor core or SPI classes "
                            + "(dev/creor/core/Secret.class, ...), which Creor ignores in favour of its own; declare "
                            + "creor-core and creor-provider-spi with <scope>provided</scope> so they stay out of the jar"));
        }
    }

    // ---- every way a plugin can be broken ---------------------------------------------------

    static Stream<Arguments> brokenPlugins() {
        return Stream.of(
                broken("corrupt jar", jar -> writeBytes(jar, "this is not a zip file at all".getBytes()),
                        jar -> "\\Qplugin jar " + jar + " cannot be read as a jar (ZipException: \\E.+"
                                + "\\Q); it is corrupt or not a jar: rebuild it, or remove it\\E"),
                broken("empty file", jar -> writeBytes(jar, new byte[0]),
                        jar -> "\\Qplugin jar " + jar + " cannot be read as a jar (ZipException: \\E.+"
                                + "\\Q); it is corrupt or not a jar: rebuild it, or remove it\\E"),
                broken("no service file", jar -> PluginJars.jar(jar).classes(classes, PACKAGE + "SecondFactory").write(),
                        jar -> quote("plugin jar " + jar + " contains no provider factory: it has no "
                                + "META-INF/services/dev.creor.spi.ProviderFactory file; that file must name your "
                                + "ProviderFactory implementation (see docs/writing-a-provider.md)")),
                broken("service file naming nothing", jar -> PluginJars.jar(jar)
                                .classes(classes, PACKAGE + "SecondFactory").service("# nothing here yet", "").write(),
                        jar -> quote("plugin jar " + jar + " contains no provider factory: its "
                                + "META-INF/services/dev.creor.spi.ProviderFactory names no class; add the fully "
                                + "qualified name of your ProviderFactory implementation to it")),
                broken("missing class", jar -> PluginJars.jar(jar).service(PACKAGE + "Missing").write(),
                        jar -> quote("plugin jar " + jar + ": META-INF/services/dev.creor.spi.ProviderFactory names "
                                + PACKAGE + "Missing, but there is no such class in the jar; correct the name, or "
                                + "package the class")),
                broken("not a factory", jar -> PluginJars.jar(jar).classes(classes, PACKAGE + "NotAFactory")
                                .service(PACKAGE + "NotAFactory").write(),
                        jar -> quote("provider factory " + PACKAGE + "NotAFactory in plugin jar " + jar
                                + " is named in META-INF/services/dev.creor.spi.ProviderFactory but does not implement "
                                + "dev.creor.spi.ProviderFactory")),
                brokenFactory("ThrowingConstructorFactory", jar -> "provider factory " + PACKAGE
                        + "ThrowingConstructorFactory in plugin jar " + jar
                        + " could not be created: IllegalStateException: constructor exploded"),
                brokenFactory("ThrowingStaticInitFactory", jar -> "provider factory " + PACKAGE
                        + "ThrowingStaticInitFactory in plugin jar " + jar
                        + " could not be created: IllegalStateException: static initialiser exploded"),
                brokenFactory("NoDefaultConstructorFactory", jar -> "provider factory " + PACKAGE
                        + "NoDefaultConstructorFactory in plugin jar " + jar
                        + " has no public no-argument constructor, which ServiceLoader needs to create it"),
                brokenFactory("ThrowingIdFactory", jar -> "provider factory " + PACKAGE + "ThrowingIdFactory in plugin jar "
                        + jar + " failed in id(): IllegalStateException: id exploded"),
                brokenFactory("NullIdFactory", jar -> "provider factory " + PACKAGE + "NullIdFactory in plugin jar "
                        + jar + " returned no id (null) from id()"),
                brokenFactory("InvalidIdFactory", jar -> "provider factory " + PACKAGE + "InvalidIdFactory in plugin jar "
                        + jar + " has an invalid id \"Bad_Id\": a provider id is lower-case letters, digits and dashes, "
                        + "starting with a letter, such as \"my-provider\""),
                brokenFactory("ThrowingDescriptorFactory", jar -> "provider \"broken-descriptor\" (" + PACKAGE
                        + "ThrowingDescriptorFactory in plugin jar " + jar
                        + ") failed in descriptor(): UnsupportedOperationException: descriptor exploded"),
                brokenFactory("NullDescriptorFactory", jar -> "provider \"null-descriptor\" (" + PACKAGE
                        + "NullDescriptorFactory in plugin jar " + jar + ") returned no descriptor (null) from descriptor()"),
                brokenFactory("NewerSpiFactory", jar -> "provider \"newer-spi\" (" + PACKAGE + "NewerSpiFactory in plugin jar "
                        + jar + ") failed in descriptor(): it was built for another SPI: it needs "
                        + "dev.creor.spi.FutureFeature, which this Creor does not have; " + REBUILD),
                brokenFactory("NeedsLibraryFactory", jar -> "provider \"needs-library\" (" + PACKAGE
                        + "NeedsLibraryFactory in plugin jar " + jar + ") failed in descriptor(): it needs class "
                        + "org.example.lib.Helper, which is neither in the plugin jar nor in Creor; bundle the plugin's "
                        + "dependencies into its jar (e.g. with the maven-shade-plugin)"),
                brokenFactory("ExtendsLibraryFactory", jar -> "plugin jar " + jar + ": a class that "
                        + "META-INF/services/dev.creor.spi.ProviderFactory names cannot be loaded: it needs class "
                        + "org.example.lib.BaseFactory, which is neither in the plugin jar nor in Creor; bundle the "
                        + "plugin's dependencies into its jar (e.g. with the maven-shade-plugin)"),
                brokenFactory("BadSchemaFactory", jar -> "provider \"bad-schema\" (" + PACKAGE + "BadSchemaFactory in plugin jar "
                        + jar + ") declares a config schema (ProviderDescriptor.configSchema) that is not a JSON object: "
                        + "Unexpected character ('}' (code 125)): was expecting double-quote to start field name, at "
                        + "line 1, column 19"),
                brokenFactory("ArraySchemaFactory", jar -> "provider \"array-schema\" (" + PACKAGE
                        + "ArraySchemaFactory in plugin jar " + jar + ") declares a config schema "
                        + "(ProviderDescriptor.configSchema) that is not a JSON object: it is a JSON array, not an object"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenPlugins")
    void reportsABrokenPluginByJarAndReasonAndKeepsTheOthers(String name, JarMaker maker, Expected expected) {
        goodJar(plugins.resolve("a-good.jar"));
        Path broken = plugins.resolve("broken.jar");
        maker.make(broken);

        try (DiscoveredProviders discovered = discover(plugins)) {
            assertThat(discovered.providers()).extracting(DiscoveredProvider::id).contains("good");
            assertThat(discovered.problems()).hasSize(1);
            PluginProblem problem = discovered.problems().get(0);
            assertThat(problem.severity()).isEqualTo(Severity.ERROR);
            assertThat(problem.origin()).isEqualTo(Origin.jar(broken));
            assertThat(problem.message()).matches(expected.pattern(broken));
            assertThat(discovered.hasErrors()).isTrue();
        }
    }

    @Test
    void namesTheRangeOfSpiVersionsWhenThisCreorSpeaksMoreThanOne() {
        Path jar = PluginJars.jar(plugins.resolve("good.jar")).declaringSpiVersion("2")
                .classes(classes, PACKAGE + "GoodFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "GoodFactory")
                .write();

        try (DiscoveredProviders discovered = ProviderDiscovery.builder(environment(plugins), home)
                .hostClassLoader(WITHOUT_BUILT_INS).supportedSpiVersions(3, 4).build().discover()) {
            assertThat(discovered.providers()).isEmpty();
            assertThat(discovered.problems()).containsExactly(PluginProblem.of(Severity.ERROR, Origin.jar(jar),
                    "plugin jar " + jar + ": built for SPI 2; this Creor speaks SPI 3 to 4: rebuild it against "
                            + "creor-provider-spi " + ProviderFactory.spiArtifactVersion()
                            + " (docs/writing-a-provider.md#what-changed-in-spi-4)"));
        }
    }

    @Test
    void keepsTheGoodFactoryOfAJarWhoseOtherFactoryIsBroken() {
        Path jar = PluginJars.jar(plugins.resolve("mixed.jar"))
                .classes(classes, PACKAGE + "ThrowingIdFactory", PACKAGE + "SecondFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "ThrowingIdFactory", PACKAGE + "SecondFactory")
                .write();

        try (DiscoveredProviders discovered = discover(plugins)) {
            assertThat(discovered.require("second").origin()).isEqualTo(Origin.jar(jar));
            assertThat(discovered.problems()).extracting(PluginProblem::message).containsExactly("provider factory "
                    + PACKAGE + "ThrowingIdFactory in plugin jar " + jar + " failed in id(): IllegalStateException: id exploded");
        }
    }

    @Test
    void aClassMissingOnlyWhenTheProviderIsCreatedIsAPluginErrorThen() {
        // SecondFactory needs FixedProvider only to create its provider, so discovery finds nothing wrong.
        Path jar = PluginJars.jar(plugins.resolve("incomplete.jar"))
                .classes(classes, PACKAGE + "SecondFactory")
                .service(PACKAGE + "SecondFactory")
                .write();

        try (DiscoveredProviders discovered = discover(plugins)) {
            assertThat(discovered.problems()).isEmpty();
            assertThatThrownBy(() -> discovered.require("second").create(ProviderSettings.builder("second").build(),
                    context()))
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.PLUGIN_INVALID);
                        assertThat(error.getMessage()).isEqualTo("provider \"second\" (" + PACKAGE + "SecondFactory, "
                                + jar + ") failed to start: it needs class " + PACKAGE + "FixedProvider, which is "
                                + "neither in the plugin jar nor in Creor; bundle the plugin's dependencies into its jar "
                                + "(e.g. with the maven-shade-plugin)");
                    });
        }
    }

    // ---- one id, two claims -----------------------------------------------------------------

    @Test
    void refusesBothJarsThatClaimOneIdAndNamesThem() {
        Path first = goodJar(plugins.resolve("a.jar"));
        Path second = PluginJars.jar(plugins.resolve("b.jar"))
                .classes(classes, PACKAGE + "OtherGoodFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "OtherGoodFactory")
                .write();
        secondJar(plugins.resolve("c.jar"));

        try (DiscoveredProviders discovered = discover(plugins)) {
            assertThat(discovered.providers()).extracting(DiscoveredProvider::id).contains("second").doesNotContain("good");
            String conflict = "provider id \"good\" is claimed by 2 factories: " + PACKAGE + "GoodFactory (" + first
                    + ") and " + PACKAGE + "OtherGoodFactory (" + second + "); neither is used, so that requests and "
                    + "credentials never reach an implementation you did not choose; remove all but one of them";
            assertThat(discovered.problems()).containsExactly(
                    PluginProblem.about("good", Severity.ERROR, Origin.jar(first), conflict));
            assertThatThrownBy(() -> discovered.require("good"))
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.PLUGIN_INVALID);
                        assertThat(error.getMessage()).isEqualTo("provider \"good\" cannot be used: " + conflict);
                    });
        }
    }

    @Test
    void refusesAPluginClaimingTheIdOfABuiltInProviderAndTheBuiltInToo() throws IOException {
        Path builtInJar = PluginJars.jar(fixtures.resolve("built-ins-" + System.nanoTime() + ".jar"))
                .classes(classes, PACKAGE + "BuiltInGoodFactory", PACKAGE + "BuiltInFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "BuiltInGoodFactory", PACKAGE + "BuiltInFactory")
                .write();
        Path plugin = goodJar(plugins.resolve("good.jar"));

        try (URLClassLoader host = new URLClassLoader(new URL[] {builtInJar.toUri().toURL()},
                getClass().getClassLoader());
             DiscoveredProviders discovered = ProviderDiscovery.builder(environment(plugins), home)
                     .hostClassLoader(host).build().discover()) {
            DiscoveredProvider builtIn = discovered.require("built-in-one");
            assertThat(builtIn.origin()).isEqualTo(Origin.builtIn()).hasToString("built-in");
            assertThat(discovered.provider("good")).isEmpty();
            assertThat(discovered.problems()).extracting(PluginProblem::message).containsExactly(
                    "provider id \"good\" is claimed by 2 factories: " + PACKAGE + "BuiltInGoodFactory (built-in) and "
                            + PACKAGE + "GoodFactory (" + plugin + "); neither is used, so that requests and credentials "
                            + "never reach an implementation you did not choose; remove all but one of them");
        }
    }

    @Test
    void rejectsAHostClassLoaderThatDoesNotShareCreorsSpi() {
        ClassLoader jdkOnly = ClassLoader.getPlatformClassLoader();

        assertThatThrownBy(() -> ProviderDiscovery.builder(Environment.empty(), home).hostClassLoader(jdkOnly))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the host class loader does not see dev.creor.spi.ProviderFactory");
    }

    // ---- enabled_providers and disabled_providers -------------------------------------------

    @Test
    void enabledProvidersKeepsOnlyTheProvidersItNames() {
        goodJar(plugins.resolve("good.jar"));
        secondJar(plugins.resolve("second.jar"));

        try (DiscoveredProviders discovered = discoverWith(Set.of("second"), Set.of())) {
            assertThat(ids(discovered.providers())).containsExactly("second");
            assertThat(ids(discovered.switchedOff())).containsExactly("good");
            assertThat(discovered.problems()).isEmpty();
            assertThatThrownBy(() -> discovered.require("good"))
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                        assertThat(error.describe()).isEqualTo("provider \"good\" is switched off by enabled_providers, "
                                + "which does not name it (add \"good\" to enabled_providers)");
                    });
        }
    }

    @Test
    void disabledProvidersWinsOverEnabledProviders() {
        goodJar(plugins.resolve("good.jar"));
        secondJar(plugins.resolve("second.jar"));

        try (DiscoveredProviders discovered = discoverWith(Set.of("good", "second"), Set.of("good"))) {
            assertThat(ids(discovered.providers())).containsExactly("second");
            assertThat(ids(discovered.switchedOff())).containsExactly("good");
            assertThatThrownBy(() -> discovered.require("good"))
                    .isInstanceOfSatisfying(CreorException.class, error -> assertThat(error.describe())
                            .isEqualTo("provider \"good\" is switched off by disabled_providers "
                                    + "(remove \"good\" from disabled_providers)"));
        }
    }

    @Test
    void warnsAboutFilterIdsNoProviderHasWithADidYouMean() {
        goodJar(plugins.resolve("good.jar"));
        secondJar(plugins.resolve("second.jar"));

        try (DiscoveredProviders discovered = discoverWith(Set.of("secnod", "good"), Set.of("goood", "nothing-like-it"))) {
            assertThat(ids(discovered.providers())).containsExactly("good");
            assertThat(discovered.problems()).containsExactly(
                    PluginProblem.of(Severity.WARNING, new Origin.Setting("enabled_providers"),
                            "enabled_providers names \"secnod\", which is not a known provider (did you mean "
                                    + "\"second\"?); known providers: good, second"),
                    PluginProblem.of(Severity.WARNING, new Origin.Setting("disabled_providers"),
                            "disabled_providers names \"goood\", which is not a known provider (did you mean "
                                    + "\"good\"?); known providers: good, second"),
                    PluginProblem.of(Severity.WARNING, new Origin.Setting("disabled_providers"),
                            "disabled_providers names \"nothing-like-it\", which is not a known provider; known "
                                    + "providers: good, second"));
            assertThat(discovered.hasErrors()).isFalse();
        }
    }

    @Test
    void anUnknownProviderGetsADidYouMeanAndWhereToPutItsJar() {
        goodJar(plugins.resolve("good.jar"));

        try (DiscoveredProviders discovered = discover(plugins)) {
            assertThatThrownBy(() -> discovered.require("godo"))
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                        assertThat(error.getMessage()).startsWith("unknown provider \"godo\" (did you mean \"good\"?); "
                                + "available: ").contains("good");
                        assertThat(error.hint()).contains("to add a provider, drop its jar into "
                                + home.resolve(".local/share/creor/plugins") + " or a directory listed in CREOR_PLUGIN_PATH");
                    });
        }
    }

    // ---- where plugins are looked for -------------------------------------------------------

    @Test
    void searchesTheDataHomeAndEveryDirectoryOfCreorPluginPathEachOnce() throws IOException {
        Path standard = home.resolve(".local/share/creor/plugins");
        Path first = plugins.resolve("first");
        Path second = plugins.resolve("second");
        Path missing = plugins.resolve("missing");
        goodJar(standard.resolve("good.jar"));
        secondJar(first.resolve("second.jar"));
        Files.createDirectories(second);
        Path third = PluginJars.jar(second.resolve("third.jar"))
                .classes(classes, PACKAGE + "ThirdFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "ThirdFactory")
                .write();
        Files.writeString(second.resolve("notes.txt"), "not a jar, so not looked at");
        Path aFile = second.resolve("notes.txt");

        String pluginPath = String.join(File.pathSeparator, first.toString(), "", second.toString(),
                missing.toString(), first + "/../first", aFile.toString(), standard.toString());
        try (DiscoveredProviders discovered = ProviderDiscovery.builder(
                Environment.of(Map.of("CREOR_PLUGIN_PATH", pluginPath)), home).build().discover()) {
            assertThat(discovered.pluginDirectories()).containsExactly(standard, first, second, missing, aFile);
            assertThat(ids(discovered.providers())).contains("good", "second", "third");
            assertThat(discovered.require("third").origin()).isEqualTo(Origin.jar(third));
            assertThat(discovered.problems()).containsExactly(
                    PluginProblem.of(Severity.WARNING, new Origin.Setting("CREOR_PLUGIN_PATH"), "CREOR_PLUGIN_PATH lists "
                            + missing + ", which does not exist; create it, or remove it from CREOR_PLUGIN_PATH"),
                    PluginProblem.of(Severity.WARNING, new Origin.Setting("CREOR_PLUGIN_PATH"), "CREOR_PLUGIN_PATH lists "
                            + aFile + ", which is a file, not a directory; list the directory that holds the plugin "
                            + "jars instead"));
        }
    }

    @Test
    void takesTheDataHomeFromXdgDataHomeAndIgnoresARelativeOne() {
        Path dataHome = plugins.resolve("data");
        goodJar(dataHome.resolve("creor/plugins/good.jar"));

        try (DiscoveredProviders discovered = ProviderDiscovery.builder(
                Environment.of(Map.of("XDG_DATA_HOME", dataHome.toString())), home).build().discover()) {
            assertThat(discovered.pluginDirectories()).containsExactly(dataHome.resolve("creor/plugins"));
            assertThat(discovered.require("good").origin()).isEqualTo(Origin.jar(dataHome.resolve("creor/plugins/good.jar")));
        }
        try (DiscoveredProviders discovered = ProviderDiscovery.builder(
                Environment.of(Map.of("XDG_DATA_HOME", "relative/data")), home).build().discover()) {
            assertThat(discovered.pluginDirectories()).containsExactly(home.resolve(".local/share/creor/plugins"));
            assertThat(discovered.problems()).containsExactly(PluginProblem.of(Severity.WARNING,
                    new Origin.Setting("XDG_DATA_HOME"), "XDG_DATA_HOME is \"relative/data\", which is not an absolute "
                            + "path, so it is ignored (as the XDG base directory specification requires) and "
                            + home.resolve(".local/share") + " is used instead"));
        }
    }

    @Test
    void expandsATildeInCreorPluginPathToTheHomeDirectory() {
        goodJar(home.resolve("my-plugins/good.jar"));

        try (DiscoveredProviders discovered = ProviderDiscovery.builder(
                Environment.of(Map.of("CREOR_PLUGIN_PATH", "~/my-plugins")), home).build().discover()) {
            assertThat(discovered.pluginDirectories()).contains(home.resolve("my-plugins"));
            assertThat(discovered.provider("good")).isPresent();
        }
    }

    // ---- creating providers -----------------------------------------------------------------

    @Test
    void aFactoryThatFailsToCreateItsProviderBecomesAPluginError() {
        Path jar = PluginJars.jar(plugins.resolve("failing.jar"))
                .classes(classes, PACKAGE + "FailingCreateFactory", PACKAGE + "NullCreateFactory",
                        PACKAGE + "ConfigRejectingFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "FailingCreateFactory", PACKAGE + "NullCreateFactory", PACKAGE + "ConfigRejectingFactory")
                .write();

        try (DiscoveredProviders discovered = discover(plugins)) {
            assertThatThrownBy(() -> create(discovered, "failing-create"))
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.PLUGIN_INVALID);
                        assertThat(error.getMessage()).isEqualTo("provider \"failing-create\" (" + PACKAGE
                                + "FailingCreateFactory, " + jar + ") failed to start: IllegalStateException: create exploded");
                        assertThat(error.getCause()).hasMessage("create exploded");
                    });
            assertThatThrownBy(() -> create(discovered, "null-create"))
                    .isInstanceOf(CreorException.class)
                    .hasMessage("provider \"null-create\" (" + PACKAGE + "NullCreateFactory, " + jar
                            + ") failed to start: its factory returned no provider (null)");
            assertThatThrownBy(() -> create(discovered, "rejecting"))
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                        assertThat(error.getMessage()).isEqualTo("provider.rejecting.options.colour must be a colour");
                    });
            assertThatThrownBy(() -> discovered.require("rejecting").create(ProviderSettings.builder("other").build(),
                    context()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("settings of provider \"other\" given to provider \"rejecting\"");
        }
    }

    // ---- resources --------------------------------------------------------------------------

    @Test
    void closingReleasesThePluginJars() throws IOException {
        Path good = goodJar(plugins.resolve("good.jar"));
        Path broken = PluginJars.jar(plugins.resolve("broken.jar"))
                .classes(classes, PACKAGE + "ThrowingIdFactory")
                .service(PACKAGE + "ThrowingIdFactory")
                .write();

        DiscoveredProviders discovered = discover(plugins);
        ClassLoader pluginLoader = discovered.require("good").factory().getClass().getClassLoader();
        assertThat(pluginLoader.getResource(ProviderFactoryLoader.SERVICE_FILE)).isNotNull();
        assertThat(openFiles()).doesNotContain(broken);

        discovered.close();
        discovered.close();

        assertThat(pluginLoader.getResource(ProviderFactoryLoader.SERVICE_FILE)).isNull();
        assertThat(openFiles()).doesNotContain(good, broken);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** Makes a broken jar at the given path. */
    @FunctionalInterface
    interface JarMaker {
        void make(Path jar);
    }

    /** The message pattern expected for a jar at the given path. */
    @FunctionalInterface
    interface Expected {
        String pattern(Path jar);
    }

    private static Arguments broken(String name, JarMaker maker, Expected expected) {
        return Arguments.of(name, maker, expected);
    }

    private static Arguments brokenFactory(String factory, java.util.function.Function<Path, String> message) {
        return broken(factory, jar -> PluginJars.jar(jar)
                        .classes(classes, PACKAGE + factory, PACKAGE + "FixedProvider")
                        .service(PACKAGE + factory)
                        .write(),
                jar -> quote(message.apply(jar)));
    }

    private static String quote(String text) {
        return java.util.regex.Pattern.quote(text);
    }

    private static void writeBytes(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException error) {
            throw new java.io.UncheckedIOException(error);
        }
    }

    private static Path goodJar(Path jar) {
        return PluginJars.jar(jar)
                .classes(classes, PACKAGE + "GoodFactory", PACKAGE + "FixedProvider")
                .service("# the good one", PACKAGE + "GoodFactory  # trailing comment")
                .write();
    }

    private static Path secondJar(Path jar) {
        return PluginJars.jar(jar)
                .classes(classes, PACKAGE + "SecondFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "SecondFactory")
                .write();
    }

    private Environment environment(Path... pluginDirectories) {
        Map<String, String> variables = new HashMap<>();
        variables.put("CREOR_PLUGIN_PATH", Arrays.stream(pluginDirectories).map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)));
        return Environment.of(variables);
    }

    private DiscoveredProviders discover(Path... pluginDirectories) {
        return ProviderDiscovery.builder(environment(pluginDirectories), home).hostClassLoader(WITHOUT_BUILT_INS)
                .build().discover();
    }

    private DiscoveredProviders discoverWith(Set<String> enabled, Set<String> disabled) {
        return ProviderDiscovery.builder(environment(plugins), home)
                .hostClassLoader(WITHOUT_BUILT_INS)
                .enabledProviders(enabled)
                .disabledProviders(disabled)
                .build()
                .discover();
    }

    private static List<String> ids(List<DiscoveredProvider> providers) {
        return providers.stream().map(DiscoveredProvider::id).toList();
    }

    private Provider create(DiscoveredProviders discovered, String id) {
        return discovered.require(id).create(ProviderSettings.builder(id).build(), context());
    }

    private ProviderContext context() {
        return ProviderContext.builder(Scheduler.using(timers, Clock.systemUTC()), Runnable::run,
                home.resolve("cache")).build();
    }

    private static ChatRequest request(String model) {
        return ChatRequest.builder().model(ModelRef.parse(model)).addMessage(Message.user("hello")).build();
    }

    private static List<Path> openFiles() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd (Linux)");
        try (Stream<Path> links = Files.list(fds)) {
            return links.map(link -> {
                try {
                    return Files.readSymbolicLink(link);
                } catch (IOException gone) {
                    return null;
                }
            }).filter(java.util.Objects::nonNull).toList();
        }
    }
}
