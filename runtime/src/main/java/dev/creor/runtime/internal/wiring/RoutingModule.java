package dev.creor.runtime.internal.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.creor.config.CreorConfig;
import dev.creor.config.Provenance;
import dev.creor.config.ProviderConfig;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Scheduler;
import dev.creor.core.routing.CircuitBreakerPolicy;
import dev.creor.core.routing.ConcurrencyLimit;
import dev.creor.core.routing.ModelRouter;
import dev.creor.core.routing.RetryPolicy;
import dev.creor.core.routing.RouteTarget;
import dev.creor.spi.Capability;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The router in front of every enabled provider, with each provider's retry policy, circuit
 * breaker, concurrency limit, model filter and total timeout from its config section (defaults
 * otherwise).
 */
final class RoutingModule extends AbstractModule {
    /** The queue behind a concurrency limit when the config sets {@code maxConcurrent} only. */
    static final int DEFAULT_MAX_QUEUED = 1000;

    @Provides
    @Singleton
    ModelRouter router(Scheduler scheduler, Map<String, ProviderHandle> providers, CreorConfig config) {
        ModelRouter.Builder router = ModelRouter.builder(scheduler);
        providers.forEach((id, handle) -> router.provider(id,
                target(handle, config.provider(id), config.provenance()).build()));
        return router.build();
    }

    static RouteTarget.Builder target(ProviderHandle handle, Optional<ProviderConfig> section, Provenance provenance) {
        RouteTarget.Builder target = RouteTarget.builder(handle.chatModel())
                .nativeFallbacks(handle.descriptor().has(Capability.NATIVE_FALLBACKS))
                .modelFilter(handle.settings().modelFilter());
        // The provider enforces its timeout per attempt; the router holds the whole request to it.
        handle.settings().totalTimeout().ifPresent(target::totalTimeout);
        section.ifPresent(provider -> {
            target.retryPolicy(retryPolicy(provider, provenance));
            target.circuitBreaker(circuitBreaker(provider));
            concurrencyLimit(provider).ifPresent(target::concurrencyLimit);
        });
        return target;
    }

    /**
     * The provider's retry policy: its {@code retry} settings over the defaults. Config checks
     * {@code initialBackoffMs <= maxBackoffMs} when both are set; one set against the other's
     * default is checked here, with where it was written.
     */
    static RetryPolicy retryPolicy(ProviderConfig provider, Provenance provenance) {
        if (provider.retry().isEmpty()) {
            return RetryPolicy.defaults();
        }
        var retry = provider.retry().get();
        Duration initial = retry.initialBackoff().orElse(RetryPolicy.DEFAULT_INITIAL_BACKOFF);
        Duration max = retry.maxBackoff().orElse(RetryPolicy.DEFAULT_MAX_BACKOFF);
        if (initial.compareTo(max) > 0) {
            String pointer = "/provider/" + provider.id() + "/retry/"
                    + (retry.initialBackoff().isPresent() ? "initialBackoffMs" : "maxBackoffMs");
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, provenance.describe(pointer) + ": " + pointer
                            + ": the initial back-off (" + initial.toMillis() + " ms) exceeds the longest back-off ("
                            + max.toMillis() + " ms" + (retry.maxBackoff().isPresent() ? "" : ", the default") + ")")
                    .hint("set maxBackoffMs to at least initialBackoffMs").build();
        }
        return new RetryPolicy(retry.maxAttempts().orElse(RetryPolicy.DEFAULT_MAX_ATTEMPTS), initial, max,
                retry.maxRetryAfter().orElse(RetryPolicy.DEFAULT_MAX_RETRY_AFTER));
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
