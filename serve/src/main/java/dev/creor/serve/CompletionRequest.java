package dev.creor.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ReasoningOptions;
import dev.creor.core.chat.Role;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.ToolSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code POST /v1/chat/completions} body, read into Creor's types: the model asked for, whether
 * to stream, the conversation, and what refines the request: sampling, tools, the request options
 * {@link CompletionOptions} reads ({@code tool_choice}, {@code parallel_tool_calls},
 * {@code response_format}, {@code reasoning}, {@code preset}, {@code plugins}), and the fields
 * Creor has no type for, which pass through to the provider as extras (OpenRouter's
 * {@code provider}, top-level {@code cache_control}, {@code seed} and the rest). The fields
 * whose result could not come back to the client are refused, never dropped.
 *
 * @param model    the {@code model} field as sent: {@code agent/NAME} or {@code provider/model-id}
 * @param stream   whether the answer is sent as server-sent events
 * @param messages the conversation
 * @param fields   the body, for {@link #refine}
 */
record CompletionRequest(String model, boolean stream, List<Message> messages, JsonNode fields) {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Read into the request's own properties, or decided by the gateway; everything else passes through. */
    private static final Set<String> CONSUMED = Set.of("model", "messages", "stream", "stream_options", "temperature",
            "top_p", "max_tokens", "max_completion_tokens", "stop", "tools", "user", "session_id", "models", "n");

    CompletionRequest {
        messages = List.copyOf(messages);
    }

    /**
     * Reads a request body.
     *
     * @throws CreorException {@code INVALID_REQUEST} naming the field that is wrong and what it should be
     */
    static CompletionRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("the body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw invalid("the body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("the body must be a JSON object with \"model\" and \"messages\"");
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.textValue().isBlank()) {
            throw invalid("\"model\" must name an agent (agent/build) or a model (openrouter/openai/gpt-4o); "
                    + "GET /v1/models lists them");
        }
        JsonNode n = root.get("n");
        if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.intValue() == 1)) {
            throw invalid("\"n\" must be 1: the gateway answers with one choice");
        }
        JsonNode stream = root.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw invalid("\"stream\" must be true or false");
        }
        return new CompletionRequest(model.textValue(), stream != null && stream.asBoolean(false),
                messages(root.get("messages")), root);
    }

    /**
     * Applies the body's sampling, tools, request options and pass-through fields to a request.
     *
     * @throws CreorException {@code INVALID_REQUEST} naming the field that is wrong or refused
     */
    ChatRequest.Builder refine(ChatRequest.Builder request) {
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                CompletionOptions.refusal(field.getKey(), field.getValue()).ifPresent(reason -> {
                    throw invalid(reason);
                });
            }
            // What the request has so far (an agent's reasoning), for the body's to refine.
            Optional<ReasoningOptions> reasoning = request.build().reasoning();
            number("temperature").ifPresent(request::temperature);
            number("top_p").ifPresent(request::topP);
            JsonNode maxTokens = fields.has("max_completion_tokens") ? fields.get("max_completion_tokens")
                    : fields.get("max_tokens");
            JsonNode maxTokensToo = fields.get("max_tokens");
            if (fields.has("max_completion_tokens") && maxTokensToo != null && !maxTokensToo.isNull()
                    && !maxTokensToo.equals(maxTokens)) {
                throw invalid("\"max_tokens\" (" + maxTokensToo + ") and \"max_completion_tokens\" (" + maxTokens
                        + ") disagree: send one of them");
            }
            if (maxTokens != null && !maxTokens.isNull()) {
                if (!maxTokens.canConvertToInt() || !maxTokens.isIntegralNumber() || maxTokens.intValue() <= 0) {
                    throw invalid("\"max_tokens\" must be a positive whole number; got " + maxTokens);
                }
                request.maxTokens(maxTokens.intValue());
            }
            JsonNode stop = fields.get("stop");
            if (stop != null && !stop.isNull()) {
                request.stop(stop.isTextual() ? List.of(stop.textValue()) : texts(stop, "stop"));
            }
            JsonNode toolsField = fields.get("tools");
            List<ToolSpec> tools = toolsField == null || toolsField.isNull() ? List.of() : tools(toolsField);
            if (!tools.isEmpty()) {
                request.tools(tools);
            }
            text("user").ifPresent(request::user);
            text("session_id").ifPresent(request::sessionId);
            CompletionOptions.apply(fields, request, tools, reasoning);
            JsonNode routing = fields.get("provider");
            if (routing != null && !routing.isNull() && !routing.isObject()) {
                throw invalid("\"provider\" must be an object of routing preferences, such as {\"order\": [\"OpenAI\"]};"
                        + " got " + routing);
            }
            Map<String, Object> extras = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!CONSUMED.contains(field.getKey()) && !CompletionOptions.READ.contains(field.getKey())
                        && !field.getValue().isNull()) {
                    extras.put(field.getKey(), plain(field.getValue()));
                }
            }
            if (!extras.isEmpty()) {
                request.extras(extras);
            }
            return request;
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** The {@code models} field: OpenRouter's fallback ids, of the same provider as the model. */
    List<String> fallbackIds() {
        JsonNode models = fields.get("models");
        return models == null || models.isNull() ? List.of() : texts(models, "models");
    }

    private java.util.Optional<Double> number(String field) {
        JsonNode value = fields.get(field);
        if (value == null || value.isNull()) {
            return java.util.Optional.empty();
        }
        if (!value.isNumber()) {
            throw invalid("\"" + field + "\" must be a number; got " + value);
        }
        return java.util.Optional.of(value.doubleValue());
    }

    private java.util.Optional<String> text(String field) {
        JsonNode value = fields.get(field);
        if (value == null || value.isNull()) {
            return java.util.Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid("\"" + field + "\" must be text; got " + value);
        }
        return java.util.Optional.of(value.textValue());
    }

    private static List<Message> messages(JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw invalid("\"messages\" must be a non-empty list of {role, content} objects");
        }
        List<Message> conversation = new ArrayList<>();
        int index = 0;
        for (JsonNode message : messages) {
            conversation.add(message(message, "messages[" + index++ + "]"));
        }
        return conversation;
    }

    private static Message message(JsonNode message, String where) {
        if (!message.isObject()) {
            throw invalid(where + " must be an object with \"role\" and \"content\"");
        }
        String role = message.path("role").asText("");
        return switch (role) {
            case "system", "developer" -> Message.system(content(message.get("content"), where));
            case "user" -> userMessage(message.get("content"), where);
            case "assistant" -> {
                JsonNode content = message.get("content");
                String text = content == null || content.isNull() ? "" : content(content, where);
                JsonNode calls = message.get("tool_calls");
                Message assistant = calls == null || calls.isNull() ? Message.assistant(text)
                        : Message.assistant(text, toolCalls(calls, where + ".tool_calls"));
                yield withReasoning(assistant, message, where);
            }
            case "tool" -> {
                JsonNode id = message.get("tool_call_id");
                if (id == null || !id.isTextual() || id.textValue().isBlank()) {
                    throw invalid(where + " is a tool result without \"tool_call_id\"");
                }
                yield Message.tool(id.textValue(), content(message.get("content"), where));
            }
            default -> throw invalid(where + ".role must be system, developer, user, assistant or tool; got \""
                    + role + "\"");
        };
    }

    /**
     * A user message: text, or a list of {@code text}, {@code image_url} and {@code file} parts,
     * each possibly with a {@code cache_control} breakpoint.
     */
    private static Message userMessage(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            throw invalid(where + ".content is missing");
        }
        if (content.isTextual()) {
            return Message.user(content.textValue());
        }
        if (!content.isArray()) {
            throw invalid(where + ".content must be text or a list of parts");
        }
        Message.Builder message = Message.builder(Role.USER);
        int index = 0;
        for (JsonNode part : content) {
            String at = where + ".content[" + index++ + "]";
            String type = part.path("type").asText("");
            switch (type) {
                case "text" -> {
                    if (!part.path("text").isTextual()) {
                        throw invalid(at + " is a \"text\" part without \"text\"");
                    }
                    message.text(part.get("text").textValue());
                }
                case "image_url" -> message.image(media(part.path("image_url").path("url"), at, type));
                case "file" -> {
                    String filename = part.path("file").path("filename").asText("");
                    if (filename.isBlank()) {
                        throw invalid(at + " is a \"file\" part without \"file.filename\"");
                    }
                    message.file(media(part.path("file").path("file_data"), at, type), filename);
                }
                default -> throw invalid(at + " is a \"" + type + "\" part; the gateway passes text, image_url and"
                        + " file parts");
            }
            JsonNode control = part.path("cache_control");
            if (control.isObject()) {
                message.cacheBreakpoint("1h".equals(control.path("ttl").asText())
                        ? Message.CacheBreakpoint.ONE_HOUR : Message.CacheBreakpoint.FIVE_MINUTES);
            }
        }
        return message.build();
    }

    private static Message.Media media(JsonNode url, String at, String type) {
        String text = url.isTextual() ? url.textValue() : "";
        try {
            return Message.Media.url(URI.create(text));
        } catch (IllegalArgumentException notAUrl) {
            throw invalid(at + " is an \"" + type + "\" part whose URL is not an absolute URL (https: or a base64"
                    + " data: URL)");
        }
    }

    /** The turn's {@code reasoning_details}, kept as the raw JSON objects the client sent back. */
    private static Message withReasoning(Message assistant, JsonNode message, String where) {
        JsonNode details = message.get("reasoning_details");
        if (details == null || details.isNull()) {
            return assistant;
        }
        if (!details.isArray()) {
            throw invalid(where + ".reasoning_details must be a list of objects");
        }
        List<String> raw = new ArrayList<>();
        for (JsonNode detail : details) {
            if (!detail.isObject()) {
                throw invalid(where + ".reasoning_details must be a list of objects");
            }
            raw.add(detail.toString());
        }
        String text = message.path("reasoning").isTextual() ? message.get("reasoning").textValue() : "";
        return assistant.toBuilder().reasoning(new Message.Reasoning(text, "", raw)).build();
    }

    /** Text content, or a list of text parts joined. */
    private static String content(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            throw invalid(where + ".content is missing");
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (!content.isArray()) {
            throw invalid(where + ".content must be text or a list of parts");
        }
        StringBuilder text = new StringBuilder();
        int index = 0;
        for (JsonNode part : content) {
            String type = part.path("type").asText("");
            if (!type.equals("text") || !part.path("text").isTextual()) {
                throw invalid(where + ".content[" + index + "] is a \"" + type + "\" part; this role takes text parts"
                        + " only (images and files go in user messages)");
            }
            text.append(part.get("text").textValue());
            index++;
        }
        return text.toString();
    }

    private static List<ToolCall> toolCalls(JsonNode calls, String where) {
        if (!calls.isArray()) {
            throw invalid(where + " must be a list");
        }
        List<ToolCall> result = new ArrayList<>();
        int index = 0;
        for (JsonNode call : calls) {
            JsonNode function = call.path("function");
            String id = call.path("id").asText("");
            String name = function.path("name").asText("");
            if (id.isBlank() || name.isBlank()) {
                throw invalid(where + "[" + index + "] needs \"id\" and \"function.name\"");
            }
            JsonNode arguments = function.get("arguments");
            result.add(new ToolCall(id, name, arguments == null || arguments.isNull() ? ""
                    : arguments.isTextual() ? arguments.textValue() : arguments.toString()));
            index++;
        }
        return result;
    }

    private static List<ToolSpec> tools(JsonNode tools) {
        if (!tools.isArray()) {
            throw invalid("\"tools\" must be a list of {type: function, function: {name, parameters}}");
        }
        List<ToolSpec> specs = new ArrayList<>();
        int index = 0;
        for (JsonNode tool : tools) {
            JsonNode function = tool.path("function");
            if (!tool.path("type").asText("function").equals("function") || !function.path("name").isTextual()) {
                throw invalid("tools[" + index + "] must be {type: function, function: {name, description, parameters}}");
            }
            JsonNode parameters = function.get("parameters");
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = parameters == null || parameters.isNull() ? Map.of()
                    : (Map<String, Object>) plain(parameters);
            specs.add(new ToolSpec(function.get("name").textValue(), function.path("description").asText(""), schema));
            index++;
        }
        return specs;
    }

    private static List<String> texts(JsonNode list, String field) {
        if (!list.isArray()) {
            throw invalid("\"" + field + "\" must be a list of text");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode entry : list) {
            if (!entry.isTextual()) {
                throw invalid("\"" + field + "\" must hold text only; got " + entry);
            }
            texts.add(entry.textValue());
        }
        return texts;
    }

    /** A JSON node as the JSON-like values Creor's requests carry (maps, lists, text, numbers, booleans). */
    static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(entry -> {
                if (!entry.getValue().isNull()) {
                    map.put(entry.getKey(), plain(entry.getValue()));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(element.isNull() ? "" : plain(element)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        return node.decimalValue();
    }

    static CreorException invalid(String message) {
        return CreorException.of(ErrorCode.INVALID_REQUEST, message);
    }
}
