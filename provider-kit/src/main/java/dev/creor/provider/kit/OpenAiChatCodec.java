package dev.creor.provider.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ResponseMetadata;
import dev.creor.core.chat.Role;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.ToolSpec;
import dev.creor.core.chat.Usage;
import dev.creor.spi.ProviderContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * OpenAI's chat-completions wire format: the body of a streamed request, and a decoder of the
 * streamed chunks ({@code choices[0].delta} with {@code content}, {@code reasoning_content} or
 * {@code reasoning}, and {@code tool_calls}; {@code finish_reason}; {@code usage}; an
 * {@code error} object; {@code [DONE]}).
 */
final class OpenAiChatCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The body fields the codec writes itself, which extras may not set. */
    private static final Set<String> RESERVED_FIELDS = Set.of("model", "messages", "stream", "stream_options");

    private OpenAiChatCodec() {
    }

    /** The JSON body asking {@code /chat/completions} to stream the answer to {@code request}. */
    static byte[] streamingBody(ChatRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", request.model().model());
        ArrayNode messages = body.putArray("messages");
        for (Message message : request.messages()) {
            if (message.role() == Role.TOOL) {
                // OpenAI's API answers one call per tool message.
                for (Message.Part part : message.parts()) {
                    if (part instanceof Message.Part.ToolResult result) {
                        messages.addObject().put("role", "tool").put("tool_call_id", result.toolCallId())
                                .put("content", result.content());
                    }
                }
                continue;
            }
            ObjectNode wire = messages.addObject();
            wire.put("role", message.role().name().toLowerCase(Locale.ROOT));
            content(wire, message);
            if (!message.toolCalls().isEmpty()) {
                ArrayNode calls = wire.putArray("tool_calls");
                for (ToolCall call : message.toolCalls()) {
                    ObjectNode wireCall = calls.addObject();
                    wireCall.put("id", call.id());
                    wireCall.put("type", "function");
                    wireCall.putObject("function").put("name", call.name()).put("arguments", call.arguments());
                }
            }
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        request.temperature().ifPresent(value -> body.put("temperature", value));
        request.topP().ifPresent(value -> body.put("top_p", value));
        request.maxTokens().ifPresent(value -> body.put("max_tokens", value));
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec tool : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name()).put("description", tool.description());
                function.set("parameters", JSON.valueToTree(tool.parameters()));
            }
        }
        request.reasoning().flatMap(reasoning -> reasoning.effort()).ifPresent(effort -> body.put("reasoning_effort", effort));
        request.user().ifPresent(user -> body.put("user", user));
        request.toolChoice().ifPresent(choice -> {
            switch (choice.kind()) {
                case AUTO -> body.put("tool_choice", "auto");
                case NONE -> body.put("tool_choice", "none");
                case REQUIRED -> body.put("tool_choice", "required");
                case TOOL -> body.putObject("tool_choice").put("type", "function").putObject("function")
                        .put("name", choice.toolName().orElseThrow());
            }
        });
        request.parallelToolCalls().ifPresent(parallel -> body.put("parallel_tool_calls", parallel));
        request.responseFormat().ifPresent(format -> {
            ObjectNode wire = body.putObject("response_format");
            switch (format.kind()) {
                case TEXT -> wire.put("type", "text");
                case JSON_OBJECT -> wire.put("type", "json_object");
                case JSON_SCHEMA -> {
                    wire.put("type", "json_schema");
                    ObjectNode schema = wire.putObject("json_schema").put("name", format.name().orElseThrow());
                    schema.set("schema", JSON.valueToTree(format.schema()));
                    schema.put("strict", format.strict());
                }
            }
        });
        extras(request, body);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a JSON tree could not be written", impossible);
        }
    }

    /**
     * The request's extras, merged into the body last as OpenRouter's adapter merges them (an
     * object key by key, anything else replacing), so that fields Creor has no type for
     * ({@code seed}, {@code frequency_penalty}, ...) reach the server rather than vanish. The
     * fields the codec controls cannot be set this way, and a secret is never put into a body.
     *
     * @throws CreorException {@code INVALID_REQUEST} naming the extra
     */
    private static void extras(ChatRequest request, ObjectNode body) {
        for (Map.Entry<String, Object> extra : request.extras().entrySet()) {
            if (RESERVED_FIELDS.contains(extra.getKey())) {
                throw CreorException.builder(ErrorCode.INVALID_REQUEST, "the request's extras set \"" + extra.getKey()
                                + "\", which the OpenAI-compatible provider sets itself")
                        .hint("use the request's own fields (model, messages) instead, and chat() or stream() to choose"
                                + " streaming").build();
            }
            requireNoSecret(extra.getValue(), "extras." + extra.getKey());
            JsonNode value = JSON.valueToTree(extra.getValue());
            JsonNode existing = body.get(extra.getKey());
            if (existing instanceof ObjectNode object && value instanceof ObjectNode additions) {
                object.setAll(additions);
            } else {
                body.set(extra.getKey(), value);
            }
        }
    }

    private static void requireNoSecret(Object value, String path) {
        if (value instanceof Secret) {
            throw CreorException.of(ErrorCode.INVALID_REQUEST, path + " holds a secret, which the OpenAI-compatible"
                    + " provider does not put into request bodies");
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> requireNoSecret(item, path + "." + key));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                requireNoSecret(list.get(i), path + "[" + i + "]");
            }
        }
    }

    /**
     * A message's content: plain text when it holds only text, else OpenAI's content parts (text,
     * {@code image_url} with a URL or a {@code data:} URL, {@code file} with its data). Cache
     * breakpoints and reasoning have no place in OpenAI's format and are not sent.
     */
    private static void content(ObjectNode wire, Message message) {
        boolean textOnly = message.parts().stream()
                .allMatch(part -> part instanceof Message.Part.Text || part instanceof Message.Part.ToolUse);
        if (textOnly) {
            wire.put("content", message.text());
            return;
        }
        ArrayNode parts = wire.putArray("content");
        for (Message.Part part : message.parts()) {
            if (part instanceof Message.Part.Text text) {
                parts.addObject().put("type", "text").put("text", text.text());
            } else if (part instanceof Message.Part.Image image) {
                parts.addObject().put("type", "image_url").putObject("image_url").put("url", image.media().asUrl());
            } else if (part instanceof Message.Part.File file) {
                parts.addObject().put("type", "file").putObject("file").put("filename", file.filename())
                        .put("file_data", file.media().asUrl());
            }
        }
    }

    /** A decoder for one streamed answer to a request for {@code requested}. */
    static ProviderContext.Kit.StreamDecoder decoder(ModelRef requested, KitErrors errors) {
        return new ChunkDecoder(requested, errors);
    }

    private static final class ChunkDecoder implements ProviderContext.Kit.StreamDecoder {
        private final ModelRef requested;
        private final KitErrors errors;
        private String servedModel;
        private String generationId;
        private FinishReason finishReason;
        private Usage usage = Usage.NONE;

        ChunkDecoder(ModelRef requested, KitErrors errors) {
            this.requested = requested;
            this.errors = errors;
        }

        @Override
        public void onEvent(String data, Consumer<ChatEvent> events) {
            if (data.strip().equals("[DONE]")) {
                events.accept(completed());
                return;
            }
            JsonNode chunk;
            try {
                chunk = JSON.readTree(data);
            } catch (JsonProcessingException e) {
                throw errors.malformed(requested.model(), "a chunk is not JSON: " + e.getOriginalMessage());
            }
            if (chunk.hasNonNull("error")) {
                events.accept(ChatEvent.Failed.of(errors.fromStreamError(chunk.get("error"), requested.model())));
                return;
            }
            servedModel = text(chunk.get("model"), servedModel);
            generationId = text(chunk.get("id"), generationId);
            JsonNode wireUsage = chunk.get("usage");
            if (wireUsage != null && wireUsage.isObject()) {
                usage = new Usage(wireUsage.path("prompt_tokens").asLong(), wireUsage.path("completion_tokens").asLong(),
                        wireUsage.path("completion_tokens_details").path("reasoning_tokens").asLong(),
                        wireUsage.path("prompt_tokens_details").path("cached_tokens").asLong(), null);
            }
            JsonNode choice = chunk.path("choices").path(0);
            JsonNode delta = choice.path("delta");
            String reasoning = text(delta.get("reasoning_content"), text(delta.get("reasoning"), null));
            if (reasoning != null && !reasoning.isEmpty()) {
                events.accept(new ChatEvent.ReasoningDelta(reasoning));
            }
            String content = text(delta.get("content"), null);
            if (content != null && !content.isEmpty()) {
                events.accept(new ChatEvent.TextDelta(content));
            }
            for (JsonNode call : delta.path("tool_calls")) {
                JsonNode function = call.path("function");
                events.accept(new ChatEvent.ToolCallDelta(call.path("index").asInt(0), text(call.get("id"), null),
                        text(function.get("name"), null), text(function.get("arguments"), "")));
            }
            String finish = text(choice.get("finish_reason"), null);
            if (finish != null) {
                finishReason = finishReason(finish);
            }
        }

        @Override
        public void onEnd(Consumer<ChatEvent> events) {
            // Some servers close the stream after the finish reason without [DONE]: the answer is whole.
            if (finishReason != null) {
                events.accept(completed());
            }
        }

        private ChatEvent completed() {
            ResponseMetadata.Builder metadata = ResponseMetadata.builder(servedModel == null ? requested
                            : requested.withModel(servedModel))
                    .finishReason(finishReason == null ? FinishReason.UNKNOWN : finishReason)
                    .usage(usage);
            if (generationId != null) {
                metadata.generationId(generationId);
            }
            return new ChatEvent.Completed(metadata.build());
        }

        private static FinishReason finishReason(String wire) {
            return switch (wire) {
                case "stop", "end_turn", "stop_sequence" -> FinishReason.STOP;
                case "length", "max_tokens" -> FinishReason.LENGTH;
                case "tool_calls", "function_call", "tool_use" -> FinishReason.TOOL_CALLS;
                case "content_filter" -> FinishReason.CONTENT_FILTER;
                case "error" -> FinishReason.ERROR;
                default -> FinishReason.UNKNOWN;
            };
        }

        private static String text(JsonNode node, String otherwise) {
            return node != null && node.isTextual() ? node.textValue() : otherwise;
        }
    }
}
