package dev.creor.runtime.internal.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.creor.config.CreorConfig;
import dev.creor.core.Scheduler;
import dev.creor.core.routing.ModelRouter;
import jakarta.inject.Singleton;
import java.util.Map;

/** The router in front of every enabled provider, as {@link ProviderRouter} builds it. */
final class RoutingModule extends AbstractModule {

    @Provides
    @Singleton
    ModelRouter router(Scheduler scheduler, Map<String, ProviderHandle> providers, CreorConfig config) {
        return ProviderRouter.build(scheduler, providers, config);
    }
}
