package dev.creor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.internal.chat.ChatResponseCollector;
import dev.creor.core.chat.Message;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding facade over the real OpenRouter adapter and the sandbox: cancelling and closing. */
class CreorOverSandboxTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

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

    private Creor creor() {
        return creor("");
    }

    /** A runtime whose OpenRouter section points at the sandbox, with {@code moreSettings} added to it. */
    private Creor creor(String moreSettings) {
        return Creor.builder().workingDirectory(project).homeDirectory(project)
                .environment(Map.of("OPENROUTER_API_KEY", sandbox.apiKey().reveal()))
                .config("{\"model\": \"openrouter/openai/gpt-4o\", \"provider\": {\"openrouter\": {\"options\": "
                        + "{\"baseURL\": \"" + sandbox.baseUrl() + "\"}" + moreSettings + "}}}")
                .build();
    }

    @Test
    void closingEndsTheRequestsInFlightInsteadOfLeavingThemUnanswered() throws Exception {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.stallBeforeHeaders());
        Creor creor = creor();
        CompletableFuture<ChatResponse> chat = creor.chat(creor.agent("build").request(List.of(Message.user("one"))).build())
                .toCompletableFuture();
        CompletableFuture<ChatResponse> stream = ChatResponseCollector.collect(creor.agent("build").stream("two"))
                .toCompletableFuture();
        awaitChatRequests(2);

        creor.close();

        assertThatThrownBy(() -> chat.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the chat")
                .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(CreorException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThatThrownBy(() -> stream.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the stream")
                .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(CreorException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED));
    }

    @Test
    void closingEndsRequestsWaitingForAConcurrencySlotToo() throws Exception {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.stallBeforeHeaders());
        Creor creor = creor(", \"concurrency\": {\"maxConcurrent\": 1}");
        List<CompletableFuture<ChatResponse>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(creor.chat(creor.agent("build").request(List.of(Message.user("question " + i))).build())
                    .toCompletableFuture());
        }
        awaitChatRequests(1);

        creor.close();

        for (CompletableFuture<ChatResponse> answer : answers) {
            assertThatThrownBy(() -> answer.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(CreorException.class,
                            error -> assertThat(error.code()).isEqualTo(ErrorCode.CANCELLED));
        }
    }

    @Test
    void cancellingAnAgentsAnswerCancelsTheRequest() throws Exception {
        sandbox.script("openai/gpt-4o", SandboxBehaviour.stallBeforeHeaders());
        try (Creor creor = creor()) {
            CompletableFuture<ChatResponse> answer = creor.agent("build").chat("hi").toCompletableFuture();
            awaitChatRequests(1);

            answer.cancel(true);

            // The stalled request's connection closes only when the client gives the request up.
            sandbox.awaitOpenConnections(0, WAIT);
        }
    }

    private void awaitChatRequests(int count) {
        int seen = 0;
        for (int index = 0; seen < count; index++) {
            RecordedRequest request = sandbox.awaitRequest(index, WAIT);
            if (request.path().endsWith("/chat/completions")) {
                seen++;
            }
        }
    }
}
