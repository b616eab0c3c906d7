package dev.creor.cli;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.runtime.Creor;
import dev.creor.runtime.ProviderInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A model named on the command line ({@code --model}). People write the ids they know from
 * vendors and other tools, {@code gpt-4o} or {@code openai/gpt-4o}, where Creor wants the
 * provider first, {@code openrouter/openai/gpt-4o}: such an id is looked up in the providers'
 * model lists (cached or bundled ones, fetched only when there is none) and the full reference
 * suggested.
 */
final class ModelArgument {
    private static final long LIST_WAIT_SECONDS = 10;
    private static final int MOST_SUGGESTIONS = 3;

    private ModelArgument() {
    }

    /**
     * The reference the text names.
     *
     * @param option the option it was given with, for the message, e.g. {@code --model}
     * @throws CreorException {@code USAGE} with the full reference when the text lacks the
     *                        provider, else the parse failure
     */
    static ModelRef parse(String text, String option, Creor creor) {
        ModelRef parsed;
        try {
            parsed = ModelRef.parse(text);
        } catch (CreorException invalid) {
            throw suggestion(text, option, creor).orElse(invalid);
        }
        if (enabledProviders(creor).contains(parsed.provider())) {
            return parsed;
        }
        Optional<CreorException> suggested = suggestion(text, option, creor);
        if (suggested.isPresent()) {
            throw suggested.get();
        }
        return parsed; // the agent check reports the unknown provider with the providers there are
    }

    private static Optional<CreorException> suggestion(String text, String option, Creor creor) {
        List<String> candidates = knownModels(creor).stream()
                .filter(model -> model.ref().model().equals(text) || model.ref().model().endsWith("/" + text))
                .map(model -> model.ref().toString())
                .sorted()
                .limit(MOST_SUGGESTIONS)
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        String providers = String.join(", ", enabledProviders(creor));
        return Optional.of(CreorException.builder(ErrorCode.USAGE, option + " \"" + text + "\" does not name the "
                        + "provider (did you mean " + String.join(" or ", candidates.stream()
                        .map(candidate -> "\"" + candidate + "\"").toList()) + "?)")
                .hint("write the provider (" + providers + "), a slash, then the provider's model id, e.g. "
                        + option + " " + candidates.get(0))
                .build());
    }

    private static List<ModelInfo> knownModels(Creor creor) {
        try {
            return creor.models(false).toCompletableFuture().get(LIST_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception unavailable) {
            return List.of(); // no suggestion; the reference's own problem is reported
        }
    }

    private static List<String> enabledProviders(Creor creor) {
        return creor.providers().stream().filter(ProviderInfo::enabled).map(ProviderInfo::id).toList();
    }
}
