package dev.creor.core.chat;

import dev.creor.core.ModelRef;
import dev.creor.core.internal.Checks;
import dev.creor.core.internal.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A request for one model answer: the conversation so far, the model to ask and how to sample.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *         .model(ModelRef.parse("openrouter/anthropic/claude-sonnet-4"))
 *         .fallbacks(List.of(ModelRef.parse("openrouter/openai/gpt-4o")))
 *         .addMessage(Message.system("You are terse."))
 *         .addMessage(Message.user("What is a monad?"))
 *         .temperature(0.2)
 *         .build();
 * }</pre>
 *
 * <p>{@link #fallbacks()} lists the models to try, in order, when the primary model fails with
 * an error that another model may not have. A router tries them; a single provider receives
 * only those of its own that it can try natively (see its capabilities).
 * {@link #extras()} carries provider-specific request fields, merged into the provider's wire
 * request as given.
 */
public final class ChatRequest {
    private final ModelRef model;
    private final List<ModelRef> fallbacks;
    private final List<Message> messages;
    private final Double temperature;
    private final Double topP;
    private final int maxTokens;
    private final List<String> stop;
    private final List<ToolSpec> tools;
    private final ReasoningOptions reasoning;
    private final String user;
    private final String sessionId;
    private final Map<String, Object> extras;
    private final Caching caching;

    private ChatRequest(Builder builder) {
        this.model = Objects.requireNonNull(builder.model, "model is not set");
        if (builder.messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        this.fallbacks = List.copyOf(builder.fallbacks);
        this.messages = List.copyOf(builder.messages);
        this.temperature = builder.temperature;
        this.topP = builder.topP;
        this.maxTokens = builder.maxTokens;
        this.stop = List.copyOf(builder.stop);
        this.tools = List.copyOf(builder.tools);
        this.reasoning = builder.reasoning;
        this.user = builder.user;
        this.sessionId = builder.sessionId;
        this.extras = JsonValues.copyOf(builder.extras);
        this.caching = builder.caching;
    }

    /** Starts an empty request. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with every property of this request. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.model = model;
        builder.fallbacks.addAll(fallbacks);
        builder.messages.addAll(messages);
        builder.temperature = temperature;
        builder.topP = topP;
        builder.maxTokens = maxTokens;
        builder.stop.addAll(stop);
        builder.tools.addAll(tools);
        builder.reasoning = reasoning;
        builder.user = user;
        builder.sessionId = sessionId;
        builder.extras = extras;
        builder.caching = caching;
        return builder;
    }

    /** The model to ask first. */
    public ModelRef model() {
        return model;
    }

    /** The models to try, in order, after the primary one fails. */
    public List<ModelRef> fallbacks() {
        return fallbacks;
    }

    /** The conversation, oldest message first. */
    public List<Message> messages() {
        return messages;
    }

    /** The sampling temperature, from 0 to 2. */
    public OptionalDouble temperature() {
        return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
    }

    /** The nucleus-sampling probability mass, from 0 to 1. */
    public OptionalDouble topP() {
        return topP == null ? OptionalDouble.empty() : OptionalDouble.of(topP);
    }

    /** The most tokens the answer may have. */
    public OptionalInt maxTokens() {
        return maxTokens == 0 ? OptionalInt.empty() : OptionalInt.of(maxTokens);
    }

    /** Sequences at which the model stops writing. */
    public List<String> stop() {
        return stop;
    }

    /** The tools the model may call. */
    public List<ToolSpec> tools() {
        return tools;
    }

    /** Reasoning options for models that think before answering. */
    public Optional<ReasoningOptions> reasoning() {
        return Optional.ofNullable(reasoning);
    }

    /** A stable id of the end user, for the provider's abuse detection. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** An id grouping the requests of one session, for the provider's observability. */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    /** Provider-specific request fields as JSON-like values (see {@link JsonValues}). */
    public Map<String, Object> extras() {
        return extras;
    }

    /** Whether the provider places prompt-cache breakpoints itself; {@link Caching#NONE} unless set. */
    public Caching caching() {
        return caching;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChatRequest that
                && model.equals(that.model)
                && fallbacks.equals(that.fallbacks)
                && messages.equals(that.messages)
                && Objects.equals(temperature, that.temperature)
                && Objects.equals(topP, that.topP)
                && maxTokens == that.maxTokens
                && stop.equals(that.stop)
                && tools.equals(that.tools)
                && Objects.equals(reasoning, that.reasoning)
                && Objects.equals(user, that.user)
                && Objects.equals(sessionId, that.sessionId)
                && extras.equals(that.extras)
                && caching == that.caching;
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, fallbacks, messages, temperature, topP, maxTokens, stop, tools, reasoning,
                user, sessionId, extras, caching);
    }

    /** The model, fallbacks and sizes; never message text, which may be private. */
    @Override
    public String toString() {
        return "ChatRequest[model=" + model + ", fallbacks=" + fallbacks + ", messages=" + messages.size()
                + ", tools=" + tools.size() + "]";
    }

    /**
     * Who places prompt-cache breakpoints ({@link Message.CacheBreakpoint}) for models that cache
     * only where the prompt says (Anthropic's Claude, Google's Gemini).
     */
    public enum Caching {
        /**
         * The provider places them the way coding agents do, for models that need them: after
         * the first two system messages and after the last two other messages, so that the
         * stable prefix and the growing conversation are read from the cache on the next turn.
         * A conversation that already marks a breakpoint itself is left as it is.
         */
        AUTO,
        /** Only the breakpoints the messages carry are sent. */
        NONE
    }

    /** Builds a {@link ChatRequest}; a model and at least one message are required. */
    public static final class Builder {
        private ModelRef model;
        private final List<ModelRef> fallbacks = new ArrayList<>();
        private final List<Message> messages = new ArrayList<>();
        private Double temperature;
        private Double topP;
        private int maxTokens;
        private final List<String> stop = new ArrayList<>();
        private final List<ToolSpec> tools = new ArrayList<>();
        private ReasoningOptions reasoning;
        private String user;
        private String sessionId;
        private Map<String, ?> extras = Map.of();
        private Caching caching = Caching.NONE;

        private Builder() {
        }

        /** The model to ask first. */
        public Builder model(ModelRef model) {
            this.model = Objects.requireNonNull(model, "model is null");
            return this;
        }

        /** Replaces the fallback models. */
        public Builder fallbacks(List<ModelRef> fallbacks) {
            List<ModelRef> copy = List.copyOf(fallbacks);
            this.fallbacks.clear();
            this.fallbacks.addAll(copy);
            return this;
        }

        /** Replaces the conversation. */
        public Builder messages(List<Message> messages) {
            List<Message> copy = List.copyOf(messages);
            this.messages.clear();
            this.messages.addAll(copy);
            return this;
        }

        /** Appends one message to the conversation. */
        public Builder addMessage(Message message) {
            this.messages.add(Objects.requireNonNull(message, "message is null"));
            return this;
        }

        /** The sampling temperature, from 0 to 2. */
        public Builder temperature(double temperature) {
            this.temperature = Checks.requireWithin(temperature, 0, 2, "temperature");
            return this;
        }

        /** The nucleus-sampling probability mass, from 0 to 1. */
        public Builder topP(double topP) {
            this.topP = Checks.requireWithin(topP, 0, 1, "topP");
            return this;
        }

        /** The most tokens the answer may have; must be positive. */
        public Builder maxTokens(int maxTokens) {
            this.maxTokens = Checks.requirePositive(maxTokens, "maxTokens");
            return this;
        }

        /** Replaces the stop sequences; each must be non-empty. */
        public Builder stop(List<String> stop) {
            List<String> copy = List.copyOf(stop);
            for (String sequence : copy) {
                if (sequence.isEmpty()) {
                    throw new IllegalArgumentException("a stop sequence is empty");
                }
            }
            this.stop.clear();
            this.stop.addAll(copy);
            return this;
        }

        /** Replaces the tools the model may call; names must be unique. */
        public Builder tools(List<ToolSpec> tools) {
            List<ToolSpec> copy = List.copyOf(tools);
            if (copy.stream().map(ToolSpec::name).distinct().count() != copy.size()) {
                throw new IllegalArgumentException("two tools share a name: " + copy.stream().map(ToolSpec::name).toList());
            }
            this.tools.clear();
            this.tools.addAll(copy);
            return this;
        }

        /** Reasoning options. */
        public Builder reasoning(ReasoningOptions reasoning) {
            this.reasoning = Objects.requireNonNull(reasoning, "reasoning is null");
            return this;
        }

        /** A stable id of the end user. */
        public Builder user(String user) {
            this.user = Checks.requireText(user, "user");
            return this;
        }

        /** An id grouping the requests of one session. */
        public Builder sessionId(String sessionId) {
            this.sessionId = Checks.requireText(sessionId, "sessionId");
            return this;
        }

        /** Provider-specific request fields as JSON-like values; replaces earlier extras. */
        public Builder extras(Map<String, ?> extras) {
            this.extras = JsonValues.copyOf(extras);
            return this;
        }

        /** Whether the provider places prompt-cache breakpoints itself (see {@link Caching}). */
        public Builder caching(Caching caching) {
            this.caching = Objects.requireNonNull(caching, "caching is null");
            return this;
        }

        /**
         * Creates the request.
         *
         * @throws NullPointerException     when no model is set
         * @throws IllegalArgumentException when there is no message
         */
        public ChatRequest build() {
            return new ChatRequest(this);
        }
    }
}
