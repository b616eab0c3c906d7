package dev.creor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRefTest {

    @ParameterizedTest
    @CsvSource({
        "openrouter/anthropic/claude-sonnet-4, openrouter, anthropic/claude-sonnet-4",
        "openrouter/openrouter/auto,           openrouter, openrouter/auto",
        "openrouter/meta-llama/llama-3.3-70b-instruct:free, openrouter, meta-llama/llama-3.3-70b-instruct:free",
        "echo/any,                             echo,       any",
        "openrouter/openai/gpt-4o:nitro,       openrouter, openai/gpt-4o:nitro",
    })
    void splitsAtTheFirstSlashAndKeepsVariants(String text, String provider, String model) {
        ModelRef ref = ModelRef.parse(text);

        assertThat(ref.provider()).isEqualTo(provider);
        assertThat(ref.model()).isEqualTo(model);
        assertThat(ref).hasToString(text);
        assertThat(ModelRef.parse(ref.toString())).isEqualTo(ref);
    }

    @Test
    void missingSlashShowsTheExpectedShapeAndAnExample() {
        assertThatThrownBy(() -> ModelRef.parse("claude-sonnet-4"))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).isEqualTo("invalid model reference \"claude-sonnet-4\": "
                            + "it has no '/' between provider and model; "
                            + "expected provider/model-id, e.g. openrouter/anthropic/claude-sonnet-4");
                    assertThat(error.hint()).isPresent();
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                       | it is empty",
        "/anthropic/claude        | the provider part before '/' is empty",
        "openrouter/              | the model part after '/' is empty",
        "openrouter/anthropic/    | the model part has an empty segment",
        "openrouter/a//b          | the model part has an empty segment",
        "'open router/x'          | it contains whitespace",
        "'openrouter/x y'         | it contains whitespace",
        "' openrouter/x'          | it contains whitespace",
    })
    void rejectsMalformedReferencesSayingWhy(String text, String problem) {
        assertThatThrownBy(() -> ModelRef.parse(text))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).contains("\"" + text + "\"").contains(problem)
                            .contains("expected provider/model-id");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"openrouter/x\ty", "openrouter/x\u0000", "openrouter/x\u00a0y", "openrouter/x\ny"})
    void rejectsControlAndUnicodeSpaceCharactersAndEscapesThemInTheMessage(String text) {
        assertThatThrownBy(() -> ModelRef.parse(text))
                .isInstanceOfSatisfying(CreorException.class, error ->
                        assertThat(error.getMessage()).doesNotContain("\n").doesNotContain("\u0000"));
    }

    @Test
    void constructorChecksThePartsToo() {
        assertThatThrownBy(() -> new ModelRef("open/router", "x")).isInstanceOf(CreorException.class)
                .hasMessageContaining("the provider part contains '/'");
        assertThatThrownBy(() -> new ModelRef("openrouter", "")).isInstanceOf(CreorException.class);
        assertThatThrownBy(() -> new ModelRef(null, "x")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void withModelKeepsTheProvider() {
        assertThat(ModelRef.parse("openrouter/a/b").withModel("c/d")).isEqualTo(new ModelRef("openrouter", "c/d"));
    }
}
