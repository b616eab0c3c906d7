package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.ToolCall;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import dev.creor.spi.Provider;
import dev.creor.testkit.RecordingSubscriber;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every trap of openrouter.md, produced on the wire by the sandbox: split bytes, keep-alive
 * comments, stalls, resets, in-band errors, malformed chunks, missing finish reasons, reasoning
 * and tool-call fragments.
 */
class WireFaultsTest extends SandboxTestSupport {
    private static final String UTF8_TEXT = "Grüße aus Köln — 3 € für 😀 und 日本語.";

    @BeforeEach
    void noConnectionsLeftFromEarlierTests() {
        sandbox.awaitOpenConnections(0, WAIT);
    }

    // ---- bytes split across reads ----

    @ParameterizedTest(name = "pieces of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 5, 7, 64})
    void aStreamCutIntoTinyWritesGivesTheExactText(int bytes) {
        sandbox.script("vendor/split", SandboxBehaviour.reply(UTF8_TEXT).and(SandboxBehaviour.splitEvery(bytes)));

        ChatResponse response = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider().chatModel().stream(request("vendor/split"))).awaitResponse();

        assertThat(response.text()).isEqualTo(UTF8_TEXT);
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage().cost()).isPresent();
    }

    @Test
    void cutsAtArbitraryOffsetsIncludingInsideCharactersGiveTheExactText() {
        for (int first = 1; first < 400; first += 13) {
            sandbox.script("vendor/split", SandboxBehaviour.reply(UTF8_TEXT)
                    .and(SandboxBehaviour.splitAt(first, first + 1, first + 3, first + 180, first + 181)));

            assertThat(RecordingSubscriber.<ChatEvent>requestingAll()
                    .subscribeTo(provider().chatModel().stream(request("vendor/split"))).awaitResponse().text())
                    .as("cut at %d", first).isEqualTo(UTF8_TEXT);
        }
    }

    @Test
    void aWholeAnswerInPiecesIsReadWhole() throws Exception {
        sandbox.script("vendor/split", SandboxBehaviour.reply(UTF8_TEXT).and(SandboxBehaviour.splitEvery(3)));

        assertThat(provider().chatModel().chat(request("vendor/split")).toCompletableFuture().get(10, TimeUnit.SECONDS)
                .text()).isEqualTo(UTF8_TEXT);
    }

    // ---- keep-alive and silence ----

    @Test
    void keepAliveCommentsLongerThanTheChunkTimeoutKeepTheStreamAlive() {
        sandbox.script("vendor/thinking", SandboxBehaviour.keepAlive(6, Duration.ofMillis(120)));
        Provider provider = provider(settings -> settings.chunkTimeout(Duration.ofMillis(300)));

        ChatResponse response = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/thinking"))).awaitResponse();

        assertThat(response.text()).isNotEmpty();
    }

    @Test
    void keepAliveCommentsBetweenSlowChunksKeepTheStreamAlive() {
        sandbox.script("vendor/drip", SandboxBehaviour.textChunks(2).and(SandboxBehaviour.dripEvery(Duration.ofMillis(450)))
                .and(SandboxBehaviour.keepAliveBetweenChunks(Duration.ofMillis(60))));
        Provider provider = provider(settings -> settings.chunkTimeout(Duration.ofMillis(200)));

        assertThat(RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/drip")))
                .awaitCompletion()).hasSize(3).last().isInstanceOf(ChatEvent.Completed.class);
    }

    @Test
    void slowChunksWithoutKeepAliveAreAChunkTimeout() {
        sandbox.script("vendor/drip", SandboxBehaviour.textChunks(3).and(SandboxBehaviour.dripEvery(Duration.ofSeconds(5))));
        Provider provider = provider(settings -> settings.chunkTimeout(Duration.ofMillis(300)));

        ChatEvent.Failed failed = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/drip"))).awaitFailure();

        assertThat(failed.error().code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failed.error().getMessage()).startsWith("chunk timeout");
        assertThat(failed.partialText()).isNotEmpty();
        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void aServerSilentBeforeItsHeadersIsAChunkTimeout() {
        sandbox.script("vendor/stall", SandboxBehaviour.stallBeforeHeaders());
        Provider provider = provider(settings -> settings.chunkTimeout(Duration.ofMillis(300)));

        CreorException fromStream = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/stall"))).awaitError();
        CreorException fromChat = chatError(provider, request("vendor/stall"));

        for (CreorException error : List.of(fromStream, fromChat)) {
            assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(error.getMessage()).startsWith("chunk timeout").contains("300 ms");
        }
        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void aServerSilentAfterItsHeadersIsAChunkTimeout() {
        sandbox.script("vendor/stall", SandboxBehaviour.stallBeforeFirstChunk());
        Provider provider = provider(settings -> settings.chunkTimeout(Duration.ofMillis(300)));

        assertThat(RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/stall")))
                .awaitError().getMessage()).startsWith("chunk timeout");
        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void aStreamThatFallsSilentMidwayIsAChunkTimeoutKeepingThePartialText() {
        sandbox.script("vendor/stall", SandboxBehaviour.textChunks(8).and(SandboxBehaviour.stallAfterChunks(3)));
        Provider provider = provider(settings -> settings.chunkTimeout(Duration.ofMillis(300)));

        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/stall")));
        ChatEvent.Failed failed = subscriber.awaitFailure();

        assertThat(subscriber.textDeltas()).hasSize(3);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failed.partialText()).isEqualTo(subscriber.text());
        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void theTotalTimeoutCutsAStreamThatIsNeverSilent() {
        sandbox.script("vendor/drip", SandboxBehaviour.textChunks(50).and(SandboxBehaviour.dripEvery(Duration.ofMillis(50))));
        Provider provider = provider(settings -> settings.chunkTimeout(Duration.ofSeconds(5))
                .totalTimeout(Duration.ofMillis(500)));

        ChatEvent.Failed failed = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/drip"))).awaitFailure();

        assertThat(failed.error().getMessage()).startsWith("total timeout").contains("500 ms");
        assertThat(failed.partialText()).isNotEmpty();
        sandbox.awaitOpenConnections(0, WAIT);
    }

    // ---- broken connections ----

    @Test
    void aResetBeforeTheHeadersIsProviderUnavailable() {
        sandbox.script("vendor/reset", SandboxBehaviour.resetBeforeHeaders());
        Provider provider = provider();

        CreorException fromStream = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/reset"))).awaitError();
        CreorException fromChat = chatError(provider, request("vendor/reset"));

        for (CreorException error : List.of(fromStream, fromChat)) {
            assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
            assertThat(error.retryable()).isTrue();
            assertThat(error.getMessage()).contains("broke before it answered");
        }
    }

    @Test
    void aResetMidStreamIsStreamInterruptedKeepingThePartialText() {
        sandbox.script("vendor/reset", SandboxBehaviour.textChunks(20).and(SandboxBehaviour.resetAfterBytes(1500)));

        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider().chatModel().stream(request("vendor/reset")));
        ChatEvent.Failed failed = subscriber.awaitFailure();

        assertThat(failed.error().code()).isEqualTo(ErrorCode.STREAM_INTERRUPTED);
        assertThat(failed.error().retryable()).isTrue();
        assertThat(subscriber.textDeltas()).isNotEmpty();
        assertThat(failed.partialText()).isNotEmpty();
    }

    // ---- errors inside a 200 ----

    @Test
    void aMidStreamErrorWithAStringCodeFailsTheStream() {
        sandbox.script("vendor/broken", SandboxBehaviour.textChunks(6).and(SandboxBehaviour.midStreamError(2, "server_error")));

        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider().chatModel().stream(request("vendor/broken")));
        ChatEvent.Failed failed = subscriber.awaitFailure();

        assertThat(subscriber.textDeltas()).hasSize(2);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(failed.error().getMessage()).contains("code server_error");
        assertThat(failed.partialText()).isNotEmpty();
        assertThat(subscriber.events()).noneMatch(ChatEvent.Completed.class::isInstance);
    }

    @Test
    void aMidStreamErrorWithANumericCodeIsClassifiedByIt() {
        sandbox.script("vendor/broken", SandboxBehaviour.textChunks(6).and(SandboxBehaviour.midStreamError(1, 429)));

        assertThat(RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider().chatModel().stream(request("vendor/broken")))
                .awaitError().code()).isEqualTo(ErrorCode.RATE_LIMITED);
    }

    @Test
    void aMidStreamErrorWithoutChoicesFailsToo() {
        sandbox.script("vendor/broken", SandboxBehaviour.textChunks(4)
                .and(SandboxBehaviour.midStreamError(2, "server_error").withoutChoices()));

        assertThat(RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider().chatModel().stream(request("vendor/broken")))
                .awaitError().code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
    }

    @Test
    void a200CarryingAnErrorFailsByItsCodeInChatAndStream() {
        sandbox.script("vendor/in200", SandboxBehaviour.errorIn200(402, "Insufficient credits"));
        sandbox.script("vendor/named", SandboxBehaviour.errorIn200("rate_limit_exceeded", "Slow down"));
        Provider provider = provider();

        CreorException chat = chatError(provider, request("vendor/in200"));
        CreorException stream = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/in200"))).awaitError();
        for (CreorException error : List.of(chat, stream)) {
            assertThat(error.code()).isEqualTo(ErrorCode.INSUFFICIENT_CREDITS);
            assertThat(error.getMessage()).contains("Insufficient credits").doesNotContain("no choices");
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("openrouter.ai/settings/credits"));
        }
        assertThat(chatError(provider, request("vendor/named")).code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/named")))
                .awaitError().code()).isEqualTo(ErrorCode.RATE_LIMITED);
    }

    @Test
    void aMalformedChunkFailsWithMalformedResponse() {
        sandbox.script("vendor/garbled", SandboxBehaviour.textChunks(5).and(SandboxBehaviour.malformedChunk(2)));
        Provider provider = provider();

        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/garbled")));
        ChatEvent.Failed failed = subscriber.awaitFailure();

        assertThat(failed.error().code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
        assertThat(subscriber.textDeltas()).hasSize(2);
        // The server would go on writing after a broken chunk: the connection is closed.
        sandbox.awaitOpenConnections(0, WAIT);
        assertThat(chatError(provider, request("vendor/garbled")).code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
    }

    @Test
    void aStreamWithoutAnyFinishReasonStillCompletesAsUnknown() throws Exception {
        sandbox.script("vendor/terse", SandboxBehaviour.withoutFinishReason());
        Provider provider = provider();

        assertThat(RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/terse")))
                .awaitResponse().finishReason()).isEqualTo(FinishReason.UNKNOWN);
        assertThat(provider.chatModel().chat(request("vendor/terse")).toCompletableFuture().get(10, TimeUnit.SECONDS)
                .finishReason()).isEqualTo(FinishReason.UNKNOWN);
    }

    // ---- reasoning and tools ----

    @Test
    void reasoningArrivesAsReasoningDeltasBeforeTheText() throws Exception {
        sandbox.script("vendor/thinker", SandboxBehaviour.reasoning("First I consider the question carefully.")
                .and(SandboxBehaviour.reply("The answer is 42.")));
        Provider provider = provider();

        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/thinker")));
        ChatResponse streamed = subscriber.awaitResponse();
        ChatResponse whole = provider.chatModel().chat(request("vendor/thinker")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(subscriber.events().get(0)).isInstanceOf(ChatEvent.ReasoningDelta.class);
        assertThat(streamed.reasoning()).isEqualTo("First I consider the question carefully.");
        assertThat(streamed.text()).isEqualTo("The answer is 42.");
        assertThat(whole.reasoning()).isEqualTo(streamed.reasoning());
        assertThat(streamed.usage().reasoningTokens()).isPositive().isEqualTo(whole.usage().reasoningTokens());
        assertThat(streamed.usage().completionTokens()).isGreaterThan(streamed.usage().reasoningTokens());
    }

    @Test
    void toolCallFragmentsAssembleIntoTheCallsByIndex() throws Exception {
        sandbox.script("vendor/tools", SandboxBehaviour.toolCall("get_weather", "{\"city\":\"München\",\"unit\":\"celsius\"}")
                .and(SandboxBehaviour.toolCall("get_time", "{\"tz\":\"Europe/Berlin\"}")));
        Provider provider = provider();

        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/tools")));
        ChatResponse streamed = subscriber.awaitResponse();
        ChatResponse whole = provider.chatModel().chat(request("vendor/tools")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(subscriber.events()).filteredOn(ChatEvent.ToolCallDelta.class::isInstance).hasSizeGreaterThan(2);
        for (ChatResponse response : List.of(streamed, whole)) {
            assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
            assertThat(response.toolCalls()).extracting(ToolCall::name, ToolCall::arguments).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("get_weather", "{\"city\":\"München\",\"unit\":\"celsius\"}"),
                    org.assertj.core.groups.Tuple.tuple("get_time", "{\"tz\":\"Europe/Berlin\"}"));
            assertThat(response.toolCalls()).allSatisfy(call -> assertThat(call.id()).isNotBlank());
        }
    }

    private static CreorException chatError(Provider provider, ChatRequest request) {
        Throwable thrown = catchThrowable(() -> provider.chatModel().chat(request).toCompletableFuture()
                .get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(CreorException.class);
        return (CreorException) thrown.getCause();
    }
}
