package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.internal.chat.ChatResponseCollector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A subscriber for tests: records every event and the thread it came on, requests only what
 * the test asks for (or everything), and checks the stream's contract as it goes: signals one at
 * a time, exactly one terminal event, then {@code onComplete} and nothing more.
 */
final class RecordingSubscriber implements Flow.Subscriber<ChatEvent> {
    static final Duration WAIT = Duration.ofSeconds(10);

    final List<ChatEvent> events = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Flow.Subscription> subscribed = new CompletableFuture<>();
    private final CompletableFuture<Void> completed = new CompletableFuture<>();
    private final AtomicInteger inSignal = new AtomicInteger();
    private final long initialRequest;
    private volatile boolean terminalSeen;
    private volatile CompletableFuture<Void> eventCountReached = new CompletableFuture<>();
    private volatile int awaitedCount = Integer.MAX_VALUE;

    private RecordingSubscriber(long initialRequest) {
        this.initialRequest = initialRequest;
    }

    /** Requests every event at once. */
    static RecordingSubscriber requestingAll() {
        return new RecordingSubscriber(Long.MAX_VALUE);
    }

    /** Requests {@code n} events at first, then only what the test requests. */
    static RecordingSubscriber requesting(long n) {
        return new RecordingSubscriber(n);
    }

    /** Subscribes to the publisher and returns this subscriber. */
    RecordingSubscriber subscribeTo(Flow.Publisher<ChatEvent> publisher) {
        publisher.subscribe(this);
        return this;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        enter("onSubscribe");
        try {
            if (subscribed.isDone()) {
                violations.add("onSubscribe twice");
            }
            subscribed.complete(subscription);
            if (initialRequest > 0) {
                subscription.request(initialRequest);
            }
        } finally {
            leave();
        }
    }

    @Override
    public void onNext(ChatEvent event) {
        enter("onNext");
        try {
            if (terminalSeen) {
                violations.add("onNext after the terminal event: " + event);
            }
            if (event instanceof ChatEvent.Completed || event instanceof ChatEvent.Failed) {
                terminalSeen = true;
            }
            events.add(event);
            threads.add(Thread.currentThread().getName());
            if (events.size() >= awaitedCount) {
                eventCountReached.complete(null);
            }
        } finally {
            leave();
        }
    }

    @Override
    public void onError(Throwable error) {
        violations.add("onError: " + error);
        completed.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        enter("onComplete");
        try {
            if (!terminalSeen) {
                violations.add("onComplete without a terminal event");
            }
            completed.complete(null);
        } finally {
            leave();
        }
    }

    void request(long n) {
        subscription().request(n);
    }

    void cancel() {
        subscription().cancel();
    }

    Flow.Subscription subscription() {
        return subscribed.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Waits until at least {@code count} events arrived. */
    List<ChatEvent> awaitEvents(int count) {
        synchronized (this) {
            awaitedCount = count;
            eventCountReached = new CompletableFuture<>();
            if (events.size() >= count) {
                eventCountReached.complete(null);
            }
        }
        eventCountReached.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        return List.copyOf(events);
    }

    /** Waits for {@code onComplete} and checks the contract held; returns every event. */
    List<ChatEvent> awaitCompletion() {
        completed.orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
        assertThat(violations).as("Reactive Streams violations").isEmpty();
        long terminals = events.stream()
                .filter(event -> event instanceof ChatEvent.Completed || event instanceof ChatEvent.Failed).count();
        assertThat(terminals).as("terminal events").isEqualTo(1);
        ChatEvent last = events.get(events.size() - 1);
        assertThat(last).as("the last event").matches(e -> e instanceof ChatEvent.Completed || e instanceof ChatEvent.Failed);
        return List.copyOf(events);
    }

    /** Waits for the end, which must be a completed answer; returns it assembled. */
    ChatResponse awaitResponse() {
        List<ChatEvent> all = awaitCompletion();
        ChatResponseCollector collector = new ChatResponseCollector();
        all.forEach(collector::accept);
        if (collector.failure().isPresent()) {
            throw new AssertionError("the stream failed: " + collector.failure().get().error().describe(),
                    collector.failure().get().error());
        }
        return collector.response().orElseThrow();
    }

    /** Waits for the end, which must be a failure; returns it. */
    ChatEvent.Failed awaitFailure() {
        List<ChatEvent> all = awaitCompletion();
        ChatEvent last = all.get(all.size() - 1);
        assertThat(last).isInstanceOf(ChatEvent.Failed.class);
        return (ChatEvent.Failed) last;
    }

    /** The error of a stream that must fail. */
    CreorException awaitError() {
        return awaitFailure().error();
    }

    boolean isCompleted() {
        return completed.isDone();
    }

    List<ChatEvent> textDeltas() {
        List<ChatEvent> texts = new ArrayList<>();
        for (ChatEvent event : events) {
            if (event instanceof ChatEvent.TextDelta) {
                texts.add(event);
            }
        }
        return texts;
    }

    private void enter(String signal) {
        if (inSignal.incrementAndGet() != 1) {
            violations.add(signal + " overlapped another signal");
        }
    }

    private void leave() {
        inSignal.decrementAndGet();
    }
}
