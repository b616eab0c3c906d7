package dev.creor.provider.openrouter.sandbox.archfixture;

import dev.creor.spi.ProviderFactory;

/** Deliberately breaks "the sandbox depends on core only". */
public final class SandboxUsingTheSpi {
    private SandboxUsingTheSpi() {
    }

    static int spiVersion() {
        return ProviderFactory.spiVersion();
    }
}
