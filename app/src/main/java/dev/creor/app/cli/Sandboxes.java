package dev.creor.app.cli;

import dev.creor.app.plugins.DiscoveredProvider;
import dev.creor.app.plugins.DiscoveredProviders;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Suggestions;
import dev.creor.spi.RunningSandbox;
import dev.creor.spi.SandboxLauncher;
import dev.creor.spi.SandboxOptions;
import java.util.List;
import java.util.concurrent.ExecutionException;

/** Finds a provider that ships an offline sandbox, and starts it. */
final class Sandboxes {
    private Sandboxes() {
    }

    /** The providers that ship a sandbox, by id. */
    static List<DiscoveredProvider> withSandbox(DiscoveredProviders providers) {
        return providers.providers().stream().filter(provider -> provider.factory().sandbox().isPresent()).toList();
    }

    /** The named provider's sandbox launcher; {@code openrouter}'s when none is named and it has one. */
    static DiscoveredProvider choose(DiscoveredProviders providers, String wanted) {
        List<DiscoveredProvider> offering = withSandbox(providers);
        List<String> ids = offering.stream().map(DiscoveredProvider::id).toList();
        if (offering.isEmpty()) {
            throw CreorException.of(ErrorCode.USAGE, "no installed provider ships a sandbox");
        }
        String id = wanted != null ? wanted : ids.contains("openrouter") ? "openrouter" : ids.get(0);
        return offering.stream().filter(provider -> provider.id().equals(id)).findFirst()
                .orElseThrow(() -> CreorException.builder(ErrorCode.USAGE, "provider \"" + id + "\" ships no sandbox"
                        + Suggestions.didYouMean(id, ids)).hint("sandboxes: " + String.join(", ", ids)).build());
    }

    /** Starts the provider's sandbox and waits until it listens. */
    static RunningSandbox start(DiscoveredProvider provider, SandboxOptions options) throws InterruptedException {
        SandboxLauncher launcher = provider.factory().sandbox().orElseThrow();
        try {
            return launcher.start(options).toCompletableFuture().get();
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            throw cause instanceof CreorException creor ? creor
                    : CreorException.builder(ErrorCode.IO_ERROR, "the " + provider.id() + " sandbox did not start: "
                    + cause).cause(cause).build();
        }
    }
}
