package dev.creor.benchmarks.load;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorAgent;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The measured path: the {@link Creor} facade's agent {@link BenchWorkspace#AGENT}, so each
 * request goes agent (model check) → router (retry, circuit breaker, route report) → OpenRouter
 * adapter (request mapping, HTTP, SSE parsing and JSON decoding into events).
 */
public final class CreorClient implements LoadClient {
    private final Creor creor;
    private final CreorAgent agent;
    private final Map<String, CreorAgent> byModel = new ConcurrentHashMap<>();

    /** The client of {@code creor}, which it closes. */
    public CreorClient(Creor creor) {
        this.creor = creor;
        this.agent = creor.agent(BenchWorkspace.AGENT);
        byModel.put(BenchWorkspace.MODEL, agent);
    }

    @Override
    public String name() {
        return "creor";
    }

    @Override
    public String description() {
        return "Creor " + Versions.of(Creor.class) + ": agent → router → OpenRouter adapter, on Vert.x "
                + Versions.of(Vertx.class);
    }

    @Override
    public CompletableFuture<Long> chat() {
        return agent.chat(BenchWorkspace.PROMPT).toCompletableFuture().thenApply(answer -> {
            if (answer.text().isEmpty()) {
                throw new IllegalStateException("an empty answer");
            }
            return 0L;
        });
    }

    @Override
    public StreamCall stream(String model, StreamListener listener) {
        CreorAgent asked = byModel.computeIfAbsent(model,
                id -> creor.agent(BenchWorkspace.AGENT, ModelRef.parse("openrouter/" + id)));
        CreorSubscriber subscriber = new CreorSubscriber(listener);
        asked.stream(BenchWorkspace.PROMPT).subscribe(subscriber);
        return subscriber;
    }

    /** Events to the listener; a cancel before {@code onSubscribe} is carried out there. */
    private static final class CreorSubscriber implements Flow.Subscriber<ChatEvent>, StreamCall {
        private final StreamListener listener;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;

        CreorSubscriber(StreamListener listener) {
            this.listener = listener;
        }

        @Override
        public void onSubscribe(Flow.Subscription given) {
            subscription = given;
            if (cancelled) {
                given.cancel();
                return;
            }
            given.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ChatEvent event) {
            if (cancelled) {
                return;
            }
            if (event instanceof ChatEvent.TextDelta) {
                listener.onText();
            } else if (event instanceof ChatEvent.Completed) {
                end(null);
            } else if (event instanceof ChatEvent.Failed failed) {
                end(failed.error());
            }
        }

        @Override
        public void onError(Throwable error) {
            end(error);
        }

        @Override
        public void onComplete() {
            end(new IllegalStateException("the stream ended without Completed"));
        }

        private void end(Throwable failure) {
            if (ended.compareAndSet(false, true) && !cancelled) {
                if (failure == null) {
                    listener.onCompleted();
                } else {
                    listener.onFailed(failure);
                }
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Flow.Subscription given = subscription;
            if (given != null) {
                given.cancel();
            }
        }
    }

    @Override
    public void close() {
        creor.close();
    }
}
