package dev.creor.spi.archfixture;

import dev.creor.runtime.CreorVersion;

/** Deliberately breaks "the SPI depends on core only". */
public final class SpiUsingApp {
    private SpiUsingApp() {
    }

    static String version() {
        return CreorVersion.version();
    }
}
