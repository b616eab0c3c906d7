package dev.creor.runtime.internal.wiring;

import dev.creor.config.CreorConfig;
import dev.creor.config.ProviderConfig;
import dev.creor.config.TimeLimit;
import dev.creor.core.Environment;
import dev.creor.core.Scheduler;
import dev.creor.provider.kit.VertxProviderKit;
import dev.creor.runtime.internal.credentials.CredentialResolver;
import dev.creor.runtime.internal.credentials.ResolvedCredential;
import dev.creor.runtime.internal.logging.Redaction;
import dev.creor.runtime.internal.plugins.DiscoveredProvider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderSettings;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Builds one provider's handle from the runtime's shared pieces. A class of its own, not nested in
 * {@link ProvidersModule}: the agents' offline check ({@link OfflineAgentChecks}) builds handles
 * too, and a nested class's lambdas would load the module, and Guice with it.
 */
final class ProviderHandles {
    private final CreorConfig config;
    private final CredentialResolver credentials;
    private final Scheduler scheduler;
    private final ExecutorService blockingExecutor;
    private final Vertx vertx;
    private final Path cacheRoot;
    private final String userAgent;

    @Inject
    ProviderHandles(CreorConfig config, CredentialResolver credentials, Scheduler scheduler,
                    ExecutorService blockingExecutor, Vertx vertx, RuntimeOptions options, Environment environment) {
        this.config = config;
        this.credentials = credentials;
        this.scheduler = scheduler;
        this.blockingExecutor = blockingExecutor;
        this.vertx = vertx;
        this.cacheRoot = cacheRoot(environment, options.homeDirectory());
        this.userAgent = options.userAgent();
    }

    ProviderHandle create(DiscoveredProvider provider) {
        ResolvedCredential credential = credentials.resolve(provider.id(), provider.descriptor());
        credential.secret().ifPresent(Redaction::register);
        ProviderSettings settings = settings(provider.id(), config.provider(provider.id()), credential);
        ProviderContext context = ProviderContext.builder(scheduler, blockingExecutor, cacheRoot.resolve(provider.id()))
                .logger(System.getLogger("dev.creor.provider." + provider.id()))
                .userAgent(userAgent)
                .sharedResource(Vertx.class, vertx)
                .kit(new VertxProviderKit(vertx, userAgent, scheduler.clock()))
                .build();
        return new ProviderHandle(provider, credential, settings, context);
    }

    static ProviderSettings settings(String id, Optional<ProviderConfig> section, ResolvedCredential credential) {
        ProviderSettings.Builder settings = ProviderSettings.builder(id);
        credential.secret().ifPresent(settings::credential);
        section.ifPresent(provider -> {
            Map<String, Object> options = new LinkedHashMap<>(provider.options());
            // The credential arrives resolved (config, environment or store); one source is enough.
            options.remove("apiKey");
            settings.options(options)
                    .routing(provider.routing())
                    .modelFilter(provider.modelFilter());
            provider.connectTimeout().ifPresent(settings::connectTimeout);
            provider.chunkTimeout().ifPresent(settings::chunkTimeout);
            provider.timeout().ifPresent(limit -> applyTotal(settings, limit));
        });
        return settings.build();
    }

    private static void applyTotal(ProviderSettings.Builder settings, TimeLimit limit) {
        limit.duration().ifPresentOrElse(settings::totalTimeout, settings::noTotalTimeout);
    }

    /** {@code $XDG_CACHE_HOME/creor}, or {@code ~/.cache/creor}. */
    static Path cacheRoot(Environment environment, Path home) {
        return environment.get("XDG_CACHE_HOME").map(Path::of).filter(Path::isAbsolute)
                .orElse(home.resolve(".cache")).resolve("creor");
    }
}
