package dev.creor.benchmarks.load;

import dev.creor.core.chat.ChatEvent;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorAgent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The measured path: the {@link Creor} facade's agent {@link BenchWorkspace#AGENT}, so each
 * request goes agent (model check) → router (retry, circuit breaker, route report) → OpenRouter
 * adapter (request mapping, HTTP, SSE parsing and JSON decoding into events).
 */
final class CreorClient implements LoadClient {
    private final Creor creor;
    private final CreorAgent agent;

    CreorClient(Creor creor) {
        this.creor = creor;
        this.agent = creor.agent(BenchWorkspace.AGENT);
    }

    @Override
    public String name() {
        return "creor";
    }

    @Override
    public CompletableFuture<Long> send(Kind kind) {
        if (kind == Kind.JSON) {
            return agent.chat(BenchWorkspace.PROMPT).toCompletableFuture().thenApply(answer -> {
                if (answer.text().isEmpty()) {
                    throw new IllegalStateException("an empty answer");
                }
                return 0L;
            });
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        agent.stream(BenchWorkspace.PROMPT).subscribe(new Flow.Subscriber<>() {
            private long firstToken;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ChatEvent event) {
                if (firstToken == 0 && event instanceof ChatEvent.TextDelta) {
                    firstToken = System.nanoTime();
                } else if (event instanceof ChatEvent.Completed) {
                    done.complete(firstToken);
                } else if (event instanceof ChatEvent.Failed failed) {
                    done.completeExceptionally(failed.error());
                }
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                if (!done.isDone()) {
                    done.completeExceptionally(new IllegalStateException("the stream ended without Completed"));
                }
            }
        });
        return done;
    }

    @Override
    public void close() {
        creor.close();
    }
}
