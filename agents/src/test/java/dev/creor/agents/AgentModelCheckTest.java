package dev.creor.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.catalog.ModelFilter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AgentModelCheckTest {
    private static final Set<String> OPENROUTER_MODELS = Set.of("anthropic/claude-sonnet-4", "openai/gpt-4o",
            "openai/o3", "openrouter/auto");

    private static ModelDirectory directory(Map<String, ModelFilter> filters, boolean catalogKnown) {
        return new ModelDirectory() {
            @Override
            public Set<String> providerIds() {
                return Set.of("openrouter", "echo");
            }

            @Override
            public Optional<Set<String>> knownModels(String providerId) {
                return catalogKnown && providerId.equals("openrouter") ? Optional.of(OPENROUTER_MODELS) : Optional.empty();
            }

            @Override
            public Optional<String> rejection(ModelRef model) {
                ModelFilter filter = filters.getOrDefault(model.provider(), ModelFilter.ALLOW_ALL);
                return filter.allows(model.model()) ? Optional.empty()
                        : Optional.of(filter.explainRejection(model.model()));
            }
        };
    }

    private static ResolvedAgent agent(String model, String... fallbacks) {
        return AgentCatalog.builder()
                .configure(AgentDefinition.builder("build").model(ModelRef.parse(model))
                        .origin("model", "creor.json:3:23")
                        .fallbacks(List.of(fallbacks).stream().map(ModelRef::parse).toList())
                        .origin("fallbacks", "creor.json:4:27").build())
                .build().resolve("build");
    }

    @Test
    void knownModelsPass() {
        assertThat(AgentModelCheck.check(agent("openrouter/openai/o3", "echo/anything"), directory(Map.of(), true)))
                .isEmpty();
    }

    @Test
    void anUnknownProviderIsAConfigErrorWithDidYouMean() {
        List<AgentProblem> problems = AgentModelCheck.check(agent("openroutr/openai/o3"), directory(Map.of(), true));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(problem.setting()).isEqualTo("agent.build.model");
            assertThat(problem.message()).isEqualTo("agent \"build\": agent.build.model \"openroutr/openai/o3\" "
                    + "(creor.json:3:23) names the unknown provider \"openroutr\" (did you mean \"openrouter\"?); "
                    + "the providers are echo, openrouter");
        });
    }

    @Test
    void anUnknownModelIsReportedOnlyWhenTheCatalogIsKnown() {
        ResolvedAgent agent = agent("openrouter/anthropic/claude-sonet-4", "openrouter/openai/gpt4o");

        assertThat(AgentModelCheck.check(agent, directory(Map.of(), false))).isEmpty();
        assertThat(AgentModelCheck.check(agent, directory(Map.of(), true)))
                .extracting(AgentProblem::message)
                .containsExactly(
                        "agent \"build\": agent.build.model \"openrouter/anthropic/claude-sonet-4\" (creor.json:3:23) "
                                + "is not a model openrouter offers (did you mean \"anthropic/claude-sonnet-4\"?); "
                                + "`creor models --provider openrouter` lists them",
                        "agent \"build\": agent.build.fallbacks[0] \"openrouter/openai/gpt4o\" (creor.json:4:27) "
                                + "is not a model openrouter offers (did you mean \"openai/gpt-4o\"?); "
                                + "`creor models --provider openrouter` lists them");
    }

    @Test
    void aModelOutsideTheWhitelistIsNotAllowed() {
        ModelDirectory directory = directory(
                Map.of("openrouter", ModelFilter.of(List.of("anthropic/*"), List.of())), true);

        assertThat(AgentModelCheck.check(agent("openrouter/openai/o3"), directory)).singleElement()
                .satisfies(problem -> {
                    assertThat(problem.code()).isEqualTo(ErrorCode.MODEL_NOT_ALLOWED);
                    assertThat(problem.message()).isEqualTo("agent \"build\": agent.build.model \"openrouter/openai/o3\" "
                            + "(creor.json:3:23) is not allowed: \"openai/o3\" is not on the whitelist [anthropic/*] "
                            + "of provider.openrouter");
                    assertThat(problem.toException().code()).isEqualTo(ErrorCode.MODEL_NOT_ALLOWED);
                });
    }

    @Test
    void everyProblemIsReportedInOneErrorWithTheFirstOnesCode() {
        List<AgentProblem> problems = AgentModelCheck.check(
                agent("openrouter/anthropic/claude-sonet-4", "openrouter/openai/gpt4o"), directory(Map.of(), true));

        var error = AgentProblem.toException(problems);

        assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(error.getMessage()).contains("claude-sonet-4").contains("; agent \"build\": agent.build.fallbacks[0]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentProblem.toException(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultModelIsCheckedToo() {
        ResolvedAgent agent = AgentCatalog.builder().build().resolve("build");
        ModelDirectory onlyEcho = new ModelDirectory() {
            @Override
            public Set<String> providerIds() {
                return Set.of("echo");
            }

            @Override
            public Optional<Set<String>> knownModels(String providerId) {
                return Optional.empty();
            }

            @Override
            public Optional<String> rejection(ModelRef model) {
                return Optional.empty();
            }
        };

        assertThat(AgentModelCheck.check(agent, onlyEcho)).singleElement()
                .extracting(AgentProblem::message).asString()
                .startsWith("agent \"build\": the default model \"openrouter/openrouter/auto\" names the unknown provider");
    }

    @Test
    void aPresetPassesWithoutACatalogLookupWhileATypoedModelStillFails() {
        assertThat(AgentModelCheck.check(agent("openrouter/@preset/coding-defaults"), directory(Map.of(), true)))
                .isEmpty();
        assertThat(AgentModelCheck.check(agent("openrouter/preset/coding-defaults"), directory(Map.of(), true)))
                .singleElement().extracting(AgentProblem::code).isEqualTo(ErrorCode.CONFIG_INVALID);
    }
}
