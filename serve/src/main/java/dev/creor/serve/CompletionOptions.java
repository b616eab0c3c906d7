package dev.creor.serve;

import static dev.creor.serve.CompletionRequest.invalid;
import static dev.creor.serve.CompletionRequest.plain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ReasoningOptions;
import dev.creor.core.chat.ToolSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The request options of a chat-completions body beyond sampling, read into {@link ChatRequest}'s
 * own properties rather than passed on as raw extras: {@code tool_choice},
 * {@code parallel_tool_calls}, {@code response_format}, {@code reasoning} (or OpenAI's
 * {@code reasoning_effort}), {@code preset} and {@code plugins}. As properties they reach every
 * provider in its own wire format (an OpenAI-compatible endpoint ignores raw extras), Creor checks
 * them before anything is sent (a tool choice naming a tool the request does not offer, effort
 * together with a token budget), and a request's reasoning replaces the agent's by Creor's rule
 * (an effort or a budget replaces both) instead of being merged into a body OpenRouter refuses.
 *
 * <p>Also the fields the gateway refuses, because what they ask for could not come back to the
 * client: the deprecated {@code functions}/{@code function_call}, log probabilities and audio.
 */
final class CompletionOptions {
    /** The fields read here into the request's own properties. */
    static final Set<String> READ = Set.of("tool_choice", "parallel_tool_calls", "response_format", "reasoning",
            "reasoning_effort", "preset", "plugins");
    private static final Set<String> REASONING_KEYS = Set.of("effort", "max_tokens", "exclude", "enabled");
    private static final String TOOL_CHOICE_SHAPE = "\"auto\", \"none\", \"required\" or {\"type\": \"function\","
            + " \"function\": {\"name\": \"TOOL\"}}";

    private CompletionOptions() {
    }

    /**
     * Why the gateway refuses a field, when it does: the field names a feature whose result the
     * gateway's answers have no place for, so passing it on would drop that result silently.
     */
    static Optional<String> refusal(String field, JsonNode value) {
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        return switch (field) {
            case "functions", "function_call" -> Optional.of("\"" + field + "\" is OpenAI's deprecated form of tools,"
                    + " which the gateway does not take: send \"tools\" and \"tool_choice\" instead");
            case "logprobs" -> value.isBoolean() && !value.booleanValue() ? Optional.empty()
                    : Optional.of("\"logprobs\" is not supported: the gateway's answers carry no log probabilities;"
                    + " leave it out");
            case "top_logprobs" -> Optional.of("\"top_logprobs\" is not supported: the gateway's answers carry no log"
                    + " probabilities; leave it out");
            case "audio" -> Optional.of("\"audio\" is not supported: the gateway answers with text only; leave it out");
            case "modalities" -> value.isArray() && value.size() == 1 && "text".equals(value.get(0).asText(""))
                    ? Optional.empty()
                    : Optional.of("\"modalities\" may only be [\"text\"]: the gateway answers with text only");
            default -> Optional.empty();
        };
    }

    /**
     * Applies the options the body sets to a request.
     *
     * @param fields    the body
     * @param request   the request so far (an agent's, with its reasoning, or a bare one)
     * @param tools     the tools the body offers, which a named tool choice must be among
     * @param reasoning the reasoning the request has so far (the agent's), which the body's refines
     */
    static void apply(JsonNode fields, ChatRequest.Builder request, List<ToolSpec> tools,
                      Optional<ReasoningOptions> reasoning) {
        present(fields, "tool_choice").ifPresent(value -> request.toolChoice(toolChoice(value, tools)));
        present(fields, "parallel_tool_calls").ifPresent(value -> {
            if (!value.isBoolean()) {
                throw invalid("\"parallel_tool_calls\" must be true or false; got " + value);
            }
            request.parallelToolCalls(value.booleanValue());
        });
        present(fields, "response_format").ifPresent(value -> request.responseFormat(responseFormat(value)));
        reasoning(fields, reasoning).ifPresent(request::reasoning);
        present(fields, "preset").ifPresent(value -> {
            if (!value.isTextual()) {
                throw invalid("\"preset\" must be the slug of a preset as text; got " + value);
            }
            request.preset(value.textValue());
        });
        present(fields, "plugins").ifPresent(value -> request.plugins(plugins(value)));
    }

