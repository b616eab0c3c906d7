package dev.creor.runtime.internal.plugins;

import static dev.creor.runtime.internal.plugins.PluginFixtures.PACKAGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.Environment;
import dev.creor.runtime.Creor;
import dev.creor.runtime.PluginIssue;
import dev.creor.runtime.internal.plugins.PluginProblem.Severity;
import dev.creor.spi.ProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin jar built for another SPI than this Creor's is refused from its manifest, before any
 * of its classes is loaded, with one line naming the jar; the plugins beside it still load. The
 * old plugin is real: compiled against the SPI 1 sources, with a factory that implements the
 * {@code sandbox()} SPI 2 removed.
 */
class SpiVersionTest {
    private static final int SPEAKS = ProviderFactory.spiVersion();
    private static final String REBUILD = ": rebuild it against creor-provider-spi "
            + ProviderFactory.spiArtifactVersion() + " (docs/writing-a-provider.md#what-changed-in-spi-" + SPEAKS + ")";

    @TempDir
    static Path build;
    private static Path classes;
    private static Path spi1Jar;

    @TempDir
    Path home;
    @TempDir
    Path plugins;

    @BeforeAll
    static void buildThePlugins() {
        classes = PluginFixtures.compileAll(build.resolve("classes"));
        spi1Jar = Spi1PluginJar.build(build, build.resolve("creor-provider-legacy.jar"));
    }

