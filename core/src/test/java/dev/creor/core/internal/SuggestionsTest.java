package dev.creor.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> KEYS = List.of("model", "fallbacks", "temperature", "top_p", "maxTokens",
            "prompt", "description", "disable");

    @Test
    void findsTyposAndTranspositions() {
        assertThat(Suggestions.closest("modle", KEYS, 3)).containsExactly("model");
        assertThat(Suggestions.closest("temprature", KEYS, 3)).containsExactly("temperature");
        assertThat(Suggestions.closest("maxtokens", KEYS, 3)).containsExactly("maxTokens");
    }

    @Test
    void findsContainment() {
        assertThat(Suggestions.closest("claude-sonnet", List.of("anthropic/claude-sonnet-4", "openai/gpt-4o"), 3))
                .containsExactly("anthropic/claude-sonnet-4");
    }

    @Test
    void suggestsNothingForUnrelatedInput() {
        assertThat(Suggestions.closest("zzzzzzzz", KEYS, 3)).isEmpty();
        assertThat(Suggestions.didYouMean("zzzzzzzz", KEYS)).isEmpty();
    }

    @Test
    void formatsADidYouMeanSuffix() {
        assertThat(Suggestions.didYouMean("modle", KEYS)).isEqualTo(" (did you mean \"model\"?)");
    }
}
