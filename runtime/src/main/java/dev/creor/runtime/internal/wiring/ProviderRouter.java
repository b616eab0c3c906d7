package dev.creor.runtime.internal.wiring;

import dev.creor.config.CreorConfig;
import dev.creor.config.ProviderConfig;
import dev.creor.core.Scheduler;
import dev.creor.core.routing.ModelRouter;
import dev.creor.core.routing.RouteTarget;
import dev.creor.spi.Capability;
import java.util.Map;
import java.util.Optional;

/**
 * The router in front of every enabled provider, with each provider's retry policy, circuit
 * breaker, concurrency limit (as its config section built them, defaults otherwise), model
 * filter and total timeout. Outside {@link RoutingModule} so that the agents' offline check
 * ({@link OfflineAgentChecks}) builds the same router without loading Guice.
 */
final class ProviderRouter {
    private ProviderRouter() {
    }

    static ModelRouter build(Scheduler scheduler, Map<String, ProviderHandle> providers, CreorConfig config) {
        ModelRouter.Builder router = ModelRouter.builder(scheduler);
        providers.forEach((id, handle) -> router.provider(id, target(handle, config.provider(id)).build()));
        return router.build();
    }

    static RouteTarget.Builder target(ProviderHandle handle, Optional<ProviderConfig> section) {
        RouteTarget.Builder target = RouteTarget.builder(handle.chatModel())
                .nativeFallbacks(handle.descriptor().has(Capability.NATIVE_FALLBACKS))
                .modelFilter(handle.settings().modelFilter())
                .contextWindows(handle::contextWindow);
        // The provider enforces its timeout per attempt; the router holds the whole request to it.
        handle.settings().totalTimeout().ifPresent(target::totalTimeout);
        section.ifPresent(provider -> {
            target.retryPolicy(provider.retryPolicy());
            target.circuitBreaker(provider.circuitBreakerPolicy());
            provider.concurrencyLimit().ifPresent(target::concurrencyLimit);
        });
        return target;
    }
}
