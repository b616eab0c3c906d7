package dev.creor.provider.archfixture;

import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;

/** Deliberately breaks "only the cli and the benchmarks start the sandbox". */
public final class ProviderShippingTheSandbox {
    private ProviderShippingTheSandbox() {
    }

    static OpenRouterSandbox offlineDouble() {
        return OpenRouterSandbox.start();
    }
}
