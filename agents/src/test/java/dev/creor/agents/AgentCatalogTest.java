package dev.creor.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentCatalogTest {
    private static final ModelRef SONNET = ModelRef.parse("openrouter/anthropic/claude-sonnet-4");
    private static final ModelRef GPT = ModelRef.parse("openrouter/openai/gpt-4o");
    private static final ModelRef O3 = ModelRef.parse("openrouter/openai/o3");

    @Test
    void builtInAgentsComeFirstWithDescriptionsAndPrompts() {
        AgentCatalog catalog = AgentCatalog.builder()
                .configure(AgentDefinition.builder("review").description("Reviews diffs.").build())
                .configure(AgentDefinition.builder("docs").build())
                .build();

        assertThat(catalog.agents()).extracting(AgentDefinition::name)
                .containsExactly("build", "plan", "explore", "docs", "review");
        assertThat(BuiltInAgents.all()).allSatisfy(agent -> {
            assertThat(agent.builtIn()).isTrue();
            assertThat(agent.description()).isNotBlank();
            assertThat(agent.systemPrompt()).hasValueSatisfying(prompt -> assertThat(prompt).contains("Creor"));
        });
        assertThat(catalog.find("plan").orElseThrow().systemPrompt().orElseThrow()).contains("Do not edit");
    }

    @Test
    void withoutAnyModelSettingTheBuiltInDefaultIsTheAutoRouter() {
        ResolvedAgent build = AgentCatalog.builder().build().resolve("build");

        assertThat(build.model().model()).isEqualTo(ModelRef.parse("openrouter/openrouter/auto"));
        assertThat(build.model().source()).isEqualTo(ModelSource.DEFAULT);
        assertThat(build.model().describeSource("build")).isEqualTo("built-in default");
        assertThat(build.fallbacks()).isEmpty();
    }

    @Test
    void theTopLevelModelAppliesToAgentsWithoutTheirOwn() {
        AgentCatalog catalog = AgentCatalog.builder()
                .topLevelModel(SONNET, "creor.json:2:12")
                .topLevelFallbacks(List.of(GPT))
                .configure(AgentDefinition.builder("plan").model(O3).origin("model", "creor.json:5:20").build())
                .build();

        ResolvedAgent build = catalog.resolve("build");
        ResolvedAgent plan = catalog.resolve("plan");

        assertThat(build.model()).isEqualTo(new ModelChoice(SONNET, ModelSource.TOP_LEVEL, "creor.json:2:12"));
        assertThat(build.model().describeSource("build")).isEqualTo("top-level model (creor.json:2:12)");
        assertThat(build.fallbacks()).containsExactly(GPT);
        assertThat(plan.model()).isEqualTo(new ModelChoice(O3, ModelSource.AGENT, "creor.json:5:20"));
        assertThat(plan.model().describeSource("plan")).isEqualTo("agent.plan.model (creor.json:5:20)");
        assertThat(plan.fallbacks()).as("inherits the top-level fallbacks").containsExactly(GPT);
    }

    @Test
    void anOverrideBeatsEveryConfiguredModel() {
        AgentCatalog catalog = AgentCatalog.builder().topLevelModel(SONNET, "creor.json:2:12")
                .configure(AgentDefinition.builder("plan").model(O3).build()).build();

        ResolvedAgent plan = catalog.resolve("plan", GPT, "--model");

        assertThat(plan.model()).isEqualTo(new ModelChoice(GPT, ModelSource.OVERRIDE, "--model"));
    }

    @Test
    void anAgentsOwnEmptyFallbacksMeanNoneEvenWhenTheTopLevelHasSome() {
        AgentCatalog catalog = AgentCatalog.builder().topLevelFallbacks(List.of(GPT))
                .configure(AgentDefinition.builder("explore").fallbacks(List.of()).build()).build();

        assertThat(catalog.resolve("explore").fallbacks()).isEmpty();
        assertThat(catalog.resolve("build").fallbacks()).containsExactly(GPT);
    }

    @Test
    void configRefinesABuiltInAgentKeepingWhatItDoesNotSet() {
        AgentCatalog catalog = AgentCatalog.builder()
                .configure(AgentDefinition.builder("build").temperature(0.3).build())
                .build();

        AgentDefinition build = catalog.find("build").orElseThrow();
        assertThat(build.builtIn()).isTrue();
        assertThat(build.temperature()).hasValue(0.3);
        assertThat(build.description()).startsWith("Full coding work");
        assertThat(build.systemPrompt()).isPresent();
    }

    @Test
    void aDisabledAgentIsHiddenAndCannotBeResolved() {
        AgentCatalog catalog = AgentCatalog.builder()
                .configure(AgentDefinition.builder("explore").disabled(true).origin("disable", "creor.json:7:30").build())
                .build();

        assertThat(catalog.agents()).extracting(AgentDefinition::name).containsExactly("build", "plan");
        assertThat(catalog.allAgents()).extracting(AgentDefinition::name).contains("explore");
        assertThatThrownBy(() -> catalog.resolve("explore"))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(error.getMessage())
                            .isEqualTo("agent \"explore\" is disabled (agent.explore.disable at creor.json:7:30)");
                });
    }

    @Test
    void anUnknownAgentSuggestsTheClosestNames() {
        AgentCatalog catalog = AgentCatalog.builder().build();

        assertThatThrownBy(() -> catalog.resolve("biuld"))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(error.getMessage()).isEqualTo("unknown agent \"biuld\" (did you mean \"build\"?)");
                    assertThat(error.hint()).hasValue(
                            "the agents are build, plan, explore; define more under \"agent\" in creor.json");
                });
    }

    @Test
    void agentNamesAreChecked() {
        assertThatThrownBy(() -> AgentDefinition.builder("has space"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid agent name \"has space\"");
        assertThatThrownBy(() -> AgentDefinition.builder("x").temperature(2.5))
                .hasMessage("temperature must be within 0..2.0: 2.5");
    }
}
