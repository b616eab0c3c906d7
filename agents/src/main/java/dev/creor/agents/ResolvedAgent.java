package dev.creor.agents;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.Role;
import java.util.List;
import java.util.Objects;

/**
 * An agent with its model decided: ready to turn a conversation into a {@link ChatRequest}.
 *
 * @param definition   the agent
 * @param model        the model it uses and why
 * @param fallbacks    the models to try after it, in order
 * @param modelOptions the options configured for the model ({@code provider.<id>.models.<model>}),
 *                     under the agent's own
 */
public record ResolvedAgent(AgentDefinition definition, ModelChoice model, List<ModelRef> fallbacks,
                            RequestOptions modelOptions) {
    /** Checks for nulls and copies the fallbacks. */
    public ResolvedAgent {
        Objects.requireNonNull(definition, "definition is null");
        Objects.requireNonNull(model, "model is null");
        fallbacks = List.copyOf(fallbacks);
        Objects.requireNonNull(modelOptions, "modelOptions is null");
    }

    /** An agent whose model has no options of its own. */
    public ResolvedAgent(AgentDefinition definition, ModelChoice model, List<ModelRef> fallbacks) {
        this(definition, model, fallbacks, RequestOptions.none());
    }

    /** The options its requests carry: the model's, overridden by the agent's. */
    public RequestOptions options() {
        return modelOptions.overriddenBy(definition.options());
    }

    /** The agent's name. */
    public String name() {
        return definition.name();
    }

    /**
     * A request for the given conversation: the agent's system prompt first (unless the
     * conversation starts with its own system message), then the conversation, with the
     * agent's model, fallbacks and {@link #options()} (sampling, reasoning, routing, headers).
     * Callers may refine the returned builder.
     *
     * @throws IllegalArgumentException when the conversation is empty
     */
    public ChatRequest.Builder requestFor(List<Message> conversation) {
        return requestFor(conversation, options());
    }

    /**
     * A request for the given conversation as {@link #requestFor(List)} makes it, with
     * {@code options} instead of {@link #options()}: for a caller that merged the agent's options
     * with its own once and reuses them for every request, rather than merging them per request.
     *
     * @throws IllegalArgumentException when the conversation is empty
     */
    public ChatRequest.Builder requestFor(List<Message> conversation, RequestOptions options) {
        Objects.requireNonNull(options, "options is null");
        List<Message> messages = List.copyOf(conversation);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("the conversation is empty");
        }
        ChatRequest.Builder request = ChatRequest.builder().model(model.model()).fallbacks(fallbacks);
        boolean ownSystemPrompt = messages.get(0).role() == Role.SYSTEM;
        if (!ownSystemPrompt) {
            definition.systemPrompt().ifPresent(prompt -> request.addMessage(Message.system(prompt)));
        }
        messages.forEach(request::addMessage);
        options.applyTo(request);
        return request;
    }
}
