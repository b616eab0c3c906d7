package com.example.legacy;

import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderDescriptor;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import dev.creor.spi.RunningSandbox;
import dev.creor.spi.SandboxLauncher;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A plugin as its author wrote it for SPI 1: it records the SPI version in its descriptor (the
 * SPI 1 way) and offers an offline double through ProviderFactory.sandbox(), which SPI 2 removed.
 */
public final class LegacyProviderFactory implements ProviderFactory {
    public LegacyProviderFactory() {
    }

    @Override
    public String id() {
        return "legacy";
    }

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.builder("Legacy")
                .spiVersion(ProviderDescriptor.CURRENT_SPI_VERSION)
                .requiresCredential(false)
                .build();
    }

    @Override
    public Provider create(ProviderSettings settings, ProviderContext context) {
        return new LegacyProvider();
    }

    @Override
    public Optional<SandboxLauncher> sandbox() {
        return Optional.of(options -> CompletableFuture.<RunningSandbox>failedFuture(
                new UnsupportedOperationException("the legacy double listens on port " + options.port())));
    }
}
