package dev.creor.core.routing;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Scheduler;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatModel;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.ResponseMetadata;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory provider for router tests: each request for a model plays that model's next
 * scripted behaviour (the last one repeats). Streams honour demand exactly and record
 * cancellation; answers can be delayed on the test's scheduler, so latency is virtual too.
 */
final class FakeChatModel implements ChatModel {
    private final Scheduler scheduler;
    private final Map<ModelRef, Deque<Behaviour>> scripts = new HashMap<>();
    private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();
    private final List<FakeStream> streams = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<ChatResponse>> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger openStreams = new AtomicInteger();

    FakeChatModel(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** What one request gets. */
    record Behaviour(List<String> chunks, CreorException error, boolean hangs, ModelRef servedAs, Duration delay,
            RuntimeException thrown) {
        static Behaviour answer(String... chunks) {
            return new Behaviour(List.of(chunks), null, false, null, Duration.ZERO, null);
        }

        static Behaviour fail(CreorException error) {
            return new Behaviour(List.of(), error, false, null, Duration.ZERO, null);
        }

        static Behaviour fail(ErrorCode code) {
            return fail(CreorException.of(code, "fake " + code));
        }

        /** Stream the chunks, then fail; a chat call just fails. */
        static Behaviour failAfter(CreorException error, String... chunks) {
            return new Behaviour(List.of(chunks), error, false, null, Duration.ZERO, null);
        }

        static Behaviour hang() {
            return new Behaviour(List.of(), null, true, null, Duration.ZERO, null);
        }

        static Behaviour hangAfter(String... chunks) {
            return new Behaviour(List.of(chunks), null, true, null, Duration.ZERO, null);
        }

        static Behaviour throwing(RuntimeException thrown) {
            return new Behaviour(List.of(), null, false, null, Duration.ZERO, thrown);
        }

        Behaviour servedAs(ModelRef model) {
            return new Behaviour(chunks, error, hangs, model, delay, thrown);
        }

        Behaviour after(Duration newDelay) {
            return new Behaviour(chunks, error, hangs, servedAs, newDelay, thrown);
        }
    }

    synchronized FakeChatModel script(ModelRef model, Behaviour... steps) {
        scripts.put(model, new ArrayDeque<>(List.of(steps)));
        return this;
    }

    List<ChatRequest> requests() {
        return List.copyOf(requests);
    }

    List<ModelRef> requestedModels() {
        return requests.stream().map(ChatRequest::model).toList();
    }

    List<FakeStream> streams() {
        return List.copyOf(streams);
    }

    List<CompletableFuture<ChatResponse>> calls() {
        return List.copyOf(calls);
    }

    int openStreams() {
        return openStreams.get();
    }

    private synchronized Behaviour next(ChatRequest request) {
        Deque<Behaviour> script = scripts.get(request.model());
        if (script == null || script.isEmpty()) {
            return Behaviour.answer("answer from " + request.model().model());
        }
        return script.size() > 1 ? script.pollFirst() : script.peekFirst();
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request) {
        requests.add(request);
        Behaviour behaviour = next(request);
        if (behaviour.thrown() != null) {
            throw behaviour.thrown();
        }
        CompletableFuture<ChatResponse> call = new CompletableFuture<>();
        calls.add(call);
        if (behaviour.hangs()) {
            return call;
        }
        Runnable finish = () -> {
            if (behaviour.error() != null) {
                call.completeExceptionally(behaviour.error());
            } else {
                call.complete(new ChatResponse(String.join("", behaviour.chunks()), "", List.of(),
                        metadata(request, behaviour)));
            }
        };
        if (behaviour.delay().isZero()) {
            finish.run();
        } else {
            scheduler.schedule(behaviour.delay(), finish);
        }
        return call;
    }

    @Override
    public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
        requests.add(request);
        Behaviour behaviour = next(request);
        if (behaviour.thrown() != null) {
            throw behaviour.thrown();
        }
        List<ChatEvent> events = new ArrayList<>();
        behaviour.chunks().forEach(chunk -> events.add(new ChatEvent.TextDelta(chunk)));
        if (behaviour.error() != null) {
            events.add(new ChatEvent.Failed(behaviour.error(), String.join("", behaviour.chunks()),
                    dev.creor.core.RouteReport.NONE));
        } else if (!behaviour.hangs()) {
            events.add(new ChatEvent.Completed(metadata(request, behaviour)));
        }
        return subscriber -> {
            FakeStream stream = new FakeStream(request, subscriber, events, !behaviour.hangs());
            streams.add(stream);
            openStreams.incrementAndGet();
            subscriber.onSubscribe(stream);
            if (behaviour.delay().isZero()) {
                stream.ready();
            } else {
                scheduler.schedule(behaviour.delay(), stream::ready);
            }
        };
    }

    private static ResponseMetadata metadata(ChatRequest request, Behaviour behaviour) {
        return ResponseMetadata.builder(Optional.ofNullable(behaviour.servedAs()).orElse(request.model()))
                .finishReason(FinishReason.STOP).upstreamProvider("FakeUpstream").build();
    }

    /** One subscription: emits its events under demand, then completes. */
    final class FakeStream implements Flow.Subscription {
        final ChatRequest request;
        private final Flow.Subscriber<? super ChatEvent> subscriber;
        private final List<ChatEvent> events;
        private final boolean completes;
        private int next;
        private long requested;
        private long totalRequested;
        private boolean ready;
        private boolean cancelled;
        private boolean emitting;
        private boolean terminated;

        FakeStream(ChatRequest request, Flow.Subscriber<? super ChatEvent> subscriber, List<ChatEvent> events,
                boolean completes) {
            this.request = request;
            this.subscriber = subscriber;
            this.events = events;
            this.completes = completes;
        }

        synchronized boolean cancelled() {
            return cancelled;
        }

        synchronized long totalRequested() {
            return totalRequested;
        }

        synchronized int emitted() {
            return next;
        }

        void ready() {
            synchronized (this) {
                ready = true;
            }
            drain();
        }

        @Override
        public void request(long n) {
            synchronized (this) {
                requested += n;
                totalRequested += n;
            }
            drain();
        }

        @Override
        public void cancel() {
            synchronized (this) {
                if (!cancelled && !terminated) {
                    openStreams.decrementAndGet();
                }
                cancelled = true;
            }
        }

        private void drain() {
            while (true) {
                ChatEvent event;
                boolean complete = false;
                synchronized (this) {
                    if (emitting || !ready || cancelled || terminated) {
                        return;
                    }
                    if (next == events.size()) {
                        if (!completes) {
                            return;
                        }
                        terminated = true;
                        openStreams.decrementAndGet();
                        complete = true;
                        event = null;
                    } else if (requested == 0) {
                        return;
                    } else {
                        event = events.get(next++);
                        requested--;
                    }
                    emitting = true;
                }
                try {
                    if (complete) {
                        subscriber.onComplete();
                        return;
                    }
                    subscriber.onNext(event);
                } finally {
                    synchronized (this) {
                        emitting = false;
                    }
                }
            }
        }
    }
}
