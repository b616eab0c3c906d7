package dev.creor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-start view: what a program shows while the config may be invalid. */
class CreorSetupTest {
    @TempDir
    Path home;

    private Creor.Builder builder(String config) {
        return Creor.builder().workingDirectory(home).homeDirectory(home).environment(Map.of()).config(config);
    }

    @Test
    void anInvalidConfigIsReportedWithItsPositionAndTheProvidersAreStillListed() {
        try (CreorSetup setup = builder("{\"modle\": \"openrouter/openai/gpt-4o\"}").inspect()) {
            assertThat(setup.configValid()).isFalse();
            assertThat(setup.validation().errors()).singleElement()
                    .satisfies(problem -> assertThat(problem.render()).startsWith("embedding:1:2: /modle: unknown key"));
            assertThat(setup.providers()).extracting(ProviderInfo::id).contains("openrouter");
            assertThat(setup.providers()).allSatisfy(provider -> {
                assertThat(provider.status()).isEqualTo(ProviderInfo.Status.UNKNOWN);
                assertThat(provider.credential()).isEmpty();
            });
            assertThat(setup.configText(true)).contains("embedding");
        }
    }

    @Test
    void aValidConfigShowsEachProvidersStatusAndCredential() {
        try (CreorSetup setup = builder("{\"disabled_providers\": [\"openrouter\"]}").inspect()) {
            assertThat(setup.configValid()).isTrue();
            assertThat(setup.configSources()).contains("embedding");
            assertThat(setup.untrustedConfigSources()).isEmpty();
            assertThat(setup.providers()).filteredOn(provider -> provider.id().equals("openrouter")).singleElement()
                    .satisfies(provider -> {
                        assertThat(provider.status()).isEqualTo(ProviderInfo.Status.DISABLED);
                        assertThat(provider.credential()).isEmpty();
                    });
        }
        try (CreorSetup setup = builder("{}").inspect()) {
            assertThat(setup.providers()).filteredOn(provider -> provider.id().equals("openrouter")).singleElement()
                    .satisfies(provider -> assertThat(provider.credential()).hasValueSatisfying(credential -> {
                        assertThat(credential.required()).isTrue();
                        assertThat(credential.maskedKey()).isEmpty();
                        assertThat(credential.missing()).isPresent();
                    }));
        }
    }

    @Test
    void filesAreValidatedEachOnItsOwn() throws Exception {
        Path good = Files.writeString(home.resolve("good.json"), "{\"model\": \"openrouter/openai/gpt-4o\"}");
        Path bad = Files.writeString(home.resolve("bad.json"), "{\"modle\": 1}");
        try (CreorSetup setup = builder("{}").inspect()) {
            assertThat(setup.validateFiles(List.of(good)).isValid()).isTrue();
            assertThat(setup.validateFiles(List.of(good, bad)).errors()).singleElement()
                    .satisfies(problem -> assertThat(problem.render()).contains("bad.json:1:2: /modle"));
        }
    }

    @Test
    void aRunningRuntimeSeesTheGlobalFileAsItIsNowWhileItKeepsTheConfigItStartedWith() throws Exception {
        Path global = Files.createDirectories(home.resolve(".config/creor")).resolve("creor.json");
        Files.writeString(global, "{\"provider\": {\"openrouter\": {\"whitelist\": [\"openai/*\"]}}}");
        try (Creor creor = Creor.builder().workingDirectory(home).homeDirectory(home).environment(Map.of())
                .config("{\"agent\": {\"plan\": {\"model\": \"openrouter/openai/o3\"}}}").build()) {
            Files.writeString(global, """
                    {"agent": {"plan": {"model": "openrouter/openai/gpt-4o"}},
                     "provider": {"openrouter": {"whitelist": ["anthropic/*"]}}}
                    """);

            try (CreorSetup now = creor.inspect()) {
                assertThat(now.configValid()).isTrue();
                assertThat(now.modelFilter("openrouter").whitelist()).containsExactly("anthropic/*");
                assertThat(now.modelFilter("nobody")).isEqualTo(dev.creor.core.catalog.ModelFilter.ALLOW_ALL);
                // The builder's config takes precedence over the global file, and says where it is.
                assertThat(now.agents()).filteredOn(agent -> agent.name().equals("plan")).singleElement()
                        .satisfies(plan -> {
                            assertThat(plan.model()).hasToString("openrouter/openai/o3");
                            assertThat(plan.modelSource()).contains("embedding");
                            assertThat(plan.builtIn()).isTrue();
                        });
                assertThat(now.overridingSource("/agent/plan/model")).hasValueSatisfying(
                        source -> assertThat(source).contains("embedding"));
                assertThat(now.overridingSource("/provider/openrouter/whitelist")).isEmpty();
            }
            assertThat(creor.modelFilter("openrouter").whitelist()).containsExactly("openai/*");
            assertThat(creor.catalog("openrouter")).isPresent();
            assertThat(creor.catalog("nobody")).isEmpty();
            // Closing the setup left the runtime's plugins open: an agent still resolves.
            assertThat(creor.agent("plan").model()).hasToString("openrouter/openai/o3");
        }
    }

    @Test
    void theAgentsOfflineCheckGivesTheRunningRuntimesVerdicts() throws Exception {
        String config = """
                {"model": "openrouter/openai/gpt-4o",
                 "agent": {"plan": {"model": "openrouter/openai/gpt-4oo"},
                           "explore": {"model": "openrouter/google/gemini-2.5-flash"}},
                 "provider": {"openrouter": {"whitelist": ["openai/*"]}}}
                """;
        List<dev.creor.agents.AgentProblem> expected = new java.util.ArrayList<>();
        try (Creor creor = builder(config).build()) {
            for (CreorAgent agent : creor.agents()) {
                expected.addAll(agent.offlineProblems().toCompletableFuture().get());
            }
        }
        assertThat(expected).extracting(dev.creor.agents.AgentProblem::agent).contains("plan", "explore");

        List<dev.creor.agents.AgentProblem> problems;
        try (CreorSetup setup = builder(config).inspect()) {
            problems = setup.offlineAgentProblems();
        }

        assertThat(problems).isEqualTo(expected);
    }

    @Test
    void theAgentsOfflineCheckRefusesAnInvalidConfig() {
        try (CreorSetup setup = builder("{\"modle\": 1}").inspect()) {
            assertThatThrownBy(setup::offlineAgentProblems).isInstanceOf(dev.creor.core.CreorException.class)
                    .satisfies(error -> assertThat(((dev.creor.core.CreorException) error).code())
                            .isEqualTo(dev.creor.core.ErrorCode.CONFIG_INVALID));
        }
    }
}
