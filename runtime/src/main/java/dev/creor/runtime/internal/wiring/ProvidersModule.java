package dev.creor.runtime.internal.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import dev.creor.runtime.internal.plugins.DiscoveredProvider;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.Map;

/**
 * Binds every enabled provider into a {@code Map<String, ProviderHandle>} by id: each with its
 * settings from the config section {@code provider.<id>}, its resolved credential and a
 * context sharing the runtime's scheduler, blocking executor, Vert.x instance (also through the
 * provider kit) and a cache directory of its own.
 */
final class ProvidersModule extends AbstractModule {
    private final Map<String, DiscoveredProvider> enabled;

    ProvidersModule(Map<String, DiscoveredProvider> enabled) {
        this.enabled = Map.copyOf(enabled);
    }

    @Override
    protected void configure() {
        bind(ProviderHandles.class);
        MapBinder<String, ProviderHandle> handles = MapBinder.newMapBinder(binder(), String.class, ProviderHandle.class);
        for (DiscoveredProvider provider : enabled.values()) {
            handles.addBinding(provider.id()).toProvider(new HandleProvider(provider)).in(com.google.inject.Singleton.class);
        }
    }

    /** Creates one provider's handle when the map is first injected. */
    private static final class HandleProvider implements Provider<ProviderHandle> {
        private final DiscoveredProvider provider;
        @Inject
        private ProviderHandles handles;

        HandleProvider(DiscoveredProvider provider) {
            this.provider = provider;
        }

        @Override
        public ProviderHandle get() {
            return handles.create(provider);
        }
    }
}
