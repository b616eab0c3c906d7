package dev.creor.cli;

import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.testkit.OpenAiCompatibleDouble;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's process test: an agent whose model is on an OpenAI-compatible endpoint (a named
 * {@code provider.local} of type {@code openai-compatible}, served by the testkit's double) answers
 * from it, and falls back to OpenRouter (the sandbox) when that endpoint is down.
 */
class OpenAiCompatibleFallbackIT extends SandboxCommandTest {
    private CreorProcess creor() {
        return CreorProcess.inHome(home).in(project).env("OPENROUTER_API_KEY", sandbox.apiKey().reveal());
    }

    private void configure(URI localBaseUrl) {
        CliFixtures.writeGlobalConfig(home, """
                {
                  "provider": {
                    "openrouter": {"options": {"baseURL": "%s"}, "retry": {"initialBackoffMs": 10, "maxBackoffMs": 20}},
                    "local": {"type": "openai-compatible", "options": {"baseURL": "%s", "name": "Local"},
                              "retry": {"maxAttempts": 1}}
                  },
                  "agent": {"build": {"model": "local/echo", "fallbacks": ["openrouter/openai/gpt-4o-mini"]}}
                }
                """.formatted(sandbox.baseUrl(), localBaseUrl));
    }

    @Test
    void theAgentAnswersFromTheLocalEndpointWhileItIsUp() {
        try (OpenAiCompatibleDouble local = OpenAiCompatibleDouble.start()) {
            configure(local.baseUrl());

            CreorProcess.Result result = creor().run("run", "answered locally");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdout()).isEqualTo("answered locally\n");
            assertThat(local.chatRequests()).isEqualTo(1);
            assertThat(sandbox.requests()).noneMatch(request -> request.path().endsWith("/chat/completions"));
        }
    }

    @Test
    void theAgentFallsBackToOpenRouterWhenTheLocalEndpointIsDown() {
        URI down;
        try (OpenAiCompatibleDouble stopped = OpenAiCompatibleDouble.start()) {
            down = stopped.baseUrl(); // a loopback port nothing listens on once the double is closed
        }
        configure(down);
        sandbox.script("openai/gpt-4o-mini", reply("OpenRouter answered."));

        CreorProcess.Result result = creor().run("run", "hello");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).isEqualTo("OpenRouter answered.\n");
        assertThat(result.stderr()).contains("local/echo FAILED PROVIDER_UNAVAILABLE")
                .contains("openrouter/openai/gpt-4o-mini SUCCEEDED");
    }
}
