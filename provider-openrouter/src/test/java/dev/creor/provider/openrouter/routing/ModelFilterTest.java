package dev.creor.provider.openrouter.routing;

import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.routing.ModelRouter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whitelist and blacklist are checked in one place per request, the router: the adapter no
 * longer checks them, so these prove that nothing a filter forbids reaches OpenRouter's wire,
 * as the primary model or as a native fallback, and that the error still says which list.
 */
class ModelFilterTest extends RouterOverSandbox {
    private static final ModelRef GEMINI_REF = ModelRef.parse("openrouter/google/gemini-2.5-flash");

    private ModelRouter routerWithBlacklist(String... patterns) {
        ModelFilter filter = ModelFilter.of(List.of(), List.of(patterns));
        return router(settings -> settings.modelFilter(filter), target -> target.modelFilter(filter));
    }

    @Test
    void aForbiddenModelFailsBeforeAnyRequestNamingTheListAndTheConfigKey() throws Exception {
        CreorException error = chatFailure(routerWithBlacklist("anthropic/*"), request(PRIMARY_REF));

        assertThat(error.code()).isEqualTo(ErrorCode.MODEL_NOT_ALLOWED);
        assertThat(error.getMessage()).isEqualTo("model " + PRIMARY_REF + " is not allowed: \"" + PRIMARY
                + "\" matches the blacklist [anthropic/*] of provider openrouter");
        assertThat(error.hint()).hasValue("pick an allowed model, or change provider.openrouter.whitelist or blacklist"
                + " in your config");
        assertThat(chatRequests()).isEmpty();
    }

    @Test
    void aForbiddenNativeFallbackNeverReachesTheWire() throws Exception {
        sandbox.script(PRIMARY, reply(REPLY));

        ChatResponse answer = chat(routerWithBlacklist("openai/*"), request(PRIMARY_REF, FALLBACK_REF, GEMINI_REF));

        assertThat(answer.text()).isEqualTo(REPLY);
        assertThat(nativeModels(0)).containsExactly(PRIMARY, "google/gemini-2.5-flash");
        assertThat(answer.route().summary()).startsWith(FALLBACK_REF + " SKIPPED MODEL_NOT_ALLOWED");
    }

    @Test
    void aForbiddenPrimaryFallsBackToTheAllowedFallbackAlone() throws Exception {
        sandbox.script(FALLBACK, reply(REPLY));

        ChatResponse answer = chat(routerWithBlacklist("anthropic/*"), request(PRIMARY_REF, FALLBACK_REF));

        assertThat(answer.text()).isEqualTo(REPLY);
        assertThat(chatRequests()).containsExactly(FALLBACK);
        assertThat(nativeModels(0)).isEmpty();
    }
}
