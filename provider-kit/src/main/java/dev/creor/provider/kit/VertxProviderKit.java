package dev.creor.provider.kit;

import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderSettings;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Objects;

/**
 * The host's {@link ProviderContext.Kit}, on the host's Vert.x instance: every provider's HTTP client
 * shares its event loops, so a provider built on the kit starts no thread. The host creates one
 * per provider (with that provider's {@code User-Agent}) and passes it in the provider's context;
 * closing a provider closes the connections its clients pooled, and the host closes Vert.x.
 */
public final class VertxProviderKit implements ProviderContext.Kit {
    private final Vertx vertx;
    private final String userAgent;
    private final Clock clock;

    /** A kit on this Vert.x whose requests carry this {@code User-Agent} and read time from this clock. */
    public VertxProviderKit(Vertx vertx, String userAgent, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx is null");
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    @Override
    public Provider openAiCompatible(OpenAiCompatible service, ProviderSettings settings) {
        Objects.requireNonNull(service, "service is null");
        Objects.requireNonNull(settings, "settings is null");
        OpenAiCompatibleProvider.requireSafeTransport(service, settings.providerId());
        return new OpenAiCompatibleProvider(service, settings, new KitHttp(vertx, service.displayName(), settings,
                userAgent, clock));
    }

    @Override
    public Http http(String serviceName, ProviderSettings settings) {
        return new KitHttp(vertx, Objects.requireNonNull(serviceName, "serviceName is null"),
                Objects.requireNonNull(settings, "settings is null"), userAgent, clock);
    }
}
