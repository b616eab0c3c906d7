package dev.creor.core.internal.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.Role;
import dev.creor.core.chat.ResponseMetadata;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.Usage;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ChatResponseCollectorTest {
    private static final ModelRef MODEL = ModelRef.parse("openrouter/openai/gpt-4o");

    @Test
    void assemblesTextReasoningAndToolCallFragmentsByIndex() throws Exception {
        ResponseMetadata metadata = ResponseMetadata.builder(MODEL).finishReason(FinishReason.TOOL_CALLS)
                .usage(new Usage(10, 5, 2, 0, new BigDecimal("0.0001"))).build();
        List<ChatEvent> events = List.of(
                new ChatEvent.ReasoningDelta("think"), new ChatEvent.ReasoningDelta("ing"),
                new ChatEvent.TextDelta("Hel"), new ChatEvent.TextDelta("lo"),
                new ChatEvent.ToolCallDelta(1, "call_b", "write", "{\"a\""),
                new ChatEvent.ToolCallDelta(0, "call_a", "read", "{}"),
                new ChatEvent.ToolCallDelta(1, null, null, ":1}"),
                new ChatEvent.Completed(metadata));

        ChatResponse response = ChatResponseCollector.collect(publisherOf(events)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        assertThat(response.text()).isEqualTo("Hello");
        assertThat(response.reasoning()).isEqualTo("thinking");
        assertThat(response.toolCalls()).containsExactly(new ToolCall("call_a", "read", "{}"),
                new ToolCall("call_b", "write", "{\"a\":1}"));
        assertThat(response.metadata()).isEqualTo(metadata);
        assertThat(response.usage().cost()).hasValue(new BigDecimal("0.0001"));
    }

    @Test
    void keepsReasoningDetailsByIndexAndCitationsInOrderInTheAssistantMessage() throws Exception {
        String first = "{\"type\":\"reasoning.text\",\"text\":\"a\",\"signature\":\"sig==\",\"index\":0}";
        String second = "{\"type\":\"reasoning.encrypted\",\"data\":\"enc\",\"index\":1}";
        ChatResponse.Citation citation = new ChatResponse.Citation("https://example.com", "Example", "", 0, 4);
        List<ChatEvent> events = List.of(
                new ChatEvent.ReasoningDelta("a"),
                new ChatEvent.ReasoningDetail(1, second),
                new ChatEvent.ReasoningDetail(0, first),
                new ChatEvent.TextDelta("Done"),
                new ChatEvent.CitationAdded(citation),
                new ChatEvent.ToolCallDelta(0, "call_a", "read", "{}"),
                new ChatEvent.Completed(ResponseMetadata.builder(MODEL).build()));

        ChatResponse response = ChatResponseCollector.collect(publisherOf(events)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        Message message = response.message();
        assertThat(message.role()).isEqualTo(Role.ASSISTANT);
        assertThat(message.reasoning().orElseThrow().details()).containsExactly(first, second);
        assertThat(message.reasoning().orElseThrow().text()).isEqualTo("a");
        assertThat(message.toolCalls()).containsExactly(new ToolCall("call_a", "read", "{}"));
        assertThat(response.citations()).containsExactly(citation);
    }

    @Test
    void aFailedEventFailsTheResultWithItsError() {
        CreorException error = CreorException.of(ErrorCode.RATE_LIMITED, "slow down");
        var result = ChatResponseCollector.collect(publisherOf(List.of(new ChatEvent.TextDelta("par"),
                ChatEvent.Failed.of(error)))).toCompletableFuture();

        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCause(error);
    }

    @Test
    void aStreamEndingWithoutATerminalEventIsInterrupted() {
        var result = ChatResponseCollector.collect(publisherOf(List.of(new ChatEvent.TextDelta("x"))))
                .toCompletableFuture();

        assertThatThrownBy(result::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(CreorException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.STREAM_INTERRUPTED));
    }

    @Test
    void aToolCallWithoutANameIsMalformed() {
        var result = ChatResponseCollector.collect(publisherOf(List.of(
                new ChatEvent.ToolCallDelta(0, "id", null, "{}"),
                new ChatEvent.Completed(ResponseMetadata.builder(MODEL).build())))).toCompletableFuture();

        assertThatThrownBy(result::join).cause().isInstanceOfSatisfying(CreorException.class,
                error -> assertThat(error.code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE));
    }

    @Test
    void missingToolCallIdsGetStableSyntheticOnes() {
        ChatResponseCollector collector = new ChatResponseCollector();
        collector.accept(new ChatEvent.ToolCallDelta(0, null, "read", "{}"));
        collector.accept(new ChatEvent.Completed(ResponseMetadata.builder(MODEL).build()));

        assertThat(collector.response().orElseThrow().toolCalls()).containsExactly(new ToolCall("call_0", "read", "{}"));
    }

    @Test
    void rejectsEventsAfterTheEnd() {
        ChatResponseCollector collector = new ChatResponseCollector();
        collector.accept(new ChatEvent.Completed(ResponseMetadata.builder(MODEL).build()));

        assertThatThrownBy(() -> collector.accept(new ChatEvent.TextDelta("late")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void cancellingTheResultCancelsTheSubscription() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Flow.Publisher<ChatEvent> never = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });

        ChatResponseCollector.collect(never).toCompletableFuture().cancel(true);

        assertThat(cancelled).isTrue();
    }

    private static Flow.Publisher<ChatEvent> publisherOf(List<ChatEvent> events) {
        return subscriber -> {
            SubmissionPublisher<ChatEvent> publisher = new SubmissionPublisher<>(Runnable::run, 16);
            publisher.subscribe(subscriber);
            events.forEach(publisher::submit);
            publisher.close();
        };
    }
}
