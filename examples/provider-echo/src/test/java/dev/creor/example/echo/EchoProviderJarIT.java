package dev.creor.example.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The contract suite run by failsafe, from the packaged jar, so that its
 * {@code jarDeclaresItsSpiVersion} test reads the jar's manifest instead of being skipped.
 */
class EchoProviderJarIT extends EchoProviderContractTest {
    @Test
    void runsFromThePackagedJar() throws Exception {
        Path location = Path.of(EchoProviderFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        assertThat(Files.isRegularFile(location)).as("%s is the packaged jar", location).isTrue();
    }
}
