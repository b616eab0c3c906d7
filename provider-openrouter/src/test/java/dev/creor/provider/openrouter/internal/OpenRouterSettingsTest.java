package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.spi.ProviderSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenRouterSettingsTest {

    @Test
    void defaultsNameCreorAndTheRealService() {
        OpenRouterSettings settings = OpenRouterSettings.from(ProviderSettings.builder("openrouter").build());

        assertThat(settings.baseUrl()).isEqualTo(URI.create("https://openrouter.ai/api/v1"));
        assertThat(settings.endpoint("/models")).isEqualTo("https://openrouter.ai/api/v1/models");
        assertThat(settings.referer()).isEqualTo("https://creor.dev");
        assertThat(settings.title()).isEqualTo("Creor");
        assertThat(settings.catalogTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.credential()).isEmpty();
        assertThat(settings.providerPreferences()).isEmpty();
        assertThat(settings.timeLimits().totalLimit()).hasValue(ProviderSettings.DEFAULT_TOTAL_TIMEOUT);
    }

    @Test
    void optionsOverrideTheDefaults() {
        OpenRouterSettings settings = OpenRouterSettings.from(ProviderSettings.builder("openrouter")
                .options(Map.of("baseURL", "http://127.0.0.1:8080/api/v1/", "referer", "https://example.org",
                        "title", "My App", "catalogTtl", 60000, "maxConnections", 4))
                .noTotalTimeout()
                .build());

        assertThat(settings.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/api/v1"));
        assertThat(settings.referer()).isEqualTo("https://example.org");
        assertThat(settings.title()).isEqualTo("My App");
        assertThat(settings.catalogTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.maxConnections()).isEqualTo(4);
        assertThat(settings.timeLimits().totalLimit()).isEmpty();
    }

    @Test
    void routingPreferencesBecomeOpenRoutersSnakeCaseProviderObject() {
        Map<String, Object> routing = new LinkedHashMap<>();
        routing.put("order", List.of("Anthropic", "Google"));
        routing.put("allowFallbacks", false);
        routing.put("requireParameters", true);
        routing.put("dataCollection", "deny");
        routing.put("zdr", true);
        routing.put("only", List.of("Anthropic", "Google", "OpenAI"));
        routing.put("ignore", List.of("DeepInfra"));
        routing.put("quantizations", List.of("fp8", "bf16"));
        routing.put("sort", "throughput");
        routing.put("maxPrice", Map.of("prompt", 1, "completion", new BigDecimal("2.5")));

        OpenRouterSettings settings = OpenRouterSettings.from(ProviderSettings.builder("openrouter")
                .routing(routing).build());

        assertThat(settings.providerPreferences()).containsExactly(
                Map.entry("order", List.of("Anthropic", "Google")),
                Map.entry("allow_fallbacks", false),
                Map.entry("require_parameters", true),
                Map.entry("data_collection", "deny"),
                Map.entry("zdr", true),
                Map.entry("only", List.of("Anthropic", "Google", "OpenAI")),
                Map.entry("ignore", List.of("DeepInfra")),
                Map.entry("quantizations", List.of("fp8", "bf16")),
                Map.entry("sort", "throughput"),
                Map.entry("max_price", Map.of("prompt", "1", "completion", "2.5")));
    }

    @Test
    void aMisspeltRoutingKeyIsRejectedWithADidYouMean() {
        assertThatThrownBy(() -> OpenRouterSettings.from(ProviderSettings.builder("openrouter")
                .routing(Map.of("allowFallback", true)).build()))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).contains("provider.openrouter.routing.allowFallback",
                            "did you mean \"allowFallbacks\"");
                });
    }

    @Test
    void routingValuesOfTheWrongKindAreRejected() {
        assertInvalid(Map.of("sort", "cheapest"), "routing.sort", "[price, throughput, latency]");
        assertInvalid(Map.of("dataCollection", true), "routing.dataCollection", "[allow, deny]");
        assertInvalid(Map.of("order", "Anthropic"), "routing.order", "list of names");
        assertInvalid(Map.of("zdr", "yes"), "routing.zdr", "true or false");
        assertInvalid(Map.of("maxPrice", Map.of("promt", 1)), "routing.maxPrice.promt", "did you mean \"prompt\"");
        assertInvalid(Map.of("maxPrice", Map.of("prompt", -1)), "routing.maxPrice.prompt", "non-negative");
    }

    @Test
    void badOptionsAreRejectedNamingTheKey() {
        assertInvalidOptions(Map.of("baseURL", "openrouter.ai/api/v1"), "options.baseURL", "absolute http or https URL");
        assertInvalidOptions(Map.of("baseURL", "ftp://openrouter.ai"), "options.baseURL", "absolute http or https URL");
        assertInvalidOptions(Map.of("catalogTtl", -1), "options.catalogTtl", "whole number");
        assertInvalidOptions(Map.of("catalogTtl", 1.5), "options.catalogTtl", "whole number");
        assertInvalidOptions(Map.of("maxConnections", 0), "options.maxConnections", "at least 1");
        assertInvalidOptions(Map.of("title", ""), "options.title", "non-empty string");
        assertInvalidOptions(Map.of("baseUrl", "https://x"), "options.baseUrl", "did you mean \"baseURL\"");
    }

    private static void assertInvalid(Map<String, Object> routing, String key, String expectation) {
        assertThatThrownBy(() -> OpenRouterSettings.from(ProviderSettings.builder("openrouter").routing(routing).build()))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).contains("provider.openrouter." + key, expectation);
                });
    }

    private static void assertInvalidOptions(Map<String, Object> options, String key, String expectation) {
        assertThatThrownBy(() -> OpenRouterSettings.from(ProviderSettings.builder("openrouter").options(options).build()))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).contains("provider.openrouter." + key, expectation);
                });
    }
}
