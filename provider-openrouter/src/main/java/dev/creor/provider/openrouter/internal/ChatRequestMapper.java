package dev.creor.provider.openrouter.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ReasoningOptions;
import dev.creor.core.chat.Role;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.ToolSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link ChatRequest} as OpenRouter's {@code /chat/completions} body.
 *
 * <p>Same-provider fallbacks become the {@code models} array (primary first), so OpenRouter
 * tries them within one request; fallbacks of other providers are the router's business and are
 * left out. The routing preferences from config become the {@code provider} object, each
 * preference the request sets replacing the configured one. The request-level options
 * ({@code tool_choice}, {@code parallel_tool_calls}, {@code response_format}, {@code preset},
 * {@code plugins}) map one to one. The request's {@code extras} are merged last: objects merge key by key (so an extra
 * {@code provider.order} refines the configured routing), anything else replaces. The fields the
 * adapter must control ({@code model}, {@code models}, {@code messages}, {@code stream},
 * {@code stream_options}) cannot be set through extras.
 */
final class ChatRequestMapper {
    static final Set<String> RESERVED_FIELDS = Set.of("model", "models", "messages", "stream", "stream_options");
    /** Each role's wire name, by ordinal: the names are constants, not worth a lower-casing per message. */
    private static final String[] ROLE_NAMES = Arrays.stream(Role.values())
            .map(role -> role.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    private final OpenRouterSettings settings;

    ChatRequestMapper(OpenRouterSettings settings) {
        this.settings = settings;
    }

    /**
     * The JSON body; {@code stream} selects an SSE answer with usage in the last chunk.
     *
     * <p>Written field by field with a {@link JsonGenerator}, without a tree of maps first, in
     * the order and with the values {@link #fields} has (a property test compares the two on
     * generated requests). A request with extras goes through {@link #fields}: they merge into
     * the adapter's own fields key by key, which needs the whole tree.
     */
    byte[] body(ChatRequest request, boolean stream) {
        if (!request.extras().isEmpty()) {
            return Json.write(fields(request, stream));
        }
        ByteArrayBuilder out = new ByteArrayBuilder();
        try (JsonGenerator json = Json.MAPPER.createGenerator(out)) {
            write(json, request, stream);
        } catch (IOException e) {
            // The generator writes to memory; only a value Jackson cannot serialise gets here.
            throw new IllegalStateException("could not write a request body: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** What {@link #fields} puts into the body, in its order, written straight to {@code json}. */
    private void write(JsonGenerator json, ChatRequest request, boolean stream) throws IOException {
        json.writeStartObject();
        json.writeStringField("model", request.model().model());
        if (hasSameProviderFallback(request)) {
            List<String> chain = modelChain(request);
            if (chain.size() > 1) {
                json.writeFieldName("models");
                writeValue(json, chain);
            }
        }
        json.writeFieldName("messages");
        writeMessages(json, request);
        if (!request.tools().isEmpty()) {
            json.writeFieldName("tools");
            writeValue(json, request.tools().stream().map(ChatRequestMapper::tool).toList());
        }
        if (request.temperature().isPresent()) {
            json.writeNumberField("temperature", request.temperature().getAsDouble());
        }
        if (request.topP().isPresent()) {
            json.writeNumberField("top_p", request.topP().getAsDouble());
        }
        if (request.maxTokens().isPresent()) {
            json.writeNumberField("max_tokens", request.maxTokens().getAsInt());
        }
        if (!request.stop().isEmpty()) {
            json.writeFieldName("stop");
            writeValue(json, request.stop());
        }
        if (request.reasoning().isPresent()) {
            json.writeFieldName("reasoning");
            writeValue(json, reasoning(request.reasoning().get()));
        }
        if (request.user().isPresent()) {
            json.writeStringField("user", request.user().get());
        }
        if (request.sessionId().isPresent()) {
            json.writeStringField("session_id", request.sessionId().get());
        }
        if (!settings.providerPreferences().isEmpty() || !request.routing().isEmpty()) {
            Map<String, Object> routing = new LinkedHashMap<>(settings.providerPreferences());
            routing.putAll(OpenRouterSettings.requestRouting(request.routing()));
            if (!routing.isEmpty()) {
                json.writeFieldName("provider");
                writeValue(json, routing);
            }
        }
        if (request.toolChoice().isPresent() || request.parallelToolCalls().isPresent()
                || request.responseFormat().isPresent() || request.preset().isPresent() || !request.plugins().isEmpty()) {
            Map<String, Object> options = new LinkedHashMap<>();
            requestOptions(request, options);
            for (Map.Entry<String, Object> option : options.entrySet()) {
                json.writeFieldName(option.getKey());
                writeValue(json, option.getValue());
            }
        }
        json.writeBooleanField("stream", stream);
        if (stream) {
            json.writeObjectFieldStart("stream_options");
            json.writeBooleanField("include_usage", true);
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static boolean hasSameProviderFallback(ChatRequest request) {
        String provider = request.model().provider();
        for (ModelRef fallback : request.fallbacks()) {
            if (fallback.provider().equals(provider)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #messages} written out. A message of plain text (no tool calls, reasoning, metadata
     * or cache breakpoint: most of a conversation) is written as its role and text; any other
     * goes through {@link #message}, which knows every case.
     */
    private static void writeMessages(JsonGenerator json, ChatRequest request) throws IOException {
        List<Message> messages = request.caching() == ChatRequest.Caching.AUTO
                ? withAutomaticBreakpoints(request.model().model(), request.messages())
                : request.messages();
        json.writeStartArray();
        for (Message message : messages) {
            if (isPlainText(message)) {
                json.writeStartObject();
                json.writeStringField("role", ROLE_NAMES[message.role().ordinal()]);
                json.writeStringField("content", message.parts().size() == 1
                        ? ((Message.Part.Text) message.parts().get(0)).text() : message.text());
                json.writeEndObject();
            } else {
                for (Map<String, Object> wire : message(message)) {
                    writeValue(json, wire);
                }
            }
        }
        json.writeEndArray();
    }

    /** Whether {@link #message} would write only the role and the text as {@code content}. */
    private static boolean isPlainText(Message message) {
        if (message.role() == Role.TOOL || !message.providerMetadata().isEmpty()) {
            return false;
        }
        for (Message.Part part : message.parts()) {
            if (!(part instanceof Message.Part.Text) || part.cache() != Message.CacheBreakpoint.NONE) {
                return false;
            }
        }
        return message.reasoning().map(reasoning -> reasoning.details().isEmpty()).orElse(true);
    }

    /**
     * A value of the tree {@link #fields} builds, written as Jackson writes it inside the tree:
     * objects and arrays element by element, strings, booleans, ints and doubles as Jackson's
     * own serialisers write them, anything else (other numbers, raw reasoning details) through
     * the adapter's mapper, as before.
     */
    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Map<?, ?> object) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : object.entrySet()) {
                json.writeFieldName((String) entry.getKey());
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> array) {
            json.writeStartArray();
            for (Object item : array) {
                writeValue(json, item);
            }
            json.writeEndArray();
        } else if (value == null) {
            json.writeNull();
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Integer number) {
            json.writeNumber(number.intValue());
        } else if (value instanceof Double number) {
            json.writeNumber(number.doubleValue());
        } else {
            json.writeObject(value);
        }
    }

    /**
     * The models OpenRouter will try, primary first: what goes into {@code models}. The router
     * has already dropped the models the whitelist or blacklist forbids.
     */
    List<String> modelChain(ChatRequest request) {
        Set<String> chain = new LinkedHashSet<>();
        chain.add(request.model().model());
        for (ModelRef fallback : request.fallbacks()) {
            if (fallback.provider().equals(request.model().provider())) {
                chain.add(fallback.model());
            }
        }
        return List.copyOf(chain);
    }

    Map<String, Object> fields(ChatRequest request, boolean stream) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", request.model().model());
        List<String> chain = modelChain(request);
        if (chain.size() > 1) {
            body.put("models", chain);
        }
        body.put("messages", messages(request));
        if (!request.tools().isEmpty()) {
            body.put("tools", request.tools().stream().map(ChatRequestMapper::tool).toList());
        }
        request.temperature().ifPresent(value -> body.put("temperature", value));
        request.topP().ifPresent(value -> body.put("top_p", value));
        request.maxTokens().ifPresent(value -> body.put("max_tokens", value));
        if (!request.stop().isEmpty()) {
            body.put("stop", request.stop());
        }
        request.reasoning().ifPresent(reasoning -> body.put("reasoning", reasoning(reasoning)));
        request.user().ifPresent(value -> body.put("user", value));
        request.sessionId().ifPresent(value -> body.put("session_id", value));
        Map<String, Object> routing = new LinkedHashMap<>(settings.providerPreferences());
        routing.putAll(OpenRouterSettings.requestRouting(request.routing()));
        if (!routing.isEmpty()) {
            body.put("provider", routing);
        }
        requestOptions(request, body);
        for (Map.Entry<String, Object> extra : request.extras().entrySet()) {
            if (RESERVED_FIELDS.contains(extra.getKey())) {
                throw CreorException.builder(ErrorCode.INVALID_REQUEST, "the request's extras set \""
                                + extra.getKey() + "\", which the OpenRouter adapter sets itself")
                        .hint("use the request's own fields (model, fallbacks, messages) instead, and"
                                + " chat() or stream() to choose streaming")
                        .build();
            }
            merge(body, extra.getKey(), plain(extra.getValue(), "extras." + extra.getKey()));
        }
        body.put("stream", stream);
        if (stream) {
            body.put("stream_options", Map.of("include_usage", true));
        }
        return body;
    }

    /** The request-level options beyond sampling, in OpenRouter's names. */
    @SuppressWarnings("unchecked")
    private static void requestOptions(ChatRequest request, Map<String, Object> body) {
        request.toolChoice().ifPresent(choice -> {
            if (choice.toolName().isPresent() && request.tools().stream()
                    .noneMatch(tool -> tool.name().equals(choice.toolName().get()))) {
                throw CreorException.builder(ErrorCode.INVALID_REQUEST, "the request's tool choice names the tool \""
                                + choice.toolName().get() + "\", which is not among its tools "
                                + request.tools().stream().map(ToolSpec::name).toList())
                        .hint("offer the tool in the request, or choose auto, none or required")
                        .build();
            }
            body.put("tool_choice", switch (choice.kind()) {
                case AUTO -> "auto";
                case NONE -> "none";
                case REQUIRED -> "required";
                case TOOL -> namedTool(choice.toolName().orElseThrow());
            });
        });
        request.parallelToolCalls().ifPresent(parallel -> body.put("parallel_tool_calls", parallel));
        request.responseFormat().ifPresent(format -> body.put("response_format", responseFormat(format)));
        request.preset().ifPresent(preset -> body.put("preset", preset));
        if (!request.plugins().isEmpty()) {
            body.put("plugins", request.plugins().stream().map(plugin -> {
                Map<String, Object> wire = new LinkedHashMap<>();
                wire.put("id", plugin.id());
                wire.putAll((Map<String, Object>) plain(plugin.options(), "plugins." + plugin.id()));
                return wire;
            }).toList());
        }
    }

    private static Map<String, Object> namedTool(String name) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("type", "function");
        wire.put("function", Map.of("name", name));
        return wire;
    }

    private static Map<String, Object> responseFormat(ChatRequest.ResponseFormat format) {
        Map<String, Object> wire = new LinkedHashMap<>();
        switch (format.kind()) {
            case TEXT -> wire.put("type", "text");
            case JSON_OBJECT -> wire.put("type", "json_object");
            case JSON_SCHEMA -> {
                Map<String, Object> schema = new LinkedHashMap<>();
                schema.put("name", format.name().orElseThrow());
                schema.put("schema", plain(format.schema(), "response_format.schema"));
                schema.put("strict", format.strict());
                wire.put("type", "json_schema");
                wire.put("json_schema", schema);
            }
        }
        return wire;
    }

    /**
     * The wire messages, with the caching policy applied: a tool message becomes one wire
     * message per result, since OpenAI-style APIs answer one call per {@code tool} message.
     */
    static List<Map<String, Object>> messages(ChatRequest request) {
        List<Message> messages = request.caching() == ChatRequest.Caching.AUTO
                ? withAutomaticBreakpoints(request.model().model(), request.messages())
                : request.messages();
        List<Map<String, Object>> wire = new ArrayList<>(messages.size());
        for (Message message : messages) {
            wire.addAll(message(message));
        }
        return wire;
    }

    /**
     * Whether a model caches only where the prompt puts {@code cache_control} breakpoints:
     * Anthropic's Claude and Google's Gemini. Others (OpenAI, DeepSeek, Grok, ...) cache on
     * their own and ignore breakpoints, so nothing is added for them.
     */
    static boolean needsExplicitBreakpoints(String model) {
        return model.startsWith("anthropic/") || model.startsWith("google/gemini");
    }

    /**
     * The breakpoints opencode places for Claude: after each of the first two system messages
     * (the stable prefix) and after each of the last two other messages (the conversation so
     * far, read from the cache on the next turn). Four at most, Anthropic's limit. A
     * conversation that marks any breakpoint itself is left alone.
     */
    static List<Message> withAutomaticBreakpoints(String model, List<Message> messages) {
        if (!needsExplicitBreakpoints(model) || messages.stream().anyMatch(Message::hasCacheBreakpoint)) {
            return messages;
        }
        List<Message> marked = new ArrayList<>(messages);
        int systems = 0;
        for (int i = 0; i < marked.size() && systems < 2; i++) {
            if (marked.get(i).role() == Role.SYSTEM) {
                marked.set(i, marked.get(i).withCacheBreakpoint(Message.CacheBreakpoint.FIVE_MINUTES));
                systems++;
            }
        }
        int others = 0;
        for (int i = marked.size() - 1; i >= 0 && others < 2; i--) {
            if (marked.get(i).role() != Role.SYSTEM) {
                marked.set(i, marked.get(i).withCacheBreakpoint(Message.CacheBreakpoint.FIVE_MINUTES));
                others++;
            }
        }
        return marked;
    }

    private static List<Map<String, Object>> message(Message message) {
        if (message.role() == Role.TOOL) {
            List<Map<String, Object>> results = new ArrayList<>();
            for (Message.Part part : message.parts()) {
                Message.Part.ToolResult result = (Message.Part.ToolResult) part;
                Map<String, Object> wire = new LinkedHashMap<>();
                wire.put("role", "tool");
                wire.put("tool_call_id", result.toolCallId());
                wire.put("content", result.cache() == Message.CacheBreakpoint.NONE ? result.content()
                        : List.of(textPart(result.content(), result.cache())));
                results.add(withMetadata(wire, message));
            }
            return results;
        }
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("role", message.role().name().toLowerCase(Locale.ROOT));
        List<Message.Part> content = message.parts().stream().filter(part -> !(part instanceof Message.Part.ToolUse)).toList();
        if (content.stream().allMatch(part -> part instanceof Message.Part.Text && part.cache() == Message.CacheBreakpoint.NONE)) {
            String text = message.text();
            // OpenAI-style APIs want null, not "", as the content of a turn that only called tools.
            wire.put("content", text.isEmpty() && !message.toolCalls().isEmpty() ? null : text);
        } else {
            wire.put("content", content.stream().map(ChatRequestMapper::contentPart).toList());
        }
        if (!message.toolCalls().isEmpty()) {
            wire.put("tool_calls", message.toolCalls().stream().map(ChatRequestMapper::toolCall).toList());
        }
        message.reasoning().ifPresent(reasoning -> {
            if (!reasoning.details().isEmpty()) {
                // Sent back exactly as received: signed models reject altered reasoning.
                wire.put("reasoning_details", reasoning.details().stream().map(RawValue::new).toList());
            }
        });
        return List.of(withMetadata(wire, message));
    }

    /** Adds the message's provider metadata (e.g. file annotations) without overriding what the adapter wrote. */
    private static Map<String, Object> withMetadata(Map<String, Object> wire, Message message) {
        for (Map.Entry<String, Object> entry : message.providerMetadata().entrySet()) {
            wire.putIfAbsent(entry.getKey(), plain(entry.getValue(), "message metadata." + entry.getKey()));
        }
        return wire;
    }

    private static Map<String, Object> contentPart(Message.Part part) {
        Map<String, Object> wire;
        if (part instanceof Message.Part.Text text) {
            return textPart(text.text(), text.cache());
        } else if (part instanceof Message.Part.Image image) {
            wire = new LinkedHashMap<>();
            wire.put("type", "image_url");
            wire.put("image_url", Map.of("url", image.media().asUrl()));
        } else if (part instanceof Message.Part.File file) {
            Map<String, Object> fileField = new LinkedHashMap<>();
            fileField.put("filename", file.filename());
            fileField.put("file_data", file.media().asUrl());
            wire = new LinkedHashMap<>();
            wire.put("type", "file");
            wire.put("file", fileField);
        } else {
            throw new IllegalArgumentException("not a content part: " + part);
        }
        cacheControl(part.cache()).ifPresent(control -> wire.put("cache_control", control));
        return wire;
    }

    private static Map<String, Object> textPart(String text, Message.CacheBreakpoint cache) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("type", "text");
        wire.put("text", text);
        cacheControl(cache).ifPresent(control -> wire.put("cache_control", control));
        return wire;
    }

    /** Anthropic's {@code cache_control}, which OpenRouter passes on to Claude and Gemini. */
    private static Optional<Map<String, Object>> cacheControl(Message.CacheBreakpoint cache) {
        return switch (cache) {
            case NONE -> Optional.empty();
            case FIVE_MINUTES -> Optional.of(Map.of("type", "ephemeral"));
            case ONE_HOUR -> {
                Map<String, Object> control = new LinkedHashMap<>();
                control.put("type", "ephemeral");
                control.put("ttl", "1h");
                yield Optional.of(control);
            }
        };
    }

    private static Map<String, Object> toolCall(ToolCall call) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", call.name());
        function.put("arguments", call.arguments());
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("id", call.id());
        wire.put("type", "function");
        wire.put("function", function);
        return wire;
    }

    private static Map<String, Object> tool(ToolSpec tool) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", tool.name());
        if (!tool.description().isEmpty()) {
            function.put("description", tool.description());
        }
        // An empty schema means "no arguments"; providers want that spelled as an empty object schema.
        function.put("parameters", tool.parameters().isEmpty()
                ? Map.of("type", "object", "properties", Map.of())
                : plain(tool.parameters(), "tools." + tool.name() + ".parameters"));
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("type", "function");
        wire.put("function", function);
        return wire;
    }

    private static Map<String, Object> reasoning(ReasoningOptions options) {
        Map<String, Object> wire = new LinkedHashMap<>();
        options.effort().ifPresent(effort -> wire.put("effort", effort));
        options.maxTokens().ifPresent(tokens -> wire.put("max_tokens", tokens));
        if (options.exclude()) {
            wire.put("exclude", true);
        }
        options.enabled().ifPresent(enabled -> wire.put("enabled", enabled));
        return wire;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, String key, Object value) {
        Object existing = target.get(key);
        if (existing instanceof Map<?, ?> existingMap && value instanceof Map<?, ?> valueMap) {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) existingMap);
            for (Map.Entry<?, ?> entry : valueMap.entrySet()) {
                merge(merged, (String) entry.getKey(), entry.getValue());
            }
            target.put(key, merged);
        } else {
            target.put(key, value);
        }
    }

    /** A JSON-like value with secrets refused: a request body is no place for a credential. */
    private static Object plain(Object value, String path) {
        if (value instanceof Secret) {
            throw CreorException.builder(ErrorCode.INVALID_REQUEST, path + " holds a secret, which the OpenRouter"
                            + " adapter does not put into request bodies")
                    .hint("pass the value as plain text if it is really meant for the request body")
                    .build();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put((String) key, plain(item, path + "." + key)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(plain(list.get(i), path + "[" + i + "]"));
            }
            return copy;
        }
        return value;
    }
}
