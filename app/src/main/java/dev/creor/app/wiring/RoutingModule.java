package dev.creor.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.creor.config.CreorConfig;
import dev.creor.config.ProviderConfig;
import dev.creor.core.Scheduler;
import dev.creor.core.routing.CircuitBreakerPolicy;
import dev.creor.core.routing.ConcurrencyLimit;
import dev.creor.core.routing.ModelRouter;
import dev.creor.core.routing.RetryPolicy;
import dev.creor.core.routing.RouteTarget;
import dev.creor.spi.Capability;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;

/**
 * The router in front of every enabled provider, with each provider's retry policy, circuit
 * breaker, concurrency limit and model filter from its config section (defaults otherwise).
 */
final class RoutingModule extends AbstractModule {
    /** The queue behind a concurrency limit when the config sets {@code maxConcurrent} only. */
    static final int DEFAULT_MAX_QUEUED = 1000;

    @Provides
    @Singleton
    ModelRouter router(Scheduler scheduler, Map<String, ProviderHandle> providers, CreorConfig config) {
        ModelRouter.Builder router = ModelRouter.builder(scheduler);
        providers.forEach((id, handle) -> router.provider(id,
                target(handle, config.provider(id)).build()));
        return router.build();
    }

    static RouteTarget.Builder target(ProviderHandle handle, Optional<ProviderConfig> section) {
        RouteTarget.Builder target = RouteTarget.builder(handle.chatModel())
                .nativeFallbacks(handle.descriptor().has(Capability.NATIVE_FALLBACKS))
                .modelFilter(handle.settings().modelFilter());
        section.ifPresent(provider -> {
            target.retryPolicy(retryPolicy(provider));
            target.circuitBreaker(circuitBreaker(provider));
            concurrencyLimit(provider).ifPresent(target::concurrencyLimit);
        });
        return target;
    }

    static RetryPolicy retryPolicy(ProviderConfig provider) {
        RetryPolicy policy = RetryPolicy.defaults();
        if (provider.retry().isEmpty()) {
            return policy;
        }
        var retry = provider.retry().get();
        if (retry.maxAttempts().isPresent()) {
            policy = policy.withMaxAttempts(retry.maxAttempts().getAsInt());
        }
        policy = retry.initialBackoff().map(policy::withInitialBackoff).orElse(policy);
        policy = retry.maxBackoff().map(policy::withMaxBackoff).orElse(policy);
        return retry.maxRetryAfter().map(policy::withMaxRetryAfter).orElse(policy);
    }

    static CircuitBreakerPolicy circuitBreaker(ProviderConfig provider) {
        CircuitBreakerPolicy policy = CircuitBreakerPolicy.defaults();
        if (provider.circuitBreaker().isEmpty()) {
            return policy;
        }
        var breaker = provider.circuitBreaker().get();
        if (breaker.failureThreshold().isPresent()) {
            policy = policy.withFailureThreshold(breaker.failureThreshold().getAsInt());
        }
        return breaker.cooldown().map(policy::withCooldown).orElse(policy);
    }

    static Optional<ConcurrencyLimit> concurrencyLimit(ProviderConfig provider) {
        return provider.concurrency()
                .filter(limit -> limit.maxConcurrent().isPresent())
                .map(limit -> new ConcurrencyLimit(limit.maxConcurrent().getAsInt(),
                        limit.maxQueued().orElse(DEFAULT_MAX_QUEUED)));
    }
}
