package dev.creor.core.internal.chat;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ResponseMetadata;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Assembles streamed {@link ChatEvent}s into a {@link ChatResponse}: appends text and reasoning
 * deltas, joins tool-call fragments by index, keeps reasoning details by index and citations in
 * order, and takes the metadata from
 * {@link ChatEvent.Completed}.
 *
 * <p>Use {@link #collect} to turn a whole stream into one answer, or feed events one by one
 * with {@link #accept} to keep a running view of a stream you also show as it arrives.
 * Instances are not thread-safe; a Reactive Streams publisher delivers events one at a time.
 */
public final class ChatResponseCollector {
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final Map<Integer, PartialToolCall> toolCalls = new TreeMap<>();
    private final Map<Integer, String> reasoningDetails = new TreeMap<>();
    private final List<ChatResponse.Citation> citations = new ArrayList<>();
    private ChatResponse response;
    private ChatEvent.Failed failure;

    /**
     * Subscribes to the stream, requests every event and completes with the assembled answer,
     * or exceptionally with the stream's {@link CreorException}. Cancelling the returned future
     * cancels the subscription.
     */
    public static CompletionStage<ChatResponse> collect(Flow.Publisher<ChatEvent> stream) {
        Objects.requireNonNull(stream, "stream is null");
        CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        stream.subscribe(new Flow.Subscriber<>() {
            private final ChatResponseCollector collector = new ChatResponseCollector();
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                result.whenComplete((ignored, error) -> {
                    if (result.isCancelled()) {
                        subscription.cancel();
                    }
                });
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ChatEvent event) {
                try {
                    collector.accept(event);
                } catch (CreorException error) {
                    subscription.cancel();
                    result.completeExceptionally(error);
                    return;
                }
                collector.response().ifPresent(result::complete);
                collector.failure().ifPresent(failed -> result.completeExceptionally(failed.error()));
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error instanceof CreorException ? error
                        : CreorException.builder(ErrorCode.INTERNAL, "the answer stream broke: " + error)
                                .cause(error).build());
            }

            @Override
            public void onComplete() {
                result.completeExceptionally(CreorException.of(ErrorCode.STREAM_INTERRUPTED,
                        "the answer stream ended without saying whether it completed"));
            }
        });
        return result;
    }

    /**
     * Takes one event into account.
     *
     * @throws CreorException with {@link ErrorCode#MALFORMED_RESPONSE} when a completed answer
     *                        has a tool call without a name
     * @throws IllegalStateException when an event arrives after the stream ended
     */
    public void accept(ChatEvent event) {
        Objects.requireNonNull(event, "event is null");
        if (response != null || failure != null) {
            throw new IllegalStateException("an event arrived after the stream ended: " + event);
        }
        if (event instanceof ChatEvent.TextDelta delta) {
            text.append(delta.text());
        } else if (event instanceof ChatEvent.ReasoningDelta delta) {
            reasoning.append(delta.text());
        } else if (event instanceof ChatEvent.ReasoningDetail detail) {
            reasoningDetails.put(detail.index(), detail.json());
        } else if (event instanceof ChatEvent.ToolCallDelta delta) {
            toolCalls.computeIfAbsent(delta.index(), PartialToolCall::new).add(delta);
        } else if (event instanceof ChatEvent.CitationAdded cited) {
            citations.add(cited.citation());
        } else if (event instanceof ChatEvent.Completed completed) {
            Message.Reasoning assembled = new Message.Reasoning(reasoning.toString(), "",
                    List.copyOf(reasoningDetails.values()));
            response = new ChatResponse(ChatResponse.assistantMessage(text.toString(), assembled, assembledToolCalls()),
                    citations, completed.metadata());
        } else if (event instanceof ChatEvent.Failed failed) {
            failure = failed;
        }
    }

    /** The text received so far. */
    public String text() {
        return text.toString();
    }

    /** The reasoning received so far. */
    public String reasoning() {
        return reasoning.toString();
    }

    /** The complete answer, once {@link ChatEvent.Completed} has arrived. */
    public Optional<ChatResponse> response() {
        return Optional.ofNullable(response);
    }

    /** The failure, once {@link ChatEvent.Failed} has arrived. */
    public Optional<ChatEvent.Failed> failure() {
        return Optional.ofNullable(failure);
    }

    private List<ToolCall> assembledToolCalls() {
        List<ToolCall> calls = new ArrayList<>(toolCalls.size());
        for (PartialToolCall partial : toolCalls.values()) {
            calls.add(partial.toToolCall());
        }
        return calls;
    }

    private static final class PartialToolCall {
        private final int index;
        private String id;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        PartialToolCall(int index) {
            this.index = index;
        }

        void add(ChatEvent.ToolCallDelta delta) {
            delta.id().filter(value -> !value.isBlank()).ifPresent(value -> id = value);
            delta.name().filter(value -> !value.isBlank()).ifPresent(value -> name = value);
            arguments.append(delta.argumentsFragment());
        }

        ToolCall toToolCall() {
            if (name == null) {
                throw CreorException.of(ErrorCode.MALFORMED_RESPONSE,
                        "tool call " + index + " of the answer never named its tool");
            }
            // Some providers omit ids; a stable synthetic one keeps tool results matchable.
            return new ToolCall(id == null ? "call_" + index : id, name, arguments.toString());
        }
    }
}
