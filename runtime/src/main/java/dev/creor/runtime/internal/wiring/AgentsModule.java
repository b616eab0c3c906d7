package dev.creor.runtime.internal.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.creor.agents.AgentCatalog;
import dev.creor.agents.AgentDefinition;
import dev.creor.config.AgentConfig;
import dev.creor.config.CreorConfig;
import dev.creor.config.Provenance;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import jakarta.inject.Singleton;
import java.util.Map;

/** The agents: the built-in ones refined by {@code agent.<name>} sections, plus the ones the config adds. */
public final class AgentsModule extends AbstractModule {

    @Provides
    @Singleton
    AgentCatalog agents(CreorConfig config) {
        return catalog(config);
    }

    /** The agents of a configuration: built-in ones refined by {@code agent.<name>}, plus the ones it adds. */
    public static AgentCatalog catalog(CreorConfig config) {
        Provenance provenance = config.provenance();
        AgentCatalog.Builder catalog = AgentCatalog.builder();
        config.model().ifPresent(model -> catalog.topLevelModel(model, provenance.describe("/model")));
        catalog.topLevelFallbacks(config.fallbacks());
        for (Map.Entry<String, AgentConfig> entry : config.agents().entrySet()) {
            catalog.configure(definition(entry.getKey(), entry.getValue(), provenance));
        }
        return catalog.build();
    }

    private static AgentDefinition definition(String name, AgentConfig agent, Provenance provenance) {
        String section = "/agent/" + name.replace("~", "~0").replace("/", "~1");
        AgentDefinition.Builder definition;
        try {
            definition = AgentDefinition.builder(name);
        } catch (IllegalArgumentException badName) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, provenance.describe(section) + ": " + badName.getMessage())
                    .build();
        }
        definition.origin("", provenance.describe(section));
        agent.description().ifPresent(definition::description);
        agent.prompt().ifPresent(definition::systemPrompt);
        agent.model().ifPresent(model -> definition.model(model).origin("model", provenance.describe(section + "/model")));
        agent.fallbacks().ifPresent(fallbacks -> definition.fallbacks(fallbacks)
                .origin("fallbacks", provenance.describe(section + "/fallbacks")));
        agent.temperature().ifPresent(definition::temperature);
        agent.topP().ifPresent(definition::topP);
        agent.maxTokens().ifPresent(definition::maxTokens);
        if (agent.disabled()) {
            definition.disabled(true).origin("disable", provenance.describe(section + "/disable"));
        }
        return definition.build();
    }
}
