package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {

    @Test
    void aFragmentThatIsNotJsonIsAPluginProblemNamingTheProvider() {
        assertThatThrownBy(() -> ConfigSchema.withProviders(Map.of("broken", "{not json")))
                .isInstanceOfSatisfying(CreorException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_INVALID);
                    assertThat(e.getMessage()).startsWith("the config schema of provider \"broken\" is not a JSON object: ");
                    assertThat(e.hint()).contains("update or remove the plugin that provides \"broken\"");
                });
    }

    @Test
    void aFragmentThatIsNotAValidSchemaIsAPluginProblem() {
        assertThatThrownBy(() -> ConfigSchema.withProviders(Map.of("odd", "{\"type\": 5}")))
                .isInstanceOf(CreorException.class)
                .hasMessageStartingWith("the config schema of provider \"odd\" is not a valid JSON Schema: ");
    }

    @Test
    void aFragmentReferringToAnotherDocumentIsRefusedRatherThanFetched() {
        assertThatThrownBy(() -> ConfigSchema.withProviders(Map.of("remote",
                "{\"properties\": {\"options\": {\"$ref\": \"https://example.com/schema.json\"}}}")))
                .isInstanceOf(CreorException.class)
                .hasMessageContaining("Creor never fetches schemas");
    }

    @Test
    void composingTheSameFragmentsAgainReusesTheSchema() {
        Map<String, String> fragments = Map.of("openrouter", ConfigFixture.OPENROUTER_FRAGMENT);

        assertThat(ConfigSchema.withProviders(Map.copyOf(fragments))).isSameAs(ConfigSchema.withProviders(fragments));
    }

    @Test
    void knowsItsProviders() {
        assertThat(ConfigSchema.core().providerIds()).isEmpty();
        assertThat(ConfigSchema.withProviders(Map.of("echo", "{}")).providerIds()).contains(java.util.Set.of("echo"));
    }

    @Test
    void theComposedSchemaKeepsTheFragmentUnderItsOwnDefinitionWithRewrittenReferences() {
        String json = ConfigSchema.withProviders(Map.of("echo", ValidationMessagesTest.ECHO_FRAGMENT)).toJson();

        assertThat(json).contains("\"provider-echo\"").contains("#/definitions/provider-echo/definitions/voice")
                .doesNotContain("https://example.com/echo.json");
    }

    @Test
    void theCoreSchemaIsDraft07() {
        assertThat(ConfigSchema.coreSchemaJson()).contains("\"$schema\": \"http://json-schema.org/draft-07/schema#\"");
    }
}
