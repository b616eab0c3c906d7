package dev.creor.provider.openrouter.sandbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The per-model scripts, set by test threads and consumed on the event loop. A request for a
 * model takes the next step of the script for its exact id, else of the script for the id
 * without a routing variant ({@code :nitro}, ...), else of the {@value #ANY_MODEL} script.
 */
final class Scripts {
    /** The key of the script for models that have none of their own. */
    static final String ANY_MODEL = "*";

    private final Map<String, Script> byModel = new HashMap<>();

    synchronized void put(String modelId, List<SandboxBehaviour> steps) {
        byModel.put(modelId, new Script(steps));
    }

    synchronized void putAll(Map<String, List<SandboxBehaviour>> scripts) {
        scripts.forEach((model, steps) -> byModel.put(model, new Script(steps)));
    }

    synchronized void clear() {
        byModel.clear();
    }

    /** Whether a script names this model itself (not through {@value #ANY_MODEL}). */
    synchronized boolean names(String requestedId) {
        return byModel.containsKey(requestedId) || byModel.containsKey(ModelCatalogue.withoutVariant(requestedId));
    }

    /** The next step for a request for {@code requestedId}, if any script applies. */
    synchronized Optional<SandboxBehaviour> next(String requestedId) {
        Script script = byModel.get(requestedId);
        if (script == null) {
            script = byModel.get(ModelCatalogue.withoutVariant(requestedId));
        }
        if (script == null) {
            script = byModel.get(ANY_MODEL);
        }
        return script == null ? Optional.empty() : Optional.of(script.next());
    }
}
