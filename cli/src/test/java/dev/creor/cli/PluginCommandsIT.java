package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.runtime.internal.plugins.EchoPluginJar;
import dev.creor.runtime.internal.plugins.Spi1PluginJar;
import dev.creor.spi.ProviderFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider SPI end to end (issue 6): the echo example, built into a jar from its sources and
 * dropped into a directory of {@code CREOR_PLUGIN_PATH}, is listed by {@code creor providers} and
 * answers {@code creor run}; a broken jar beside it is reported by name and breaks nothing else.
 */
class PluginCommandsIT {
    @TempDir
    static Path build;
    private static Path echoJar;
    private static Path spi1Jar;
    private static Path spi3Jar;

    @TempDir
    Path home;
    @TempDir
    Path plugins;

    @BeforeAll
    static void buildTheEchoJar() {
        echoJar = EchoPluginJar.build(build, build.resolve("creor-provider-echo.jar"));
        spi1Jar = Spi1PluginJar.build(build, build.resolve("creor-provider-legacy.jar"));
        spi3Jar = EchoPluginJar.build(build.resolve("future"), build.resolve("creor-provider-echo-spi3.jar"),
                String.valueOf(ProviderFactory.spiVersion() + 1));
    }

    private CreorProcess creor() {
        return CreorProcess.inHome(home).env("CREOR_PLUGIN_PATH", plugins.toString());
    }

    /** A jar built for this SPI whose service file names a class it does not contain. */
    private Path brokenJar() throws IOException {
        Path jar = plugins.resolve("creor-provider-broken.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(ProviderFactory.SPI_VERSION_ATTRIBUTE,
                String.valueOf(ProviderFactory.spiVersion()));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("META-INF/services/dev.creor.spi.ProviderFactory"));
            out.write("com.example.broken.MissingProviderFactory\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void theDroppedInEchoJarIsListedWithItsPathAndAnswers() throws IOException {
        Path jar = Files.copy(echoJar, plugins.resolve("creor-provider-echo.jar"));

        CreorProcess.Result providers = creor().run("providers");
        CreorProcess.Result json = creor().run("providers", "--json");
        CreorProcess.Result run = creor().run("run", "--model", "echo/any", "hello world");

        assertThat(providers.exitCode()).as(providers.toString()).isZero();
        assertThat(providers.stderr()).isEmpty();
        assertThat(providers.stdout().lines())
                .anySatisfy(line -> assertThat(line).startsWith("echo ").contains("  " + jar + "  ", "  enabled  ",
                        "  not needed"))
                .anySatisfy(line -> assertThat(line).startsWith("openrouter ").contains("  built-in  "));
        assertThat(CliFixtures.jsonLines(json.stdout())).extracting(provider -> provider.get("origin").asText())
                .contains(jar.toString(), "built-in");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("hello world\n");
        assertThat(run.stderr()).startsWith("echo/any");
    }

    @Test
    void aBrokenJarIsNamedWithItsReasonAndEchoStillWorks() throws IOException {
        Files.copy(echoJar, plugins.resolve("creor-provider-echo.jar"));
        Path broken = brokenJar();

        CreorProcess.Result providers = creor().run("providers");
        CreorProcess.Result json = creor().run("providers", "--json");
        CreorProcess.Result run = creor().run("run", "--model", "echo/any", "hello world");
        CreorProcess.Result doctor = creor().env("CREOR_CONFIG_CONTENT", "{\"disabled_providers\": [\"openrouter\"]}")
                .run("doctor");

        assertThat(providers.exitCode()).as(providers.toString()).isEqualTo(2);
        assertThat(providers.stdout().lines()).anySatisfy(line -> assertThat(line).startsWith("echo "));
        assertThat(providers.stderr().lines()).singleElement().asString()
                .startsWith("creor: error: ").contains(broken.toString(), "com.example.broken.MissingProviderFactory");
        List<JsonNode> listed = CliFixtures.jsonLines(json.stdout());
        assertThat(listed).anySatisfy(problem -> {
            assertThat(problem.path("severity").asText()).isEqualTo("error");
            assertThat(problem.path("origin").asText()).isEqualTo(broken.toString());
        });
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("hello world\n");
        assertThat(doctor.exitCode()).as(doctor.toString()).isEqualTo(2);
        assertThat(doctor.stdout()).startsWith("fail plugins  error: plugin jar " + broken + ": ")
                .contains("ok   echo     needs no key");
    }

    @Test
    void jarsBuiltForAnotherSpiAreRefusedInOneLineEachAndEchoStillWorks() throws IOException {
        int speaks = ProviderFactory.spiVersion();
        Files.copy(echoJar, plugins.resolve("creor-provider-echo.jar"));
        Path old = Files.copy(spi1Jar, plugins.resolve("creor-provider-legacy.jar"));
        Path newer = Files.copy(spi3Jar, plugins.resolve("creor-provider-zz-newer.jar"));

        CreorProcess.Result providers = creor().run("providers");
        CreorProcess.Result run = creor().run("run", "--model", "echo/any", "hello world");

        assertThat(providers.exitCode()).as(providers.toString()).isEqualTo(2);
        assertThat(providers.stdout().lines()).anySatisfy(line -> assertThat(line).startsWith("echo ")
                        .contains("  " + plugins.resolve("creor-provider-echo.jar") + "  "))
                .noneSatisfy(line -> assertThat(line).startsWith(Spi1PluginJar.PROVIDER_ID + " "));
        assertThat(providers.stderr().lines()).containsExactly(
                "creor: error: plugin jar " + old + ": built for SPI 1 (its manifest declares no Creor-SPI-Version); "
                        + "this Creor speaks SPI " + speaks + ": rebuild it against creor-provider-spi "
                        + ProviderFactory.spiArtifactVersion() + " (docs/writing-a-provider.md#what-changed-in-spi-"
                        + speaks + ")",
                "creor: error: plugin jar " + newer + ": built for SPI " + (speaks + 1) + "; this Creor speaks SPI "
                        + speaks + ": upgrade Creor to one that speaks SPI " + (speaks + 1)
                        + ", or get a build of the plugin made for SPI " + speaks);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).isEqualTo("hello world\n");
    }
}
