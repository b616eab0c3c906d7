package dev.creor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatResponse;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent's retry policy and preset model, through the facade, the real adapter and the sandbox. */
class CreorRequestOptionsTest {
    @TempDir
    Path project;

    private OpenRouterSandbox sandbox;

    @BeforeEach
    void startTheSandbox() {
        sandbox = OpenRouterSandbox.start();
    }

    @AfterEach
    void stopTheSandbox() {
        sandbox.close();
    }

    private Creor creor(String agents) {
        return Creor.builder().workingDirectory(project).homeDirectory(project)
                .environment(Map.of("OPENROUTER_API_KEY", sandbox.apiKey().reveal()))
                .config("{\"model\": \"openrouter/openai/gpt-4o\", \"agent\": " + agents + ", \"provider\":"
                        + " {\"openrouter\": {\"options\": {\"baseURL\": \"" + sandbox.baseUrl() + "\"}}}}")
                .build();
    }

    private List<RecordedRequest> chatRequests() {
        return sandbox.requests().stream().filter(request -> request.path().endsWith("/chat/completions")).toList();
    }

    @Test
    void anAgentsRetrySectionReplacesTheProvidersRetriesForItsRequests() {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.status(503).times(1), SandboxBehaviour.reply("Recovered."));
        try (Creor creor = creor("{\"once\": {\"retry\": {\"maxAttempts\": 1}}}")) {
            assertThatThrownBy(() -> creor.agent("once").ask("hello"))
                    .isInstanceOfSatisfying(CreorException.class,
                            error -> assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
            assertThat(chatRequests()).hasSize(1);

            sandbox.script("openai/gpt-4o", SandboxBehaviour.status(503).times(1), SandboxBehaviour.reply("Recovered."));
            sandbox.clearRequests();
            ChatResponse retried = creor.agent("build").ask("hello");

            assertThat(retried.text()).isEqualTo("Recovered.");
            assertThat(chatRequests()).as("the provider's default policy retries").hasSize(2);
        }
    }

    @Test
    void aPresetModelPassesTheAgentsModelCheckAndIsSentAsTheModel() {
        try (Creor creor = creor("{\"review\": {\"model\": \"openrouter/@preset/code-review\"}}")) {
            ChatResponse answer = creor.agent("review").ask("Is this safe?");

            assertThat(answer.text()).isNotEmpty();
            assertThat(chatRequests()).singleElement().extracting(request -> request.model().orElseThrow())
                    .isEqualTo("@preset/code-review");
        }
    }
}