    static ChatRequest.ToolChoice toolChoice(JsonNode value, List<ToolSpec> tools) {
        if (value.isTextual()) {
            return switch (value.textValue()) {
                case "auto" -> ChatRequest.ToolChoice.auto();
                case "none" -> ChatRequest.ToolChoice.none();
                case "required" -> ChatRequest.ToolChoice.required();
                default -> throw invalid("\"tool_choice\" must be " + TOOL_CHOICE_SHAPE + "; got " + value);
            };
        }
        JsonNode name = value.path("function").path("name");
        if (!value.isObject() || !"function".equals(value.path("type").asText()) || !name.isTextual()
                || name.textValue().isBlank()) {
            throw invalid("\"tool_choice\" must be " + TOOL_CHOICE_SHAPE + "; got " + value);
        }
        if (tools.stream().noneMatch(tool -> tool.name().equals(name.textValue()))) {
            throw invalid("\"tool_choice\" names the tool \"" + name.textValue() + "\", which is not among the"
                    + " request's \"tools\" " + tools.stream().map(ToolSpec::name).toList()
                    + ": offer it in \"tools\", or choose \"auto\", \"none\" or \"required\"");
        }
        return ChatRequest.ToolChoice.tool(name.textValue());
    }

    static ChatRequest.ResponseFormat responseFormat(JsonNode value) {
        if (!value.isObject()) {
            throw invalid("\"response_format\" must be an object such as {\"type\": \"json_object\"}; got " + value);
        }
        unknownKeys(value, Set.of("type", "json_schema"), "response_format");
        String type = value.path("type").asText("");
        switch (type) {
            case "text":
                return ChatRequest.ResponseFormat.text();
            case "json_object":
                return ChatRequest.ResponseFormat.jsonObject();
            case "json_schema":
                break;
            default:
                throw invalid("\"response_format.type\" must be \"text\", \"json_object\" or \"json_schema\"; got "
                        + value.path("type"));
        }
        JsonNode jsonSchema = value.get("json_schema");
        if (jsonSchema == null || !jsonSchema.isObject()) {
            throw invalid("\"response_format.json_schema\" must be an object with \"name\" and \"schema\"");
        }
        if (jsonSchema.has("description")) {
            throw invalid("\"response_format.json_schema.description\" is not passed on by the gateway: put the"
                    + " description into the schema (its \"description\" keyword) instead");
        }
        unknownKeys(jsonSchema, Set.of("name", "schema", "strict"), "response_format.json_schema");
        JsonNode name = jsonSchema.get("name");
        if (name == null || !name.isTextual()) {
            throw invalid("\"response_format.json_schema.name\" must be the schema's name as text, such as \"answer\"");
        }
        JsonNode schema = jsonSchema.get("schema");
        if (schema == null || !schema.isObject() || schema.isEmpty()) {
            throw invalid("\"response_format.json_schema.schema\" must be a JSON Schema object, such as"
                    + " {\"type\": \"object\", \"properties\": {...}}");
        }
        JsonNode strict = jsonSchema.get("strict");
        if (strict != null && !strict.isNull() && !strict.isBoolean()) {
            throw invalid("\"response_format.json_schema.strict\" must be true or false; got " + strict);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> schemaValues = (Map<String, Object>) plain(schema);
        try {
            return ChatRequest.ResponseFormat.jsonSchema(name.textValue(), schemaValues,
                    strict != null && strict.asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw invalid("\"response_format.json_schema\": " + e.getMessage());
        }
    }

    /**
     * The request's reasoning: the body's {@code reasoning} (or {@code reasoning_effort}) over
     * the agent's. An effort or a token budget in the body replaces both of the agent's, since a
     * request may carry only one; {@code exclude} and {@code enabled} replace the agent's when set.
     */
    static Optional<ReasoningOptions> reasoning(JsonNode fields, Optional<ReasoningOptions> base) {
        Optional<JsonNode> reasoning = present(fields, "reasoning");
        Optional<JsonNode> effortField = present(fields, "reasoning_effort");
        if (reasoning.isEmpty() && effortField.isEmpty()) {
            return Optional.empty();
        }
        String effort = null;
        Integer maxTokens = null;
        Boolean exclude = null;
        Boolean enabled = null;
        if (reasoning.isPresent()) {
            JsonNode value = reasoning.get();
            if (!value.isObject()) {
                throw invalid("\"reasoning\" must be an object such as {\"effort\": \"high\"}; got " + value);
            }
            unknownKeys(value, REASONING_KEYS, "reasoning");
            effort = optionalText(value, "effort", "reasoning.effort");
            maxTokens = optionalPositive(value, "max_tokens", "reasoning.max_tokens");
            exclude = optionalBoolean(value, "exclude", "reasoning.exclude");
            enabled = optionalBoolean(value, "enabled", "reasoning.enabled");
            if (effort != null && maxTokens != null) {
                throw invalid("\"reasoning\" sets both \"effort\" and \"max_tokens\", but a request may have only one"
                        + " of them (OpenRouter refuses both together): keep the effort or the token budget");
            }
        }
        if (effortField.isPresent()) {
            if (effort != null || maxTokens != null) {
                throw invalid("\"reasoning_effort\" and \"reasoning\" both say how much to reason: send one of them"
                        + " (reasoning_effort is OpenAI's spelling of reasoning.effort)");
            }
            if (!effortField.get().isTextual() || effortField.get().textValue().isBlank()) {
                throw invalid("\"reasoning_effort\" must be text such as \"low\", \"medium\" or \"high\"; got "
                        + effortField.get());
            }
            effort = effortField.get().textValue();
        }
        ReasoningOptions.Builder merged = ReasoningOptions.builder();
        if (effort != null) {
            merged.effort(effort);
        } else if (maxTokens != null) {
            merged.maxTokens(maxTokens);
        } else if (base.isPresent()) {
            base.get().effort().ifPresent(merged::effort);
            base.get().maxTokens().ifPresent(merged::maxTokens);
        }
        merged.exclude(exclude != null ? exclude : base.map(ReasoningOptions::exclude).orElse(false));
        Optional<Boolean> on = enabled != null ? Optional.of(enabled) : base.flatMap(ReasoningOptions::enabled);
        on.ifPresent(merged::enabled);
        return Optional.of(merged.build());
    }

    static List<ChatRequest.Plugin> plugins(JsonNode value) {
        if (!value.isArray()) {
            throw invalid("\"plugins\" must be a list of {\"id\": ..., options} objects, such as [{\"id\": \"web\"}]");
        }
        List<ChatRequest.Plugin> plugins = new ArrayList<>();
        int index = 0;
        for (JsonNode plugin : value) {
            String at = "plugins[" + index++ + "]";
            if (!plugin.isObject() || !plugin.path("id").isTextual() || plugin.get("id").textValue().isBlank()) {
                throw invalid("\"" + at + "\" must be an object with the plugin's \"id\", such as {\"id\": \"web\"}");
            }
            Map<String, Object> options = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = plugin.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> option = it.next();
                if (!option.getKey().equals("id") && !option.getValue().isNull()) {
                    options.put(option.getKey(), plain(option.getValue()));
                }
            }
            plugins.add(new ChatRequest.Plugin(plugin.get("id").textValue(), options));
        }
        return plugins;
    }

    private static Optional<JsonNode> present(JsonNode fields, String field) {
        JsonNode value = fields.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private static void unknownKeys(JsonNode object, Set<String> known, String where) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw invalid("\"" + where + "." + name + "\" is not a field the gateway knows; " + where + " takes "
                        + known.stream().sorted().toList());
            }
        }
    }

    private static String optionalText(JsonNode object, String key, String where) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw invalid("\"" + where + "\" must be text such as \"low\", \"medium\" or \"high\"; got " + value);
        }
        return value.textValue();
    }

    private static Integer optionalPositive(JsonNode object, String key, String where) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
            throw invalid("\"" + where + "\" must be a positive whole number; got " + value);
        }
        return value.intValue();
    }

    private static Boolean optionalBoolean(JsonNode object, String key, String where) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw invalid("\"" + where + "\" must be true or false; got " + value);
        }
        return value.booleanValue();
    }
}
