package dev.creor.testkit;

import dev.creor.spi.ProviderFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** What the contract suite checks in a plugin jar's manifest. */
final class PluginManifest {
    private PluginManifest() {
    }

    /**
     * Why the jar does not declare the SPI version of the {@code creor-provider-spi} it is tested
     * against, if it does not: the message says what to add to the pom.
     */
    static Optional<String> spiVersionProblem(Path jar) {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (IOException error) {
            throw new UncheckedIOException("cannot read " + jar, error);
        }
        String expected = String.valueOf(ProviderFactory.spiVersion());
        String declared = manifest == null ? null
                : manifest.getMainAttributes().getValue(ProviderFactory.SPI_VERSION_ATTRIBUTE);
        String fix = "; add <manifestEntries><" + ProviderFactory.SPI_VERSION_ATTRIBUTE + ">" + expected + "</"
                + ProviderFactory.SPI_VERSION_ATTRIBUTE + "></manifestEntries> to the maven-jar-plugin's "
                + "<archive> in your pom (see docs/writing-a-provider.md)";
        if (declared == null) {
            return Optional.of(jar + " declares no " + ProviderFactory.SPI_VERSION_ATTRIBUTE + " in its manifest, "
                    + "so Creor takes it for a plugin built for SPI 1 and refuses it" + fix);
        }
        if (!declared.strip().equals(expected)) {
            return Optional.of(jar + " declares " + ProviderFactory.SPI_VERSION_ATTRIBUTE + ": " + declared.strip()
                    + ", but it is compiled and tested against creor-provider-spi "
                    + ProviderFactory.spiArtifactVersion() + ", which is SPI " + expected + fix);
        }
        return Optional.empty();
    }
}
