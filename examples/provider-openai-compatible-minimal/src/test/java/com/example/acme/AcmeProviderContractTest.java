package com.example.acme;

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

/** The Acme provider keeps the provider contract, against the testkit's OpenAI-compatible double on loopback. */
class AcmeProviderContractTest extends ProviderContractTest {
    private static final String KEY = "acme-key-0123456789abcdef";
    private static OpenAiCompatibleDouble acme;

    @BeforeAll
    static void startTheDouble() {
        acme = OpenAiCompatibleDouble.requiringKey(KEY);
    }

    @AfterAll
    static void stopTheDouble() {
        acme.close();
    }

    private static ProviderSettings settings(String key) {
        return ProviderSettings.builder("acme").options(Map.of("baseURL", acme.baseUrl().toString()))
                .credential(Secret.of(key)).build();
    }

    @Override
    protected ProviderFactory factory() {
        return new AcmeProviderFactory();
    }

    @Override
    protected Scenario chatScenario() {
        return Scenario.of(settings(KEY), request("acme/echo", "hello contract suite")).expectingText("hello contract suite");
    }

    @Override
    protected Scenario longStreamScenario() {
        return Scenario.of(settings(KEY), ModelRef.parse("acme/long"));
    }

    @Override
    protected Optional<Scenario> rejectedCredentialScenario() {
        return Optional.of(Scenario.of(settings("acme-wrong-key-0123456789"), ModelRef.parse("acme/echo")));
    }

    @Override
    protected Optional<Scenario> rateLimitedScenario(Duration retryAfter) {
        return Optional.of(Scenario.of(settings(KEY), ModelRef.parse("acme/rate-limited-" + retryAfter.toSeconds())));
    }

    @Override
    protected Optional<Scenario> rateLimitedWithoutRetryAfterScenario() {
        return Optional.of(Scenario.of(settings(KEY), ModelRef.parse("acme/rate-limited")));
    }

    @Override
    protected Optional<Scenario> unavailableScenario() {
        return Optional.of(Scenario.of(settings(KEY), ModelRef.parse("acme/unavailable")));
    }
}
