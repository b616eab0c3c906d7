package dev.creor.cli;

import dev.creor.core.RouteAttempt;
import dev.creor.core.RouteReport;
import java.util.StringJoiner;

/** How the command line shows the route a request took, when there is more to it than one model answering. */
final class RouteText {
    private RouteText() {
    }

    /**
     * Whether the route is worth a line: a retry, a skip or a fallback happened, or the provider
     * answered with one of the request's own fallback models (OpenRouter's {@code models} list),
     * which a single attempt would otherwise hide.
     */
    static boolean worthShowing(RouteReport route) {
        return route.rerouted() || route.attempts().stream().anyMatch(RouteText::answeredByNativeFallback);
    }

    /**
     * Each attempt in order, e.g. {@code openrouter/openai/o3 FAILED PROVIDER_UNAVAILABLE → (waited 480 ms)
     * openrouter/openai/o3 SUCCEEDED} or {@code openrouter/openai/o3 SUCCEEDED, answered by its fallback
     * openrouter/openai/gpt-4o-mini}.
     */
    static String describe(RouteReport route) {
        StringJoiner text = new StringJoiner(" → ");
        for (RouteAttempt attempt : route.attempts()) {
            StringBuilder step = new StringBuilder();
            if (attempt.waitBefore().toMillis() > 0) {
                step.append("(waited ").append(attempt.waitBefore().toMillis()).append(" ms) ");
            }
            step.append(attempt.model()).append(' ').append(attempt.outcome());
            attempt.errorCode().ifPresent(code -> step.append(' ').append(code));
            if (answeredByNativeFallback(attempt)) {
                step.append(", answered by its fallback ").append(attempt.servedModel().orElseThrow());
            }
            text.add(step);
        }
        return text.toString();
    }

    private static boolean answeredByNativeFallback(RouteAttempt attempt) {
        return attempt.servedModel().filter(attempt.nativeFallbacks()::contains).isPresent();
    }
}
