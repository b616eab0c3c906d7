package dev.creor.runtime.internal.plugins;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderDescriptor;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import java.util.Objects;

/**
 * A provider factory that discovery found and checked: its id is valid and unique, its
 * descriptor could be read, its SPI version is supported and its config schema is JSON.
 *
 * <p>The descriptor is read once, at discovery, so showing it never runs plugin code again.
 * Create the provider with {@link #create}, which runs the factory with the plugin's class
 * loader as the thread's context class loader (libraries such as Jackson look up their own
 * extensions through it) and turns a factory that breaks into a clear {@link CreorException}.
 */
public final class DiscoveredProvider {
    private final String id;
    private final ProviderFactory factory;
    private final ProviderDescriptor descriptor;
    private final Origin origin;

    DiscoveredProvider(String id, ProviderFactory factory, ProviderDescriptor descriptor, Origin origin) {
        this.id = Objects.requireNonNull(id, "id is null");
        this.factory = Objects.requireNonNull(factory, "factory is null");
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor is null");
        this.origin = Objects.requireNonNull(origin, "origin is null");
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

    /** The SPI version the provider was built for (the descriptor's). */
    public int spiVersion() {
        return descriptor.spiVersion();
    }

    /** The factory's class name, for messages. */
    public String factoryClassName() {
        return factory.getClass().getName();
    }

    /**
     * Creates the provider.
     *
     * @throws IllegalArgumentException when the settings are for another provider id
     * @throws CreorException           the factory's own {@link CreorException} (typically
     *                                  {@code CONFIG_INVALID}) as it is, and
     *                                  {@link ErrorCode#PLUGIN_INVALID} naming the provider and
     *                                  its origin when the factory fails in any other way or
     *                                  returns no provider
     */
    public Provider create(ProviderSettings settings, ProviderContext context) {
        Objects.requireNonNull(settings, "settings is null");
        Objects.requireNonNull(context, "context is null");
        if (!settings.providerId().equals(id)) {
            throw new IllegalArgumentException("settings of provider \"" + settings.providerId()
                    + "\" given to provider \"" + id + "\"");
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(factory.getClass().getClassLoader());
        try {
            Provider provider = factory.create(settings, context);
            if (provider == null) {
                throw failedToStart("its factory returned no provider (null)", null);
            }
            return provider;
        } catch (CreorException error) {
            throw error;
        } catch (RuntimeException | LinkageError error) {
            throw failedToStart(Failures.describe(error), error);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private CreorException failedToStart(String reason, Throwable cause) {
        CreorException.Builder builder = CreorException.builder(ErrorCode.PLUGIN_INVALID,
                        "provider \"" + id + "\" (" + factoryClassName() + ", " + origin + ") failed to start: "
                                + reason)
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
