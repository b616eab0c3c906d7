package dev.creor.core;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Something that answers chat requests: a provider's adapter, or a router in front of several.
 *
 * <p>Both methods return at once and never block the caller; the work happens asynchronously.
 * Failures are {@link CreorException}s: {@link #chat} completes exceptionally with one, and
 * {@link #stream} ends with a {@link ChatEvent.Failed} event carrying one.
 */
public interface ChatModel {

    /** Asks for one complete answer. */
    CompletionStage<ChatResponse> chat(ChatRequest request);

    /**
     * Asks for an answer delivered as it is written.
     *
     * <p>The publisher is cold and single-use: nothing is sent before a subscriber subscribes,
     * and only one subscriber is accepted. Events are delivered only as the subscriber requests
     * them; when it stops requesting, the provider stops reading from the network. Cancelling
     * the subscription closes the connection. The stream ends with exactly one
     * {@link ChatEvent.Completed} or {@link ChatEvent.Failed}, then {@code onComplete}.
     */
    Flow.Publisher<ChatEvent> stream(ChatRequest request);
}
