package dev.creor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.internal.chat.ChatResponseCollector;
import dev.creor.testkit.OpenAiCompatibleDouble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Named OpenAI-compatible endpoints ({@code provider.<name>} with {@code "type":
 * "openai-compatible"}) through the embedding facade, against the testkit's double on loopback.
 */
class CreorOpenAiCompatibleTest {
    @TempDir
    Path home;

    private OpenAiCompatibleDouble local;

    @BeforeEach
    void startTheDouble() {
        local = OpenAiCompatibleDouble.start();
    }

    @AfterEach
    void stopTheDouble() {
        local.close();
    }

    private Creor.Builder creor(String providers) {
        return Creor.builder().workingDirectory(home).homeDirectory(home).environment(Map.of())
                .config("{\"provider\": {" + providers + "}}");
    }

    private String endpoint(String name, String extraOptions) {
        return "\"" + name + "\": {\"type\": \"openai-compatible\", \"options\": {\"baseURL\": \"" + local.baseUrl()
                + "\"" + extraOptions + "}}";
    }

    @Test
    void aNamedEndpointAnswersUnderItsOwnNameWithItsOwnHeaders() throws Exception {
        try (Creor creor = creor(endpoint("lab", ", \"headers\": {\"X-Team\": \"search\"}")).build()) {
            ChatResponse answer = ChatResponseCollector.collect(creor.agent("build", ModelRef.parse("lab/echo"))
                    .stream("hello from the lab")).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(answer.text()).isEqualTo("hello from the lab");
            assertThat(local.lastHeader("X-Team")).contains("search");
            assertThat(local.lastHeader("Authorization")).as("no key is configured, so none is sent").isEmpty();
        }
    }

    @Test
    void namedEndpointsAreListedWithTheirTypeAndTheUnconfiguredTypeAsNotConfigured() {
        try (Creor creor = creor(endpoint("lab", "")).build()) {
            assertThat(creor.providers()).anySatisfy(provider -> {
                assertThat(provider.id()).isEqualTo("lab");
                assertThat(provider.origin()).isEqualTo("built-in, type openai-compatible");
                assertThat(provider.status()).isEqualTo(ProviderInfo.Status.ENABLED);
            }).anySatisfy(provider -> {
                assertThat(provider.id()).isEqualTo("openai-compatible");
                assertThat(provider.status()).isEqualTo(ProviderInfo.Status.NOT_CONFIGURED);
            });
        }
    }

    @Test
    void twoEndpointsOfOneTypeListTheirModelsSeparately() throws Exception {
        try (Creor creor = creor(endpoint("one", "") + ", " + endpoint("two", ", \"models\": [\"only-this\"]")).build()) {
            List<ModelInfo> one = creor.models("one", false).toCompletableFuture().get(10, TimeUnit.SECONDS);
            List<ModelInfo> two = creor.models("two", false).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(one).map(model -> model.ref().toString())
                    .containsExactlyElementsOf(OpenAiCompatibleDouble.MODELS.stream().map(id -> "one/" + id).toList());
            assertThat(two).map(model -> model.ref().toString()).containsExactly("two/only-this");
        }
    }

    @Test
    void anUntrustedProjectFileMayNotAddAnEndpoint() throws Exception {
        Files.createDirectory(home.resolve(".git"));
        Files.writeString(home.resolve("creor.json"), "{\"provider\": {" + endpoint("evil", "") + "}}");

        assertThatThrownBy(() -> Creor.builder().workingDirectory(home).homeDirectory(home).environment(Map.of()).build())
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    // With its type refused, the section is of no installed provider: nothing of it is used.
                    assertThat(error.getMessage()).contains("/provider/evil/type", "may not add a provider endpoint",
                            "unknown provider \"evil\"");
                });
    }

    @Test
    void plainHttpToAnotherMachineIsRefusedWithTheReason() {
        try (Creor creor = creor("\"remote\": {\"type\": \"openai-compatible\", \"options\": {\"baseURL\":"
                + " \"http://192.0.2.1:8000/v1\"}}").build()) {
            assertThatThrownBy(() -> creor.models("remote", false).toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(CreorException.class)
                    .rootCause().hasMessageContaining("plain http is allowed only to this machine");
        } catch (CreorException refusedAtStart) {
            assertThat(refusedAtStart.getMessage()).contains("plain http is allowed only to this machine");
        }
    }

    @Test
    void aProvidersOwnSectionCannotNameAnotherType() {
        assertThatThrownBy(() -> creor("\"openrouter\": {\"type\": \"openai-compatible\"}").build())
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).contains("provider.openrouter.type");
                });
    }
}
