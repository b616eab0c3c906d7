package dev.creor.agents.archfixture;

import dev.creor.config.CreorConfig;

/** Deliberately breaks "agents knows no config". */
public final class AgentsUsingConfig {
    private AgentsUsingConfig() {
    }

    static Class<?> config() {
        return CreorConfig.class;
    }
}
