package dev.creor.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the build recorded about this SPI: its version (the parent pom's
 * {@code creor.spi.version}, the one place it is written) and the artifact version that carries it.
 * Read from a resource so that a version bump is one edit of the pom, not a pom and a constant
 * that could disagree.
 */
final class SpiBuild {
    static final int VERSION;
    static final String ARTIFACT_VERSION;

    static {
        Properties properties = new Properties();
        try (InputStream in = SpiBuild.class.getResourceAsStream("spi.properties")) {
            if (in == null) {
                throw new IllegalStateException("dev/creor/spi/spi.properties is missing from the build of "
                        + "creor-provider-spi");
            }
            properties.load(in);
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
        VERSION = Integer.parseInt(properties.getProperty("version").strip());
        ARTIFACT_VERSION = properties.getProperty("artifactVersion").strip();
    }

    private SpiBuild() {
    }
}
