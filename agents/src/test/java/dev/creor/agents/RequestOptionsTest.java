package dev.creor.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ReasoningOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-model and per-agent options, merged model < agent < request, as requests carry them. */
class RequestOptionsTest {
    private static final ModelRef O3 = ModelRef.parse("openrouter/openai/o3");

    @Test
    void modelOptionsApplyUnderTheAgentsAndTheRequestsOwnWinLast() {
        RequestOptions model = RequestOptions.builder().temperature(0.1).maxTokens(1000).reasoningEffort("high")
                .reasoningExclude(true).routing(Map.of("sort", "price", "dataCollection", "deny"))
                .headers(Map.of("X-Team", "model")).build();
        AgentCatalog catalog = AgentCatalog.builder()
                .configure(AgentDefinition.builder("plan").model(O3).options(RequestOptions.builder().temperature(0.7)
                        .reasoningMaxTokens(4000).routing(Map.of("sort", "latency")).headers(Map.of("X-Run", "7"))
                        .build()).build())
                .modelOptions(O3, model)
                .build();

        ChatRequest request = catalog.resolve("plan").requestFor(List.of(Message.user("plan it"))).topP(0.5).build();

        assertThat(request.temperature()).hasValue(0.7);
        assertThat(request.maxTokens()).hasValue(1000);
        assertThat(request.topP()).hasValue(0.5);
        // The agent's budget replaces the model's effort (never both); exclude stays from the model.
        assertThat(request.reasoning()).hasValue(ReasoningOptions.builder().maxTokens(4000).exclude(true).build());
        assertThat(request.routing()).containsExactlyInAnyOrderEntriesOf(Map.of("sort", "latency", "dataCollection", "deny"));
        assertThat(request.headers()).containsExactlyInAnyOrderEntriesOf(Map.of("X-Team", "model", "X-Run", "7"));
    }

    @Test
    void aModelOverrideTakesThatModelsOptions() {
        ModelRef gpt = ModelRef.parse("openrouter/openai/gpt-4o");
        AgentCatalog catalog = AgentCatalog.builder()
                .modelOptions(gpt, RequestOptions.builder().temperature(0.3).build())
                .build();

        assertThat(catalog.resolve("build", gpt, "--model").requestFor(List.of(Message.user("x"))).build().temperature())
                .hasValue(0.3);
        assertThat(catalog.resolve("build").requestFor(List.of(Message.user("x"))).build().temperature()).isEmpty();
    }

    @Test
    void aBuiltInAgentRefinedByConfigKeepsItsPromptAndGainsTheOptions() {
        AgentCatalog catalog = AgentCatalog.builder()
                .configure(AgentDefinition.builder("build").options(RequestOptions.builder().caching("auto")
                        .reasoningEffort("low").build()).build())
                .build();

        AgentDefinition build = catalog.find("build").orElseThrow();
        assertThat(build.systemPrompt()).isPresent();
        assertThat(build.options().caching()).hasValue("auto");
        assertThat(build.options().reasoning().flatMap(ReasoningOptions::effort)).hasValue("low");
    }

    @Test
    void theAgentsCachingPolicyReachesTheRequestAndTheModelsYieldsToIt() {
        AgentCatalog catalog = AgentCatalog.builder()
                .configure(AgentDefinition.builder("plan").model(O3).options(RequestOptions.builder().caching("auto")
                        .build()).build())
                .configure(AgentDefinition.builder("quiet").model(O3).options(RequestOptions.builder().caching("none")
                        .build()).build())
                .modelOptions(O3, RequestOptions.builder().caching("none").build())
                .build();

        assertThat(catalog.resolve("plan").requestFor(List.of(Message.user("x"))).build().caching())
                .isEqualTo(ChatRequest.Caching.AUTO);
        assertThat(catalog.resolve("quiet").requestFor(List.of(Message.user("x"))).build().caching())
                .isEqualTo(ChatRequest.Caching.NONE);
    }

    @Test
    void effortAndBudgetInOneLayerAreRefusedNamingBoth() {
        assertThatThrownBy(() -> RequestOptions.builder().reasoningEffort("high").reasoningMaxTokens(2000).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reasoning.effort (\"high\")").hasMessageContaining("reasoning.maxTokens (2000)");
    }

    @Test
    void badValuesAreRefusedWhereTheyAreSet() {
        assertThatThrownBy(() -> RequestOptions.builder().temperature(2.5)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> RequestOptions.builder().caching("always")).hasMessageContaining("\"auto\" or \"none\"");
        assertThatThrownBy(() -> RequestOptions.builder().headers(Map.of("Authorization", "Bearer x")))
                .hasMessageContaining("Authorization");
    }

    @Test
    void toStringShowsHeaderNamesButNotTheirValues() {
        assertThat(RequestOptions.builder().headers(Map.of("X-Token", "secret-value-123")).build().toString())
                .contains("X-Token").doesNotContain("secret-value-123");
    }
}
