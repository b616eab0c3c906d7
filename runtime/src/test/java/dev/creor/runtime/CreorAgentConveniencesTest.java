package dev.creor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.RouteAttempt;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade's blocking, callback and pull forms, over the real adapter and the sandbox. */
class CreorAgentConveniencesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path project;

    private OpenRouterSandbox sandbox;
    private Creor creor;

    @BeforeEach
    void start() {
        sandbox = OpenRouterSandbox.start();
        creor = Creor.builder().workingDirectory(project).homeDirectory(project)
                .environment(Map.of("OPENROUTER_API_KEY", sandbox.apiKey().reveal()))
                .config("{\"model\": \"openrouter/openai/gpt-4o\", \"provider\": {\"openrouter\": {\"options\": "
                        + "{\"baseURL\": \"" + sandbox.baseUrl() + "\"}, \"retry\": {\"maxAttempts\": 1}}}}")
                .build();
    }

    @AfterEach
    void stop() {
        creor.close();
        sandbox.close();
    }

    @Test
    void textWaitsForTheWholeAnswer() {
        assertThat(creor.agent("build").text("hi")).startsWith("Hello from the Creor sandbox (openai/gpt-4o). You said: “hi”");
    }

    @Test
    void askAnswersWithTextUsageAndTheRouteTaken() {
        ChatResponse answer = creor.agent("build").ask("hi");

        assertThat(answer.text()).startsWith("Hello from the Creor sandbox (openai/gpt-4o)");
        assertThat(answer.usage().totalTokens()).isPositive();
        assertThat(answer.usage().cost()).isPresent();
        assertThat(answer.route().attempts()).extracting(RouteAttempt::model)
                .containsExactly(ModelRef.parse("openrouter/openai/gpt-4o"));
        assertThat(answer.route().summary()).isEqualTo("openrouter/openai/gpt-4o SUCCEEDED");
    }

    @Test
    void askThrowsTheRequestsFailureWithItsCode() {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.status(401));

        assertThatThrownBy(() -> creor.agent("build").ask("hi")).isInstanceOfSatisfying(CreorException.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.AUTH_INVALID));
    }

    @Test
    void askFailsBeforeSendingWhenTheAgentsModelIsUnknown() {
        CreorAgent misspelt = creor.agent("build").withModel(ModelRef.parse("openrouter/openai/gtp-4o"), "a test");

        assertThatThrownBy(() -> misspelt.ask("hi")).isInstanceOfSatisfying(CreorException.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(error.getMessage()).contains("openai/gtp-4o").contains("a test");
        });
        assertThat(chatRequests()).isEmpty();
    }

    @Test
    void anInterruptedAskCancelsTheRequestAndKeepsTheInterrupt() throws Exception {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.stallBeforeHeaders());
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        CompletableFuture<Boolean> interruptKept = new CompletableFuture<>();
        Thread asking = new Thread(() -> {
            try {
                creor.agent("build").ask("hi");
                thrown.complete(null);
            } catch (RuntimeException failure) {
                interruptKept.complete(Thread.currentThread().isInterrupted());
                thrown.complete(failure);
            }
        });
        asking.start();
        awaitChatRequest();

        asking.interrupt();

        assertThat(thrown.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isInstanceOfSatisfying(CreorException.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(interruptKept.get()).isTrue();
        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void theCallbackGetsEachPieceInOrderAndTheFutureTheWholeAnswer() throws Exception {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.reply("abcdefgh").and(SandboxBehaviour.textChunks(4)));
        List<String> pieces = new ArrayList<>();

        ChatResponse answer = creor.agent("build").stream("hi", pieces::add).toCompletableFuture()
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(pieces).hasSize(4);
        assertThat(String.join("", pieces)).isEqualTo("abcdefgh").isEqualTo(answer.text());
        assertThat(answer.route().summary()).isEqualTo("openrouter/openai/gpt-4o SUCCEEDED");
    }

    @Test
    void aCallbackThatThrowsCancelsTheRequestAndFailsTheFutureWithWhatItThrew() {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.stallAfterChunks(2));
        IllegalStateException refusal = new IllegalStateException("enough");

        CompletableFuture<ChatResponse> answer = creor.agent("build").stream("hi", piece -> {
            throw refusal;
        }).toCompletableFuture();

        assertThatThrownBy(() -> answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class).cause().isSameAs(refusal);
        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void cancellingTheCallbacksFutureCancelsTheRequest() {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.stallAfterChunks(1));
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<ChatResponse> answer = creor.agent("build").stream("hi", first::complete)
                .toCompletableFuture();
        first.join();

        answer.cancel(true);

        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void theTextStreamYieldsThePiecesOfTheAnswer() {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.reply("abcdefgh").and(SandboxBehaviour.textChunks(4)));

        try (Stream<String> pieces = creor.agent("build").textStream("hi")) {
            assertThat(pieces.collect(Collectors.toList())).hasSize(4).containsExactly("ab", "cd", "ef", "gh");
        }
    }

    @Test
    void closingTheTextStreamEarlyCancelsTheRequest() {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.stallAfterChunks(2));

        try (Stream<String> pieces = creor.agent("build").textStream("hi")) {
            Iterator<String> iterator = pieces.iterator();
            assertThat(iterator.next()).isNotEmpty();
        }

        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void aFailureMidStreamThrowsFromTheTextStreamAfterThePiecesThatArrived() {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.reply("abcdefgh").and(SandboxBehaviour.textChunks(4))
                .and(SandboxBehaviour.midStreamError(2, 502)));
        List<String> seen = new ArrayList<>();

        try (Stream<String> pieces = creor.agent("build").textStream("hi")) {
            assertThatThrownBy(() -> pieces.forEach(seen::add)).isInstanceOfSatisfying(CreorException.class,
                    error -> assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        }
        assertThat(seen).containsExactly("ab", "cd");
    }

    @Test
    void overridesShapeTheRequestWithoutChangingTheAgent() {
        CreorAgent build = creor.agent("build");
        CreorAgent refined = build.withSystemPrompt("Answer in French.").withTemperature(0.3);

        refined.ask("hi");

        assertThat(refined.systemPrompt()).contains("Answer in French.");
        assertThat(build.systemPrompt()).isNotEqualTo(refined.systemPrompt());
        Map<String, Object> sent = chatRequests().get(0).body();
        assertThat(sent).containsEntry("temperature", 0.3);
        assertThat((List<?>) sent.get("messages")).hasSize(2).first()
                .isEqualTo(Map.of("role", "system", "content", "Answer in French."));
        assertThat(refined.request(List.of(Message.system("mine"), Message.user("hi"))).build().messages().get(0))
                .isEqualTo(Message.system("mine"));
        assertThatThrownBy(() -> build.withTemperature(2.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("temperature must be between 0 and 2, got 2.5");
    }

    private void awaitChatRequest() {
        for (int index = 0; !sandbox.awaitRequest(index, WAIT).path().endsWith("/chat/completions"); index++) {
            // the catalog's request comes first: the agent's model is checked against it
        }
    }

    private List<RecordedRequest> chatRequests() {
        return sandbox.requests().stream().filter(request -> request.path().endsWith("/chat/completions")).toList();
    }
}
