package dev.creor.runtime;

import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.internal.chat.ChatResponseCollector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Subscribes for {@link CreorAgent#stream(String, Consumer)}: one event at a time, text to the
 * callback, the whole answer (or its failure) to a future whose cancellation cancels the stream.
 */
final class TextCallback implements Flow.Subscriber<ChatEvent> {
    private final Consumer<String> onText;
    private final CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
    private final ChatResponseCollector collector = new ChatResponseCollector();
    private volatile Flow.Subscription subscription;

    TextCallback(Consumer<String> onText) {
        this.onText = onText;
        answer.whenComplete((response, failure) -> {
            Flow.Subscription current = subscription;
            if (failure != null && current != null) {
                current.cancel();
            }
        });
    }

    CompletableFuture<ChatResponse> answer() {
        return answer;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (answer.isDone()) {
            subscription.cancel();
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(ChatEvent event) {
        if (answer.isDone()) {
            return;
        }
        collector.accept(event);
        if (event instanceof ChatEvent.TextDelta delta && !delta.text().isEmpty()) {
            try {
                onText.accept(delta.text());
            } catch (RuntimeException | Error thrown) {
                answer.completeExceptionally(thrown);
                return;
            }
        }
        if (collector.response().isPresent()) {
            answer.complete(collector.response().get());
        } else if (collector.failure().isPresent()) {
            answer.completeExceptionally(collector.failure().get().error());
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable error) {
        answer.completeExceptionally(Blocking.asCreorException(error));
    }

    @Override
    public void onComplete() {
        answer.completeExceptionally(new IllegalStateException("the stream ended without an answer"));
    }
}
