package dev.creor.provider.archfixture;

import dev.creor.runtime.CreorVersion;

/** Deliberately breaks "providers stay behind the SPI". */
public final class ProviderUsingApp {
    private ProviderUsingApp() {
    }

    static String version() {
        return CreorVersion.version();
    }
}
