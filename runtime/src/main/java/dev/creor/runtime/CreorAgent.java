package dev.creor.runtime;

import dev.creor.agents.AgentProblem;
import dev.creor.agents.ResolvedAgent;
import dev.creor.core.CreorException;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.runtime.internal.wiring.CreorRuntime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A named agent of a {@link Creor} runtime with its model decided: ask it something with
 * {@link #chat} or {@link #stream}, or build a request with {@link #request} to refine first.
 *
 * <p>Before each request goes out, the agent's model and fallbacks are checked: an unknown
 * provider, a model the provider's catalog does not list, or one its whitelist excludes fails
 * the request with an error naming the agent, where the setting was written and what would be
 * right. Requests go through the runtime's router (retries, fallbacks, circuit breakers).
 */
public final class CreorAgent {
    private final CreorRuntime runtime;
    private final ResolvedAgent agent;

    CreorAgent(CreorRuntime runtime, ResolvedAgent agent) {
        this.runtime = runtime;
        this.agent = agent;
    }

    /** The agent's name, e.g. {@code build}. */
    public String name() {
        return agent.name();
    }

    /** What the agent is for. */
    public String description() {
        return agent.definition().description();
    }

    /** Whether the agent ships with Creor (possibly refined by config). */
    public boolean builtIn() {
        return agent.definition().builtIn();
    }

    /** The model the agent asks first. */
    public ModelRef model() {
        return agent.model().model();
    }

    /**
     * Where the model was decided, e.g. {@code agent.plan.model (creor.json:4:7)},
     * {@code top-level model (creor.json:2:12)} or {@code built-in default}.
     */
    public String modelSource() {
        return agent.model().describeSource(agent.name());
    }

    /** The models tried after {@link #model()}, in order. */
    public List<ModelRef> fallbacks() {
        return agent.fallbacks();
    }

    /** The agent's system prompt, if it has one. */
    public Optional<String> systemPrompt() {
        return agent.definition().systemPrompt();
    }

    /**
     * A request for the conversation with the agent's system prompt, model, fallbacks and
     * sampling, to refine and pass to {@link Creor#chat} or {@link Creor#stream}.
     */
    public ChatRequest.Builder request(List<Message> conversation) {
        return agent.requestFor(conversation);
    }

    /** Asks one question and completes with the whole answer. */
    public CompletionStage<ChatResponse> chat(String prompt) {
        return chat(List.of(Message.user(Objects.requireNonNull(prompt, "prompt is null"))));
    }

    /**
     * Continues a conversation and completes with the whole answer, or exceptionally with a
     * {@link CreorException}. Cancelling the returned future cancels the request, as for
     * {@link Creor#chat}.
     */
    public CompletionStage<ChatResponse> chat(List<Message> conversation) {
        ChatRequest request = request(conversation).build();
        CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
        checked().whenComplete((ignored, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
                return;
            }
            if (answer.isDone()) {
                return;
            }
            // Not thenCompose: cancelling its future would leave the routed request running.
            CompletableFuture<ChatResponse> routed = runtime.router().chat(request);
            answer.whenComplete((response, error) -> routed.cancel(true));
            routed.whenComplete((response, error) -> {
                if (error != null) {
                    answer.completeExceptionally(error);
                } else {
                    answer.complete(response);
                }
            });
        });
        return answer;
    }

    /** Asks one question; the answer streams as it is written (see {@link Creor#stream}). */
    public Flow.Publisher<ChatEvent> stream(String prompt) {
        return stream(List.of(Message.user(Objects.requireNonNull(prompt, "prompt is null"))));
    }

    /** Continues a conversation; the answer streams as it is written (see {@link Creor#stream}). */
    public Flow.Publisher<ChatEvent> stream(List<Message> conversation) {
        ChatRequest request = request(conversation).build();
        return new DeferredStream(() -> checked().thenApply(ignored -> runtime.router().stream(request)));
    }

    /** Every problem with the agent's models; empty when they are fine. */
    public CompletionStage<List<AgentProblem>> problems() {
        return runtime.check(agent);
    }

    private CompletableFuture<Void> checked() {
        return runtime.check(agent).toCompletableFuture().thenApply(problems -> {
            if (!problems.isEmpty()) {
                throw AgentProblem.toException(problems);
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "CreorAgent[" + name() + ", " + model() + "]";
    }
}
