package dev.creor.config.archfixture;

import dev.creor.provider.archfixture.ProviderUsingApp;

/** Deliberately breaks "config knows no provider". */
public final class ConfigUsingAProvider {
    private ConfigUsingAProvider() {
    }

    static Class<?> provider() {
        return ProviderUsingApp.class;
    }
}
