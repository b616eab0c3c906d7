package dev.creor.core.chat;

import dev.creor.core.ModelRef;
import dev.creor.core.internal.Checks;
import dev.creor.core.internal.JsonValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

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
 *
 * <p>Beyond sampling, a request may carry {@link #routing() routing preferences} (refining the
 * provider's configured ones), {@link #headers() extra HTTP headers}, a {@link #toolChoice() tool
 * choice}, a {@link #responseFormat() response format}, a {@link #preset() preset} and
 * {@link #plugins() plugins}; a provider that cannot honour one of them fails the request with
 * {@code INVALID_REQUEST} rather than ignoring it silently.
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
    private final Map<String, Object> routing;
    private final Map<String, String> headers;
    private final ToolChoice toolChoice;
    private final Boolean parallelToolCalls;
    private final ResponseFormat responseFormat;
    private final String preset;
    private final List<Plugin> plugins;

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
        this.routing = JsonValues.copyOf(builder.routing);
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.headers));
        this.toolChoice = builder.toolChoice;
        this.parallelToolCalls = builder.parallelToolCalls;
        this.responseFormat = builder.responseFormat;
        this.preset = builder.preset;
        this.plugins = List.copyOf(builder.plugins);
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
        builder.routing = routing;
        builder.headers.putAll(headers);
        builder.toolChoice = toolChoice;
        builder.parallelToolCalls = parallelToolCalls;
        builder.responseFormat = responseFormat;
        builder.preset = preset;
        builder.plugins.addAll(plugins);
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

    /**
     * Routing preferences among the provider's upstreams for this request, keyed as in the
     * config's {@code provider.<id>.routing} (e.g. {@code order}, {@code only}, {@code ignore},
     * {@code sort}, {@code dataCollection}); each key replaces the provider's configured value.
     * Empty when the request has none; the provider checks the keys.
     */
    public Map<String, Object> routing() {
        return routing;
    }

    /**
     * Extra HTTP headers for this request, by name as given; never printed by {@link #toString()},
     * since a header may carry a credential.
     */
    public Map<String, String> headers() {
        return headers;
    }

    /** Whether and which tool the model must call; empty leaves it to the provider's default. */
    public Optional<ToolChoice> toolChoice() {
        return Optional.ofNullable(toolChoice);
    }

    /** Whether the model may call several tools in one turn; empty leaves it to the provider. */
    public Optional<Boolean> parallelToolCalls() {
        return Optional.ofNullable(parallelToolCalls);
    }

    /** The shape the answer must have, such as JSON following a schema; empty for free text. */
    public Optional<ResponseFormat> responseFormat() {
        return Optional.ofNullable(responseFormat);
    }

    /**
     * The slug of a provider-side preset (a named bundle of model, prompt and parameters, such
     * as OpenRouter's presets) to apply to this request.
     */
    public Optional<String> preset() {
        return Optional.ofNullable(preset);
    }

    /** Provider-side plugins to run for this request, such as web search; in order. */
    public List<Plugin> plugins() {
        return plugins;
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
                && caching == that.caching
                && routing.equals(that.routing)
                && headers.equals(that.headers)
                && Objects.equals(toolChoice, that.toolChoice)
                && Objects.equals(parallelToolCalls, that.parallelToolCalls)
                && Objects.equals(responseFormat, that.responseFormat)
                && Objects.equals(preset, that.preset)
                && plugins.equals(that.plugins);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, fallbacks, messages, temperature, topP, maxTokens, stop, tools, reasoning,
                user, sessionId, extras, caching, routing, headers, toolChoice, parallelToolCalls, responseFormat,
                preset, plugins);
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
        private Map<String, ?> routing = Map.of();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private ToolChoice toolChoice;
        private Boolean parallelToolCalls;
        private ResponseFormat responseFormat;
        private String preset;
        private final List<Plugin> plugins = new ArrayList<>();

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
         * Routing preferences keyed as in {@code provider.<id>.routing}; replaces earlier ones.
         * Each key replaces the provider's configured value for this request.
         */
        public Builder routing(Map<String, ?> routing) {
            this.routing = JsonValues.copyOf(routing);
            return this;
        }

        /**
         * Replaces the extra HTTP headers. Names must be HTTP tokens and values single-line
         * text; headers a transport sets itself ({@code Authorization}, {@code Content-Type},
         * {@code Host}, ...) are refused, since overriding them would break or redirect the request.
         */
        public Builder headers(Map<String, String> headers) {
            Map<String, String> checked = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (Map.Entry<String, String> header : Map.copyOf(headers).entrySet()) {
                String name = requireHeaderName(header.getKey());
                if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("the header " + name + " is set twice, in different cases");
                }
                checked.put(name, requireHeaderValue(name, header.getValue()));
            }
            this.headers.clear();
            this.headers.putAll(checked);
            return this;
        }

        /** Whether and which tool the model must call. */
        public Builder toolChoice(ToolChoice toolChoice) {
            this.toolChoice = Objects.requireNonNull(toolChoice, "toolChoice is null");
            return this;
        }

        /** Whether the model may call several tools in one turn. */
        public Builder parallelToolCalls(boolean parallelToolCalls) {
            this.parallelToolCalls = parallelToolCalls;
            return this;
        }

        /** The shape the answer must have. */
        public Builder responseFormat(ResponseFormat responseFormat) {
            this.responseFormat = Objects.requireNonNull(responseFormat, "responseFormat is null");
            return this;
        }

        /** The slug of a provider-side preset, e.g. {@code email-copywriter}; without {@code @preset/}. */
        public Builder preset(String preset) {
            Checks.requireText(preset, "preset");
            if (!PRESET_SLUG.matcher(preset).matches()) {
                throw new IllegalArgumentException("preset must be a slug of letters, digits, '-', '_' and '.',"
                        + " without @preset/: \"" + preset + "\"");
            }
            this.preset = preset;
            return this;
        }

        /** Replaces the provider-side plugins; their ids must be unique. */
        public Builder plugins(List<Plugin> plugins) {
            List<Plugin> copy = List.copyOf(plugins);
            if (copy.stream().map(Plugin::id).distinct().count() != copy.size()) {
                throw new IllegalArgumentException("two plugins share an id: " + copy.stream().map(Plugin::id).toList());
            }
            this.plugins.clear();
            this.plugins.addAll(copy);
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

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern PRESET_SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** Headers an HTTP transport sets itself; a request may not override them. */
    private static final Set<String> TRANSPORT_HEADERS = Set.of("authorization", "proxy-authorization", "host",
            "content-type", "content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive",
            "upgrade", "te", "trailer", "expect", "accept", "accept-encoding", "cookie");

    private static String requireHeaderName(String name) {
        Objects.requireNonNull(name, "a header name is null");
        if (!HEADER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a valid HTTP header name: use letters, digits"
                    + " and - (e.g. X-Team)");
        }
        if (TRANSPORT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("the header " + name + " is set by the provider's transport and cannot"
                    + " be overridden; the credential belongs in the provider's apiKey option");
        }
        return name;
    }

    private static String requireHeaderValue(String name, String value) {
        Objects.requireNonNull(value, "the value of header " + name + " is null");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                // Never echo the value: a header may carry a credential.
                throw new IllegalArgumentException("the value of header " + name + " contains a line break or"
                        + " control character at index " + i);
            }
        }
        return value;
    }

    /**
     * Whether the model must call a tool: {@link #auto()} lets it decide, {@link #none()} forbids
     * tools, {@link #required()} demands some tool, {@link #tool(String)} demands one by name.
     */
    public static final class ToolChoice {
        private static final ToolChoice AUTO = new ToolChoice(Kind.AUTO, null);
        private static final ToolChoice NONE = new ToolChoice(Kind.NONE, null);
        private static final ToolChoice REQUIRED = new ToolChoice(Kind.REQUIRED, null);

        private final Kind kind;
        private final String toolName;

        private ToolChoice(Kind kind, String toolName) {
            this.kind = kind;
            this.toolName = toolName;
        }

        /** The four kinds of choice. */
        public enum Kind {
            /** The model decides whether to call tools. */
            AUTO,
            /** The model must not call tools. */
            NONE,
            /** The model must call at least one tool. */
            REQUIRED,
            /** The model must call the named tool. */
            TOOL
        }

        /** The model decides. */
        public static ToolChoice auto() {
            return AUTO;
        }

        /** The model must not call a tool. */
        public static ToolChoice none() {
            return NONE;
        }

        /** The model must call some tool. */
        public static ToolChoice required() {
            return REQUIRED;
        }

        /** The model must call the tool named {@code name}, which the request must offer. */
        public static ToolChoice tool(String name) {
            return new ToolChoice(Kind.TOOL, Checks.requireText(name, "tool name"));
        }

        /** Which kind of choice this is. */
        public Kind kind() {
            return kind;
        }

        /** The tool the model must call, for {@link Kind#TOOL}. */
        public Optional<String> toolName() {
            return Optional.ofNullable(toolName);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ToolChoice that && kind == that.kind && Objects.equals(toolName, that.toolName);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, toolName);
        }

        @Override
        public String toString() {
            return toolName == null ? kind.name().toLowerCase(Locale.ROOT) : "tool " + toolName;
        }
    }

    /**
     * The shape the answer must have: {@link #text()}, any JSON object ({@link #jsonObject()}),
     * or JSON following a schema ({@link #jsonSchema}).
     */
    public static final class ResponseFormat {
        private static final ResponseFormat TEXT = new ResponseFormat(Kind.TEXT, null, Map.of(), false);
        private static final ResponseFormat JSON_OBJECT = new ResponseFormat(Kind.JSON_OBJECT, null, Map.of(), false);
        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

        private final Kind kind;
        private final String name;
        private final Map<String, Object> schema;
        private final boolean strict;

        private ResponseFormat(Kind kind, String name, Map<String, ?> schema, boolean strict) {
            this.kind = kind;
            this.name = name;
            this.schema = JsonValues.copyOf(schema);
            this.strict = strict;
        }

        /** The three kinds of format. */
        public enum Kind {
            /** Free text. */
            TEXT,
            /** Any JSON object. */
            JSON_OBJECT,
            /** JSON following a schema. */
            JSON_SCHEMA
        }

        /** Free text, the default. */
        public static ResponseFormat text() {
            return TEXT;
        }

        /** Any JSON object. */
        public static ResponseFormat jsonObject() {
            return JSON_OBJECT;
        }

        /**
         * JSON following {@code schema} (a JSON Schema as JSON-like values).
         *
         * @param name   the schema's name: 1 to 64 letters, digits, {@code _} or {@code -}
         * @param strict whether the provider must follow the schema exactly
         */
        public static ResponseFormat jsonSchema(String name, Map<String, ?> schema, boolean strict) {
            Objects.requireNonNull(name, "name is null");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a response format's schema name must be 1 to 64 letters, digits,"
                        + " '_' or '-': \"" + name + "\"");
            }
            if (schema.isEmpty()) {
                throw new IllegalArgumentException("the response format's schema " + name + " is empty");
            }
            return new ResponseFormat(Kind.JSON_SCHEMA, name, schema, strict);
        }

        /** Which kind of format this is. */
        public Kind kind() {
            return kind;
        }

        /** The schema's name, for {@link Kind#JSON_SCHEMA}. */
        public Optional<String> name() {
            return Optional.ofNullable(name);
        }

        /** The JSON Schema, for {@link Kind#JSON_SCHEMA}; empty otherwise. */
        public Map<String, Object> schema() {
            return schema;
        }

        /** Whether the provider must follow the schema exactly. */
        public boolean strict() {
            return strict;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ResponseFormat that && kind == that.kind && Objects.equals(name, that.name)
                    && schema.equals(that.schema) && strict == that.strict;
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, name, schema, strict);
        }

        @Override
        public String toString() {
            return name == null ? kind.name().toLowerCase(Locale.ROOT) : "json_schema " + name;
        }
    }

    /**
     * A provider-side plugin, such as OpenRouter's {@code web} search, with its options.
     *
     * @param id      the plugin's id, e.g. {@code web}
     * @param options the plugin's options as JSON-like values, e.g. {@code max_results}; not {@code id}
     */
    public record Plugin(String id, Map<String, Object> options) {
        /** Checks the id and copies the options. */
        public Plugin {
            Checks.requireText(id, "plugin id");
            options = JsonValues.copyOf(options);
            if (options.containsKey("id")) {
                throw new IllegalArgumentException("the options of plugin " + id + " set \"id\" again");
            }
        }

        /** A plugin without options. */
        public static Plugin of(String id) {
            return new Plugin(id, Map.of());
        }
    }
}
