package dev.creor.runtime.internal.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.creor.agents.AgentCatalog;
import dev.creor.config.CreorConfig;
import jakarta.inject.Singleton;

/** The agents the config built: the built-in ones refined by {@code agent.<name>} sections, plus the ones it adds. */
final class AgentsModule extends AbstractModule {

    @Provides
    @Singleton
    AgentCatalog agents(CreorConfig config) {
        return config.agentCatalog();
    }
}
