package dev.creor.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The relay in front of a stream that is known only after the agent's check. */
class DeferredStreamTest {
    private final CompletableFuture<Flow.Publisher<ChatEvent>> inner = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    private final DeferredStream stream = new DeferredStream(() -> {
        started.incrementAndGet();
        return inner;
    });

    @Test
    void nothingStartsBeforeASubscriberSubscribes() {
        assertThat(started).as("the stream is cold").hasValue(0);

        stream.subscribe(subscriber);

        assertThat(started).hasValue(1);
    }

    @Test
    void aFailureToStartEndsTheStreamWithAFailedEvent() {
        DeferredStream broken = new DeferredStream(() -> {
            throw CreorException.of(ErrorCode.CONFIG_INVALID, "no such provider");
        });
        broken.subscribe(subscriber);
        subscriber.subscription.request(1);

        assertThat(subscriber.signals).containsExactly("onNext Failed CONFIG_INVALID", "onComplete");
    }
    private final Recorder subscriber = new Recorder();

    @Test
    void demandGivenBeforeTheStreamArrivesIsPassedOn() {
        stream.subscribe(subscriber);
        subscriber.subscription.request(1);

        inner.complete(ChatModel.failedStream(CreorException.of(ErrorCode.PROVIDER_UNAVAILABLE, "down")));

        assertThat(subscriber.signals).containsExactly("onNext Failed PROVIDER_UNAVAILABLE", "onComplete");
    }

    @Test
    void aZeroRequestBeforeTheStreamArrivesIsRefusedEvenAfterValidDemand() {
        stream.subscribe(subscriber);
        subscriber.subscription.request(5);
        subscriber.subscription.request(0);

        inner.complete(ChatModel.failedStream(CreorException.of(ErrorCode.PROVIDER_UNAVAILABLE, "down")));

        assertThat(subscriber.signals).as("rule 3.9: a non-positive request is answered with onError")
                .containsExactly("onError IllegalArgumentException");
    }

    @Test
    void aNegativeRequestBeforeTheStreamArrivesIsNotHiddenByLaterDemand() {
        stream.subscribe(subscriber);
        subscriber.subscription.request(-1);
        subscriber.subscription.request(5);

        inner.complete(ChatModel.failedStream(CreorException.of(ErrorCode.PROVIDER_UNAVAILABLE, "down")));

        assertThat(subscriber.signals).as("rule 3.9, and nothing after the error")
                .containsExactly("onError IllegalArgumentException");
    }

    /** Records every signal as text. */
    private static final class Recorder implements Flow.Subscriber<ChatEvent> {
        final List<String> signals = new ArrayList<>();
        Flow.Subscription subscription;

        @Override
        public synchronized void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
        }

        @Override
        public synchronized void onNext(ChatEvent item) {
            signals.add("onNext " + (item instanceof ChatEvent.Failed failed
                    ? "Failed " + failed.error().code() : item.getClass().getSimpleName()));
        }

        @Override
        public synchronized void onError(Throwable throwable) {
            signals.add("onError " + throwable.getClass().getSimpleName());
        }

        @Override
        public synchronized void onComplete() {
            signals.add("onComplete");
        }
    }
}
