package dev.creor.settings;

import dev.creor.core.ModelRef;
import java.util.List;

/**
 * The Agents section.
 *
 * @param agents        every agent that is not disabled
 * @param allowedModels the models an agent may be given: those of each provider's catalog that its
 *                      whitelist and blacklist allow, sorted
 * @param warnings      catalogs that could not be read, for people
 */
public record AgentOverview(List<AgentStatus> agents, List<ModelRef> allowedModels, List<String> warnings) {
    /** Copies the lists. */
    public AgentOverview {
        agents = List.copyOf(agents);
        allowedModels = List.copyOf(allowedModels);
        warnings = List.copyOf(warnings);
    }
}
