package dev.creor.runtime.internal.plugins;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.runtime.internal.plugins.PluginCalls.Outcome;
import dev.creor.runtime.internal.plugins.PluginCalls.Returned;
import dev.creor.runtime.internal.plugins.PluginCalls.Threw;
import dev.creor.runtime.internal.plugins.PluginCalls.TimedOut;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderDescriptor;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider factory that discovery found and checked: its jar declares an SPI version this
 * Creor speaks, its id is valid and unique, its descriptor could be read and its config schema is JSON.
 *
 * <p>The descriptor is read once, at discovery, so showing it never runs plugin code again.
 * Create the provider with {@link #create}, which runs the factory on a thread of its own, within
 * the discovery's time limit, with the plugin's class loader as the thread's context class loader
 * (libraries such as Jackson look up their own extensions through it), and turns a factory that
 * breaks or blocks into a clear {@link CreorException}. The provider it returns is guarded the
 * same way: nothing its ports throw reaches the caller as anything but a failure naming the
 * provider and its jar.
 */
public final class DiscoveredProvider {
    private final String id;
    private final ProviderFactory factory;
    private final ProviderDescriptor descriptor;
    private final Origin origin;
    private final int spiVersion;
    private final Duration callTimeLimit;
    private String type;

    DiscoveredProvider(String id, ProviderFactory factory, ProviderDescriptor descriptor, Origin origin,
                       int spiVersion, Duration callTimeLimit) {
        this.id = Objects.requireNonNull(id, "id is null");
        this.factory = Objects.requireNonNull(factory, "factory is null");
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor is null");
        this.origin = Objects.requireNonNull(origin, "origin is null");
        this.spiVersion = spiVersion;
        this.callTimeLimit = Objects.requireNonNull(callTimeLimit, "callTimeLimit is null");
    }

    /**
     * The same factory serving a config section of the user's own name: {@code provider.ollama}
     * with {@code "type": "openai-compatible"} is this provider under the id {@code ollama}, with
     * that section's settings, credential and cache directory.
     */
    public DiscoveredProvider named(String name) {
        DiscoveredProvider endpoint = new DiscoveredProvider(name, factory, descriptor, origin, spiVersion, callTimeLimit);
        endpoint.type = id;
        return endpoint;
    }

    /**
     * The provider id a config section of the user's own name gave as its {@code type}
     * ({@code openai-compatible} for {@code provider.ollama}); empty for a provider under its own id.
     */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    /** The provider id, e.g. {@code openrouter}. */
    public String id() {
        return id;
    }

    /** The factory itself, e.g. to bind it by id in a dependency-injection map. */
    public ProviderFactory factory() {
        return factory;
    }

    /** The descriptor the factory gave at discovery. */
    public ProviderDescriptor descriptor() {
        return descriptor;
    }

    /** Built-in, or the plugin jar it came from. */
    public Origin origin() {
        return origin;
    }

    /**
     * The SPI version the provider was built for: what its jar's manifest declares, or this
     * Creor's for a built-in provider.
     */
    public int spiVersion() {
        return spiVersion;
    }

    /** The factory's class name, for messages. */
    public String factoryClassName() {
        return factory.getClass().getName();
    }

    /**
     * Creates the provider, guarded: its chat model, stream, catalog, key inspector and
     * {@code close()} turn anything they throw into a {@link CreorException} naming the provider
     * and its origin, and {@code close()} is given the time limit too.
     *
     * @throws IllegalArgumentException when the settings are for another provider id
     * @throws CreorException           the factory's own {@link CreorException} (typically
     *                                  {@code CONFIG_INVALID}) as it is, and
     *                                  {@link ErrorCode#PLUGIN_INVALID} naming the provider and
     *                                  its origin when the factory fails in any other way (errors
     *                                  such as {@link StackOverflowError} included), returns no
     *                                  provider, or does not return within the time limit
     */
    public Provider create(ProviderSettings settings, ProviderContext context) {
        Objects.requireNonNull(settings, "settings is null");
        Objects.requireNonNull(context, "context is null");
        if (!settings.providerId().equals(id)) {
            throw new IllegalArgumentException("settings of provider \"" + settings.providerId()
                    + "\" given to provider \"" + id + "\"");
        }
        Outcome<Provider> outcome;
        try (PluginCalls calls = calls("create")) {
            outcome = calls.call(() -> factory.create(settings, context));
        }
        if (outcome instanceof TimedOut<Provider> late) {
            // Should it ever return, what it made is closed: nothing will use it.
            late.eventually().thenAccept(this::closeQuietly);
            throw failedToStart("create(...) did not return within " + late.describeLimit()
                    + late.stuckIn().map(frame -> " (it is stuck in " + frame + ")").orElse("")
                    + "; creating a provider must not block (" + ProviderDiscovery.TIME_LIMIT_VARIABLE
                    + " sets the limit in milliseconds)", null);
        }
        if (outcome instanceof Threw<Provider> threw) {
            if (threw.error() instanceof CreorException own) {
                throw own;
            }
            throw failedToStart(Failures.describe(threw.error()), threw.error());
        }
        Provider provider = ((Returned<Provider>) outcome).value();
        if (provider == null) {
            throw failedToStart("its factory returned no provider (null)", null);
        }
        return new GuardedProvider(this, provider);
    }

    /** A thread for one call into this provider's plugin code, named after the provider. */
    PluginCalls calls(String what) {
        return new PluginCalls("creor-plugin-" + id + "-" + what, factory.getClass().getClassLoader(), callTimeLimit);
    }

    /** The provider and where it comes from, as the subject of a message. */
    String describe() {
        return "provider \"" + id + "\" (" + factoryClassName() + ", " + origin + ")";
    }

    private void closeQuietly(Provider provider) {
        if (provider == null) {
            return;
        }
        try {
            provider.close();
        } catch (Throwable ignored) {
            // It was abandoned for not answering; how it ends does not matter any more.
        }
    }

    private CreorException failedToStart(String reason, Throwable cause) {
        CreorException.Builder builder = CreorException.builder(ErrorCode.PLUGIN_INVALID,
                        describe() + " failed to start: " + reason)
                .hint("this is a defect of the provider: report it to its authors, or switch the provider off "
                        + "with disabled_providers");
        if (cause != null) {
            builder.cause(cause);
        }
        return builder.build();
    }

    /** The id, origin and SPI version. */
    @Override
    public String toString() {
        return "DiscoveredProvider[" + id + ", " + origin + ", spi " + spiVersion() + "]";
    }
}
