package dev.creor.provider.openaicompatible;

import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import dev.creor.testkit.OpenAiCompatibleDouble;
import dev.creor.testkit.ProviderContractTest;
import dev.creor.testkit.Scenario;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The built-in OpenAI-compatible provider keeps the provider contract against the double, over loopback. */
class OpenAiCompatibleContractTest extends ProviderContractTest {
    private static final String KEY = "sk-double-0123456789abcdef";
    private static OpenAiCompatibleDouble server;

    @BeforeAll
    static void startTheDouble() {
        server = OpenAiCompatibleDouble.requiringKey(KEY);
    }

    @AfterAll
    static void stopTheDouble() {
        server.close();
    }

    private static ProviderSettings settings(String key) {
        return ProviderSettings.builder(OpenAiCompatibleProviderFactory.ID)
                .options(Map.of("baseURL", server.baseUrl().toString()))
                .credential(Secret.of(key))
                .build();
    }

    @Override
    protected ProviderFactory factory() {
        return new OpenAiCompatibleProviderFactory();
    }

    @Override
    protected Scenario chatScenario() {
        return Scenario.of(settings(KEY), request("openai-compatible/echo", "hello contract suite"))
                .expectingText("hello contract suite");
    }

    @Override
    protected Scenario longStreamScenario() {
        return Scenario.of(settings(KEY), ModelRef.parse("openai-compatible/long"));
    }

    @Override
    protected Optional<Scenario> rejectedCredentialScenario() {
        return Optional.of(Scenario.of(settings("sk-wrong-key-0123456789"), ModelRef.parse("openai-compatible/echo")));
    }

    @Override
    protected Optional<Scenario> rateLimitedScenario(Duration retryAfter) {
        return Optional.of(Scenario.of(settings(KEY),
                ModelRef.parse("openai-compatible/rate-limited-" + retryAfter.toSeconds())));
    }

    @Override
    protected Optional<Scenario> rateLimitedWithoutRetryAfterScenario() {
        return Optional.of(Scenario.of(settings(KEY), ModelRef.parse("openai-compatible/rate-limited")));
    }

    @Override
    protected Optional<Scenario> unavailableScenario() {
        return Optional.of(Scenario.of(settings(KEY), ModelRef.parse("openai-compatible/unavailable")));
    }
}
