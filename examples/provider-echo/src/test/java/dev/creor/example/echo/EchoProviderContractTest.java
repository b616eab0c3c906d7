package dev.creor.example.echo;

import dev.creor.core.ModelRef;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import dev.creor.testkit.ProviderContractTest;
import dev.creor.testkit.Scenario;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The echo provider keeps the provider contract; its simulated failures stand in for a failing service. */
class EchoProviderContractTest extends ProviderContractTest {
    private static final ProviderSettings SETTINGS = ProviderSettings.builder("echo").build();

    @Override
    protected ProviderFactory factory() {
        return new EchoProviderFactory();
    }

    @Override
    protected Scenario chatScenario() {
        return Scenario.of(SETTINGS, request("echo/any", "hello contract suite")).expectingText("hello contract suite");
    }

    @Override
    protected Scenario longStreamScenario() {
        String manyWords = IntStream.rangeClosed(1, 200).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
        return Scenario.of(SETTINGS, request("echo/any", manyWords));
    }

    @Override
    protected Optional<Scenario> rejectedCredentialScenario() {
        return Optional.of(Scenario.of(SETTINGS, ModelRef.parse("echo/error-401")));
    }

    @Override
    protected Optional<Scenario> rateLimitedScenario(Duration retryAfter) {
        return Optional.of(Scenario.of(SETTINGS, ModelRef.parse("echo/error-429-retry-after-" + retryAfter.toSeconds())));
    }

    @Override
    protected Optional<Scenario> rateLimitedWithoutRetryAfterScenario() {
        return Optional.of(Scenario.of(SETTINGS, ModelRef.parse("echo/error-429")));
    }

    @Override
    protected Optional<Scenario> unavailableScenario() {
        return Optional.of(Scenario.of(SETTINGS, ModelRef.parse("echo/error-503")));
    }
}