    @Test
    void theGuideSaysWhatChangedInTheSpiThisCreorSpeaks() throws Exception {
        String guide = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("docs/writing-a-provider.md"));
        assertThat(guide).as("the section every refusal links to").contains("\n## What changed in SPI " + SPEAKS + "\n");
    }

    @Test
    void aJarBuiltForSpi1IsRefusedInOneLineAndTheCurrentPluginBesideItLoads() throws Exception {
        Path old = Files.copy(spi1Jar, plugins.resolve("creor-provider-legacy.jar"));
        goodJar(plugins.resolve("good.jar"));

        try (DiscoveredProviders discovered = discover()) {
            assertThat(discovered.providers()).extracting(DiscoveredProvider::id).containsExactly("good");
            assertThat(discovered.require("good").spiVersion()).isEqualTo(SPEAKS);
            assertThat(discovered.problems()).containsExactly(PluginProblem.of(Severity.ERROR, Origin.jar(old),
                    "plugin jar " + old + ": built for SPI 1 (its manifest declares no Creor-SPI-Version); "
                            + "this Creor speaks SPI " + SPEAKS + REBUILD));
        }
    }

    @Test
    void theFacadeReportsTheSameLine() throws Exception {
        Path old = Files.copy(spi1Jar, plugins.resolve("creor-provider-legacy.jar"));
        goodJar(plugins.resolve("good.jar"));

        try (Creor creor = Creor.builder().workingDirectory(home).homeDirectory(home).environment(Map.of())
                .pluginDirectories(List.of(plugins)).build()) {
            assertThat(creor.pluginProblems()).map(PluginIssue::toString).containsExactly("error: plugin jar " + old + ": built for SPI 1 (its "
                    + "manifest declares no Creor-SPI-Version); this Creor speaks SPI " + SPEAKS + REBUILD);
            assertThat(creor.providers()).anySatisfy(provider -> {
                assertThat(provider.id()).isEqualTo("good");
                assertThat(provider.spiVersion()).isEqualTo(SPEAKS);
            }).noneSatisfy(provider -> assertThat(provider.id()).isEqualTo(Spi1PluginJar.PROVIDER_ID));
        }
    }

    @Test
    void aJarDeclaringANewerSpiIsRefusedInOneLine() {
        Path newer = goodJar(PluginJars.jar(plugins.resolve("newer.jar")).declaringSpiVersion(String.valueOf(SPEAKS + 1)));
        goodJar(plugins.resolve("good.jar"));

        try (DiscoveredProviders discovered = discover()) {
            assertThat(discovered.providers()).extracting(DiscoveredProvider::id).containsExactly("good");
            assertThat(discovered.problems()).containsExactly(PluginProblem.of(Severity.ERROR, Origin.jar(newer),
                    "plugin jar " + newer + ": built for SPI " + (SPEAKS + 1) + "; this Creor speaks SPI " + SPEAKS
                            + ": upgrade Creor to one that speaks SPI " + (SPEAKS + 1)
                            + ", or get a build of the plugin made for SPI " + SPEAKS));
        }
    }

    @Test
    void aJarDeclaringAnOlderSpiIsRefusedInOneLine() {
        Path older = goodJar(PluginJars.jar(plugins.resolve("older.jar")).declaringSpiVersion("1"));

        try (DiscoveredProviders discovered = discover()) {
            assertThat(discovered.providers()).isEmpty();
            assertThat(discovered.problems()).containsExactly(PluginProblem.of(Severity.ERROR, Origin.jar(older),
                    "plugin jar " + older + ": built for SPI 1; this Creor speaks SPI " + SPEAKS + REBUILD));
        }
    }

    @Test
    void aDeclarationThatIsNoVersionIsRefusedInOneLine() {
        Path odd = goodJar(PluginJars.jar(plugins.resolve("odd.jar")).declaringSpiVersion("two"));

        try (DiscoveredProviders discovered = discover()) {
            assertThat(discovered.providers()).isEmpty();
            assertThat(discovered.problems()).containsExactly(PluginProblem.of(Severity.ERROR, Origin.jar(odd),
                    "plugin jar " + odd + ": its manifest's Creor-SPI-Version is \"two\", not an SPI version (a whole "
                            + "number such as " + SPEAKS + "); this Creor speaks SPI " + SPEAKS + REBUILD));
        }
    }

    @Test
    void anSpi1JarClaimingThisSpiStillFailsInOneLineSayingItWasBuiltForAnotherSpi() {
        Path lying = Spi1PluginJar.buildClaiming(build, plugins.resolve("lying.jar"), String.valueOf(SPEAKS));
        goodJar(plugins.resolve("good.jar"));

        try (DiscoveredProviders discovered = discover()) {
            assertThat(discovered.providers()).extracting(DiscoveredProvider::id).containsExactly("good");
            assertThat(discovered.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
                    .startsWith("provider \"legacy\" (com.example.legacy.LegacyProviderFactory in plugin jar " + lying
                            + ") failed in descriptor(): it was built for another SPI (NoSuchMethodError: ")
                    .contains("spiVersion(int)")
                    .endsWith("rebuild it against creor-provider-spi " + ProviderFactory.spiArtifactVersion() + " (SPI "
                            + SPEAKS + "), or get a build of it made for this Creor"));
        }
    }

    @Test
    void aRefusedJarRunsNoCodeNotEvenItsStaticInitialiser() {
        // Were the class loaded, its static initialiser would throw and the problem would say so.
        Path old = PluginJars.jar(plugins.resolve("old.jar")).declaringNoSpiVersion()
                .classes(classes, PACKAGE + "ThrowingStaticInitFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "ThrowingStaticInitFactory")
                .write();

        try (DiscoveredProviders discovered = discover()) {
            assertThat(discovered.problems()).singleElement()
                    .satisfies(problem -> assertThat(problem.message()).startsWith("plugin jar " + old
                            + ": built for SPI 1").doesNotContain("static initialiser exploded"));
        }
    }

    private static Path goodJar(Path jar) {
        return goodJar(PluginJars.jar(jar));
    }

    private static Path goodJar(PluginJars.Builder jar) {
        return jar.classes(classes, PACKAGE + "GoodFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "GoodFactory")
                .write();
    }

    private DiscoveredProviders discover() {
        return ProviderDiscovery.builder(Environment.of(Map.of("CREOR_PLUGIN_PATH", plugins.toString())), home)
                .hostClassLoader(ProviderDiscoveryTest.WITHOUT_BUILT_INS).build().discover();
    }
}
