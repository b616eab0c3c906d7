package dev.creor.testkit;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.spi.ProviderSettings;
import java.util.Objects;
import java.util.Optional;

/**
 * One situation the contract suite puts a provider in: the settings to create the provider
 * with and the request to send it, optionally with the exact text the answer must have.
 *
 * <p>The suite may send a scenario's request more than once (as a whole answer and as a
 * stream), so the backend must answer every request of a scenario alike: a scripted fault
 * should repeat, not happen once.
 *
 * <pre>{@code
 * Scenario.of(settings, ModelRef.parse("echo/any"))                       // any answer will do
 * Scenario.of(settings, request).expectingText("hello world")             // this answer exactly
 * }</pre>
 */
public final class Scenario {
    /** The message {@link #of(ProviderSettings, ModelRef)} sends. */
    public static final String DEFAULT_PROMPT = "Say hello to the Creor contract suite";

    private final ProviderSettings settings;
    private final ChatRequest request;
    private final String expectedText;

    private Scenario(ProviderSettings settings, ChatRequest request, String expectedText) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.request = Objects.requireNonNull(request, "request is null");
        this.expectedText = expectedText;
    }

    /** The given settings and request; any non-empty answer will do. */
    public static Scenario of(ProviderSettings settings, ChatRequest request) {
        return new Scenario(settings, request, null);
    }

    /** The given settings and a request asking {@code model} {@link #DEFAULT_PROMPT}. */
    public static Scenario of(ProviderSettings settings, ModelRef model) {
        return of(settings, ChatRequest.builder().model(model).addMessage(Message.user(DEFAULT_PROMPT)).build());
    }

    /** This scenario, with the exact text its answer must have, streamed or not. */
    public Scenario expectingText(String text) {
        return new Scenario(settings, request, Objects.requireNonNull(text, "text is null"));
    }

    /** The settings to create the provider with. */
    public ProviderSettings settings() {
        return settings;
    }

    /** The request to send. */
    public ChatRequest request() {
        return request;
    }

    /** The exact text the answer must have, when the backend is deterministic. */
    public Optional<String> expectedText() {
        return Optional.ofNullable(expectedText);
    }

    /** The settings (never the credential) and the request's model. */
    @Override
    public String toString() {
        return "Scenario[" + settings + ", " + request.model() + (expectedText == null ? "" : ", expecting text") + "]";
    }
}
