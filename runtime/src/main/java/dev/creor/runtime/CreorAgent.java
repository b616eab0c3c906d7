package dev.creor.runtime;

import dev.creor.agents.AgentProblem;
import dev.creor.agents.ModelSource;
import dev.creor.agents.RequestOptions;
import dev.creor.agents.ResolvedAgent;
import dev.creor.core.CreorException;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.Role;
import dev.creor.core.routing.RetryPolicy;
import dev.creor.runtime.internal.wiring.AgentChecks;
import dev.creor.runtime.internal.wiring.WiredRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A named agent of a {@link Creor} runtime with its model decided: ask it something and wait
 * with {@link #text} or {@link #ask}, read the answer as it is written with {@link #textStream}
 * or {@link #stream(String, Consumer)}, use the asynchronous {@link #chat} and {@link #stream}
 * forms, or build a request with {@link #request} to refine first.
 *
 * <pre>{@code
 * CreorAgent plan = creor.agent("plan");
 * System.out.println(plan.text("How should I split this module?"));
 * try (Stream<String> words = plan.textStream("And the tests?")) {
 *     words.forEach(System.out::print);
 * }
 * }</pre>
 *
 * <p>An agent is immutable: {@link #withModel}, {@link #withSystemPrompt} and
 * {@link #withTemperature} return a refined copy for the requests it makes.
 *
 * <p>Before each request goes out, the agent's model and fallbacks are checked: an unknown
 * provider, a model the provider's catalog does not list, or one its whitelist excludes fails
 * the request with an error naming the agent, where the setting was written and what would be
 * right. Requests go through the runtime's router (retries, fallbacks, circuit breakers).
 */
public final class CreorAgent {
    private final WiredRuntime runtime;
    private final ResolvedAgent agent;
    private final Optional<String> systemPromptOverride;
    /** What this copy sets over the agent's and its model's request options (temperature, reasoning, ...). */
    private final RequestOptions overrides;
    /** The agent's options merged with {@link #overrides}, made by the first request; immutable, so a race only repeats the merge. */
    private RequestOptions requestOptions;
    /** The agent's kept check verdict, looked up by the first request. */
    private volatile AgentChecks.Verdict verdict;

    CreorAgent(WiredRuntime runtime, ResolvedAgent agent) {
        this(runtime, agent, Optional.empty(), RequestOptions.none());
    }

    private CreorAgent(WiredRuntime runtime, ResolvedAgent agent, Optional<String> systemPromptOverride,
                       RequestOptions overrides) {
        this.runtime = runtime;
        this.agent = agent;
        this.systemPromptOverride = systemPromptOverride;
        this.overrides = overrides;
    }

    /**
     * This agent using {@code model} whatever the config says; its fallbacks stay.
     *
     * @param origin how messages name where the choice was made, e.g. {@code --model} or
     *               {@code the embedding program}; {@link #modelSource()} shows it
     */
    public CreorAgent withModel(ModelRef model, String origin) {
        ResolvedAgent chosen = runtime.agents().resolve(agent.name(), Objects.requireNonNull(model, "model is null"),
                Objects.requireNonNull(origin, "origin is null"));
        return new CreorAgent(runtime, chosen, systemPromptOverride, overrides);
    }

    /** This agent with {@code systemPrompt} instead of its own. */
    public CreorAgent withSystemPrompt(String systemPrompt) {
        Objects.requireNonNull(systemPrompt, "systemPrompt is null");
        return new CreorAgent(runtime, agent, Optional.of(systemPrompt), overrides);
    }

    /**
     * This agent sampling at {@code temperature} whatever its config says.
     *
     * @throws IllegalArgumentException unless the temperature is between 0 and 2
     */
    public CreorAgent withTemperature(double temperature) {
        if (!(temperature >= 0 && temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, got " + temperature);
        }
        return new CreorAgent(runtime, agent, systemPromptOverride,
                overrides.toBuilder().temperature(temperature).build());
    }

    /**
     * This agent answering in at most {@code maxTokens} tokens whatever its config says.
     *
     * @throws IllegalArgumentException unless {@code maxTokens} is positive
     */
    public CreorAgent withMaxTokens(int maxTokens) {
        return new CreorAgent(runtime, agent, systemPromptOverride, overrides.toBuilder().maxTokens(maxTokens).build());
    }

    /**
     * This agent reasoning with {@code effort} (such as {@code low}, {@code medium} or
     * {@code high}) whatever its config says; a configured reasoning budget gives way to it, since
     * a request may have only one of the two, while a configured {@code exclude} stays.
     *
     * @throws IllegalArgumentException when {@code effort} is blank
     */
    public CreorAgent withReasoningEffort(String effort) {
        RequestOptions stronger = RequestOptions.builder().reasoningEffort(Objects.requireNonNull(effort, "effort is null"))
                .build();
        return new CreorAgent(runtime, agent, systemPromptOverride, overrides.overriddenBy(stronger));
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

    /** Which setting decided {@link #model()}: an override, the agent's own, the top-level model or the default. */
    public ModelSource modelSourceKind() {
        return agent.model().source();
    }

    /** The models tried after {@link #model()}, in order. */
    public List<ModelRef> fallbacks() {
        return agent.fallbacks();
    }

    /** The agent's system prompt ({@link #withSystemPrompt}'s when set), if it has one. */
    public Optional<String> systemPrompt() {
        return systemPromptOverride.or(() -> agent.definition().systemPrompt());
    }

    /**
     * A request for the conversation with the agent's system prompt, model, fallbacks and
     * sampling, to refine and pass to {@link Creor#chat} or {@link Creor#stream}. A conversation
     * that starts with a system message keeps it instead of the agent's prompt.
     */
    public ChatRequest.Builder request(List<Message> conversation) {
        List<Message> messages = conversation;
        if (systemPromptOverride.isPresent() && (conversation.isEmpty() || conversation.get(0).role() != Role.SYSTEM)) {
            messages = new ArrayList<>(conversation.size() + 1);
            messages.add(Message.system(systemPromptOverride.get()));
            messages.addAll(conversation);
        }
        return agent.requestFor(messages, requestOptions());
    }

    /**
     * What the agent's requests set, merged once instead of per request. Applying the merged
     * options once sets what applying the agent's options and then the merged ones did: every
     * field the agent's options set, the merged ones set too.
     */
    private RequestOptions requestOptions() {
        RequestOptions merged = requestOptions;
        if (merged == null) {
            merged = overrides.isEmpty() ? agent.options() : agent.options().overriddenBy(overrides);
            requestOptions = merged;
        }
        return merged;
    }

    /**
     * Asks one question and waits for the whole answer's text.
     *
     * @throws CreorException when the request fails (its code says why), or with
     *                        {@code CANCELLED} when the waiting thread is interrupted, which
     *                        cancels the request
     */
    public String text(String prompt) {
        return ask(prompt).text();
    }

    /**
     * Asks one question and waits for the answer: its text, usage (tokens, cost), served model
     * and route ({@link ChatResponse#route()}: the attempts, retries and fallbacks it took).
     *
     * @throws CreorException as {@link #text} does
     */
    public ChatResponse ask(String prompt) {
        return ask(List.of(Message.user(Objects.requireNonNull(prompt, "prompt is null"))));
    }

    /**
     * Continues a conversation and waits for the answer.
     *
     * @throws CreorException as {@link #text} does
     */
    public ChatResponse ask(List<Message> conversation) {
        return Blocking.await(chat(conversation).toCompletableFuture());
    }

    /**
     * Asks one question and passes each piece of the answer's text to {@code onText} as it is
     * written, one at a time (the next piece is read only when the callback returns). Completes
     * with the whole answer, or exceptionally with a {@link CreorException}; cancelling the
     * returned future cancels the request, and a callback that throws cancels it too and fails
     * the future with what it threw. The callback may run on a Creor thread: do not block in it.
     */
    public CompletionStage<ChatResponse> stream(String prompt, Consumer<String> onText) {
        Objects.requireNonNull(onText, "onText is null");
        TextCallback callback = new TextCallback(onText);
        stream(prompt).subscribe(callback);
        return callback.answer();
    }

    /**
     * Asks one question; the answer's text arrives piece by piece, as it is written, in a
     * sequential stream that reads from the connection only as fast as it is consumed. Closing
     * the stream (try-with-resources) before its end cancels the request and closes its
     * connection. A failed request throws its {@link CreorException} from the terminal
     * operation, after the pieces that arrived; an interrupted consumer gets {@code CANCELLED}.
     */
    public Stream<String> textStream(String prompt) {
        return TextIterator.stream(stream(prompt));
    }

    /**
     * Continues a conversation; the answer's text arrives as {@link #textStream(String)}
     * describes.
     */
    public Stream<String> textStream(List<Message> conversation) {
        return TextIterator.stream(stream(conversation));
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
        if (verdict().settledWithoutProblems()) {
            // What the checked path below ends in, without the futures around it: completing or
            // cancelling the router's future stops the route, as completing `answer` did.
            return route(request);
        }
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
            CompletableFuture<ChatResponse> routed = route(request);
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

    private CompletableFuture<ChatResponse> route(ChatRequest request) {
        RetryPolicy retryPolicy = agent.definition().retryPolicy().orElse(null);
        return retryPolicy == null ? runtime.router().chat(request) : runtime.router().chat(request, retryPolicy);
    }

    /** Asks one question; the answer streams as it is written (see {@link Creor#stream}). */
    public Flow.Publisher<ChatEvent> stream(String prompt) {
        return stream(List.of(Message.user(Objects.requireNonNull(prompt, "prompt is null"))));
    }

    /** Continues a conversation; the answer streams as it is written (see {@link Creor#stream}). */
    public Flow.Publisher<ChatEvent> stream(List<Message> conversation) {
        ChatRequest request = request(conversation).build();
        return new DeferredStream(() -> verdict().settledWithoutProblems()
                ? CompletableFuture.completedFuture(routeStream(request))
                : checked().thenApply(ignored -> routeStream(request)));
    }

    private Flow.Publisher<ChatEvent> routeStream(ChatRequest request) {
        RetryPolicy retryPolicy = agent.definition().retryPolicy().orElse(null);
        return retryPolicy == null ? runtime.router().stream(request) : runtime.router().stream(request, retryPolicy);
    }

    /** Every problem with the agent's models; empty when they are fine. */
    public CompletionStage<List<AgentProblem>> problems() {
        return runtime.agentChecks().check(agent);
    }

    /**
     * Every problem with the agent's models, checked as {@link #problems()} checks them but
     * against the catalogs at hand (in memory, a disk cache however old, a list bundled with the
     * provider) instead of the network: nothing is sent. A provider with no list at hand gets
     * the agent's models checked against its whitelist and blacklist only.
     */
    public CompletionStage<List<AgentProblem>> offlineProblems() {
        return runtime.agentChecks().checkOffline(agent);
    }

    private AgentChecks.Verdict verdict() {
        AgentChecks.Verdict kept = verdict;
        if (kept == null) {
            kept = runtime.agentChecks().verdictOf(agent);
            verdict = kept;
        }
        return kept;
    }

    private CompletableFuture<Void> checked() {
        return runtime.agentChecks().check(agent).toCompletableFuture().thenApply(problems -> {
            if (!problems.isEmpty()) {
                throw AgentProblem.toException(problems);
            }
            return null;
        });
    }

    /** The agent's name and first model, e.g. {@code CreorAgent[build, openrouter/openai/gpt-4o]}. */
    @Override
    public String toString() {
        return "CreorAgent[" + name() + ", " + model() + "]";
    }
}
