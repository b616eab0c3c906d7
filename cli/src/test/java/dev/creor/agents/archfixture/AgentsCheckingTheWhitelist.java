package dev.creor.agents.archfixture;

import dev.creor.core.ModelRef;
import dev.creor.core.catalog.ModelFilter;

/** Breaks the one-whitelist-check rule: it checks a model against the lists itself instead of asking the router. */
public final class AgentsCheckingTheWhitelist {
    private AgentsCheckingTheWhitelist() {
    }

    static String check(ModelFilter filter, ModelRef model) {
        return filter.allows(model.model()) ? "allowed" : filter.explainRejection(model.model());
    }
}
