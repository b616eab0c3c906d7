package dev.creor.provider.openrouter;

import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ReasoningOptions;
import dev.creor.core.chat.ToolSpec;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import java.util.List;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.status;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.textChunks;

import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import dev.creor.testkit.OpenConnections;
import dev.creor.testkit.ProviderContractTest;
import dev.creor.testkit.Scenario;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The OpenRouter provider keeps the provider contract, against the sandbox over loopback. */
class OpenRouterProviderContractTest extends ProviderContractTest {
    private static OpenRouterSandbox sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = OpenRouterSandbox.start();
        sandbox.script("contract/chat", reply("hello contract suite"));
        sandbox.script("contract/long", textChunks(60));
        sandbox.script("contract/unavailable", status(503));
        sandbox.script("contract/rate-limited", status(429));
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    private static ProviderSettings settings(Secret key) {
        return ProviderSettings.builder("openrouter")
                .options(Map.of("baseURL", sandbox.baseUrl().toString()))
                .credential(key)
                .build();
    }

    private static ProviderSettings settings() {
        return settings(sandbox.apiKey());
    }

    @Override
    protected ProviderFactory factory() {
        return new OpenRouterProviderFactory();
    }

    @Override
    protected Scenario chatScenario() {
        return Scenario.of(settings(), ModelRef.parse("openrouter/contract/chat")).expectingText("hello contract suite");
    }

    @Override
    protected Scenario longStreamScenario() {
        return Scenario.of(settings(), ModelRef.parse("openrouter/contract/long"));
    }

    @Override
    protected Optional<Scenario> rejectedCredentialScenario() {
        Secret wrong = Secret.of("sk-or-v1-" + "0".repeat(64));
        return Optional.of(Scenario.of(settings(wrong), ModelRef.parse("openrouter/openai/gpt-4o")));
    }

    @Override
    protected Optional<Scenario> rateLimitedScenario(Duration retryAfter) {
        String model = "contract/rate-limited-" + retryAfter.toSeconds();
        sandbox.script(model, status(429).retryAfterSeconds(retryAfter.toSeconds()));
        return Optional.of(Scenario.of(settings(), ModelRef.parse("openrouter/" + model)));
    }

    @Override
    protected Optional<Scenario> rateLimitedWithoutRetryAfterScenario() {
        return Optional.of(Scenario.of(settings(), ModelRef.parse("openrouter/contract/rate-limited")));
    }

    @Override
    protected Optional<Scenario> unavailableScenario() {
        return Optional.of(Scenario.of(settings(), ModelRef.parse("openrouter/contract/unavailable")));
    }

    @Override
    protected Optional<Scenario> toolCallScenario() {
        sandbox.script("contract/tools", SandboxBehaviour.toolCall("lookup", "{\"q\":\"contract\"}")
                .and(SandboxBehaviour.toolCall("lookup", "{\"q\":\"suite\"}")).times(2));
        return Optional.of(Scenario.of(settings(), ChatRequest.builder().model(ModelRef.parse("openrouter/contract/tools"))
                .addMessage(Message.user("Look up two things."))
                .tools(List.of(new ToolSpec("lookup", "Looks a word up", Map.of("type", "object",
                        "properties", Map.of("q", Map.of("type", "string"))))))
                .build()));
    }

    @Override
    protected Optional<Scenario> reasoningScenario() {
        return Optional.of(Scenario.of(settings(), ChatRequest.builder()
                .model(ModelRef.parse("openrouter/google/gemini-3-pro-preview"))
                .addMessage(Message.user("Think, then greet the suite."))
                .reasoning(ReasoningOptions.builder().effort("low").build())
                .build()));
    }

    @Override
    protected Optional<OpenConnections> openConnections() {
        return Optional.of(new OpenConnections() {
            @Override
            public int count() {
                return sandbox.openConnections();
            }

            @Override
            public void awaitCount(int expected, Duration timeout) {
                sandbox.awaitOpenConnections(expected, timeout);
            }
        });
    }
}
