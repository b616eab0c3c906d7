package dev.creor.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelFilterTest {

    @Test
    void emptyListsAllowEverything() {
        assertThat(ModelFilter.of(List.of(), List.of())).isSameAs(ModelFilter.ALLOW_ALL);
        assertThat(ModelFilter.ALLOW_ALL.allows("any/model")).isTrue();
    }

    @Test
    void whitelistGlobsMatchAcrossSlashesAndOnlyWholeIds() {
        ModelFilter filter = ModelFilter.of(List.of("anthropic/claude-sonnet-4", "openai/*", "*:free"), List.of());

        assertThat(filter.allows("anthropic/claude-sonnet-4")).isTrue();
        assertThat(filter.allows("anthropic/claude-sonnet-4.5")).isFalse();
        assertThat(filter.allows("openai/gpt-4o")).isTrue();
        assertThat(filter.allows("openai/o3/mini")).isTrue();
        assertThat(filter.allows("meta-llama/llama-3:free")).isTrue();
        assertThat(filter.allows("google/gemini-2.5-flash")).isFalse();
    }

    @Test
    void globCharactersOtherThanStarAreLiteral() {
        ModelFilter filter = ModelFilter.of(List.of("openai/gpt-4.1"), List.of());

        assertThat(filter.allows("openai/gpt-4x1")).isFalse();
        assertThat(filter.allows("openai/gpt-4.1")).isTrue();
    }

    @Test
    void blacklistWinsOverWhitelist() {
        ModelFilter filter = ModelFilter.of(List.of("openai/*"), List.of("openai/o1*"));

        assertThat(filter.allows("openai/gpt-4o")).isTrue();
        assertThat(filter.allows("openai/o1-pro")).isFalse();
        assertThat(filter.explainRejection("openai/o1-pro")).isEqualTo("\"openai/o1-pro\" matches the blacklist [openai/o1*]");
        assertThat(filter.explainRejection("x/y")).isEqualTo("\"x/y\" is not on the whitelist [openai/*]");
    }

    @Test
    void rejectsBlankPatterns() {
        assertThatThrownBy(() -> ModelFilter.of(List.of(" "), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
