package com.example.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The contract suite from the packaged jar, so that it also checks the jar's manifest. */
class AcmeProviderJarIT extends AcmeProviderContractTest {
    @Test
    void runsFromThePackagedJar() throws Exception {
        Path location = Path.of(AcmeProviderFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        assertThat(Files.isRegularFile(location)).as("%s is the packaged jar", location).isTrue();
    }
}
