package dev.creor.testkit;

import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;

/** The contract suite on the fake provider, with the defects {@link #defects()} names. */
abstract class FakeContract extends ProviderContractTest {

    abstract Set<Defect> defects();

    @BeforeEach
    void resetConnections() {
        FakeConnections.INSTANCE.reset();
    }

    @Override
    protected ProviderFactory factory() {
        return new FakeProviderFactory(defects());
    }

    @Override
    protected Scenario chatScenario() {
        return scenario("ok", "hello from the fake").expectingText("hello from the fake");
    }

    @Override
    protected Scenario longStreamScenario() {
        return scenario("long", "go on");
    }

    @Override
    protected Optional<Scenario> rejectedCredentialScenario() {
        if (defects().contains(Defect.OMITS_FAILURE_SCENARIOS)) {
            return Optional.empty();
        }
        return Optional.of(Scenario.of(settings(Secret.of("fk-wrong-key")),
                ChatRequest.builder().model(model("ok")).addMessage(Message.user("hi")).build()));
    }

    @Override
    protected Optional<Scenario> rateLimitedScenario(Duration retryAfter) {
        if (defects().contains(Defect.OMITS_FAILURE_SCENARIOS)) {
            return Optional.empty();
        }
        return Optional.of(scenario("429-" + retryAfter.toSeconds(), "hi"));
    }

    @Override
    protected Optional<Scenario> rateLimitedWithoutRetryAfterScenario() {
        if (defects().contains(Defect.OMITS_FAILURE_SCENARIOS)) {
            return Optional.empty();
        }
        return Optional.of(scenario("429", "hi"));
    }

    @Override
    protected Optional<Scenario> unavailableScenario() {
        if (defects().contains(Defect.OMITS_FAILURE_SCENARIOS)) {
            return Optional.empty();
        }
        return Optional.of(scenario("503", "hi"));
    }

    @Override
    protected Optional<OpenConnections> openConnections() {
        return Optional.of(FakeConnections.INSTANCE);
    }

    @Override
    protected Duration timeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    protected Optional<Scenario> toolCallScenario() {
        return Optional.of(scenario("tools", "look it up"));
    }

    @Override
    protected Optional<Scenario> reasoningScenario() {
        return Optional.of(scenario("reasoning", "think first"));
    }

    private Scenario scenario(String model, String prompt) {
        return Scenario.of(settings(Secret.of("fk-good")),
                ChatRequest.builder().model(model(model)).addMessage(Message.user(prompt)).build());
    }

    private ModelRef model(String model) {
        return new ModelRef(factory().id(), model);
    }

    private ProviderSettings settings(Secret credential) {
        return ProviderSettings.builder(factory().id())
                .options(Map.of("greeting", "hi"))
                .credential(credential)
                .build();
    }
}
