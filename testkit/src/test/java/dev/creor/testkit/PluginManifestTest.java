package dev.creor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.spi.ProviderFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite's manifest check, on real jars. */
class PluginManifestTest {
    private static final String SPEAKS = String.valueOf(ProviderFactory.spiVersion());

    @TempDir
    Path directory;

    @Test
    void acceptsAJarDeclaringTheSpiItIsTestedAgainst() throws IOException {
        assertThat(PluginManifest.spiVersionProblem(jar(SPEAKS))).isEmpty();
    }

    @Test
    void refusesAJarThatDeclaresNothingAndSaysWhatToAddToThePom() throws IOException {
        Path jar = jar(null);

        assertThat(PluginManifest.spiVersionProblem(jar)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith(jar + " declares no Creor-SPI-Version in its manifest, so Creor takes it for a plugin "
                        + "built for SPI 1 and refuses it")
                .contains("<manifestEntries><Creor-SPI-Version>" + SPEAKS + "</Creor-SPI-Version></manifestEntries>"));
    }

    @Test
    void refusesAJarDeclaringAnotherSpi() throws IOException {
        Path jar = jar("1");

        assertThat(PluginManifest.spiVersionProblem(jar)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith(jar + " declares Creor-SPI-Version: 1, but it is compiled and tested against "
                        + "creor-provider-spi " + ProviderFactory.spiArtifactVersion() + ", which is SPI " + SPEAKS));
    }

    private Path jar(String declared) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (declared != null) {
            manifest.getMainAttributes().putValue(ProviderFactory.SPI_VERSION_ATTRIBUTE, declared);
        }
        Path jar = directory.resolve("plugin-" + declared + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}
