package dev.creor.provider.openrouter.sandbox;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.core.internal.Suggestions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads steps in their JSON form (see {@link SandboxBehaviour#toJson()}): an array of steps in
 * the {@value OpenRouterSandbox#SCRIPT_HEADER} header, or a script file
 * {@code {"models": {"<model id>": [<step>, ...]}}}. Every mistake is reported with where it is.
 */
final class ScriptReader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.ALLOW_COMMENTS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Every key a step may have, in the order the documentation lists them. */
    static final List<String> STEP_KEYS = List.of("reply", "chunks", "reasoning", "toolCalls", "status", "errorIn200", "midStreamError",
            "retryAfter", "errorType", "providerName", "message", "raw", "reasons", "finishReason", "latencyMs",
            "keepAlive", "keepAliveBetweenChunksMs", "dripEveryMs", "splitEvery", "splitAt", "stall", "reset",
            "malformedChunk", "times");
    /** Keys that each decide the answer; a step has keys of one group at most. */
    private static final Map<String, String> OUTCOME_GROUPS = Map.of("reply", "a reply", "chunks", "a reply",
            "reasoning", "a reply", "toolCalls", "a reply", "status", "an error status", "errorIn200", "an error in a 200");
    private static final Set<String> ENDING_KEYS = Set.of("stall", "reset");

    private ScriptReader() {
    }

    /** A script that cannot be read; the message says where and what is wrong. */
    static final class InvalidScript extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidScript(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads a JSON array of steps, or a single step object. */
    static List<SandboxBehaviour> readSteps(String json) throws InvalidScript {
        return steps(parse(json), "");
    }

    /** Reads a script file's content: {@code {"models": {"<model id>": [<step>, ...]}}}. */
    static Map<String, List<SandboxBehaviour>> readFile(String json) throws InvalidScript {
        JsonNode root = parse(json);
        if (!root.isObject()) {
            throw new InvalidScript("the script must be a JSON object like {\"models\": {\"openai/gpt-4o\": [{\"reply\": \"ok\"}]}}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("models") && !name.equals("$schema")) {
                throw new InvalidScript("unknown top-level key \"" + name + "\"" + Suggestions.didYouMean(name, List.of("models"))
                        + "; a script has one key, \"models\"");
            }
        }
        JsonNode models = root.path("models");
        if (!models.isObject()) {
            throw new InvalidScript("\"models\" must be an object from model id (or \"*\" for any model) to an array of steps");
        }
        Map<String, List<SandboxBehaviour>> scripts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> entries = models.properties().iterator(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (entry.getKey().isBlank()) {
                throw new InvalidScript("models has a blank model id");
            }
            scripts.put(entry.getKey(), steps(entry.getValue(), "models[" + JsonText.quote(entry.getKey()) + "]"));
        }
        return scripts;
    }

    private static JsonNode parse(String json) throws InvalidScript {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null) {
                throw new InvalidScript("the script is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String where = location == null ? "" : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": ";
            throw new InvalidScript(where + "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static List<SandboxBehaviour> steps(JsonNode node, String where) throws InvalidScript {
        if (node.isObject()) {
            return List.of(step(node, where));
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new InvalidScript(at(where) + "expected a non-empty array of steps, such as [{\"status\": 503, \"times\": 2}, {\"reply\": \"ok\"}]");
        }
        List<SandboxBehaviour> steps = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            steps.add(step(node.get(i), where + "[" + i + "]"));
        }
        return steps;
    }

    private static SandboxBehaviour step(JsonNode node, String where) throws InvalidScript {
        if (!node.isObject()) {
            throw new InvalidScript(at(where) + "a step must be a JSON object, such as {\"reply\": \"ok\"}");
        }
        Map<String, String> outcomes = new LinkedHashMap<>();
        List<String> endings = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!STEP_KEYS.contains(name)) {
                throw new InvalidScript(at(where) + "unknown key \"" + name + "\"" + Suggestions.didYouMean(name, STEP_KEYS)
                        + "; a step's keys are " + String.join(", ", STEP_KEYS));
            }
            if (OUTCOME_GROUPS.containsKey(name)) {
                outcomes.putIfAbsent(OUTCOME_GROUPS.get(name), name);
            }
            if (ENDING_KEYS.contains(name)) {
                endings.add(name);
            }
        }
        if (outcomes.size() > 1) {
            throw new InvalidScript(at(where) + "a step has one outcome, but this one has "
                    + String.join(" and ", outcomes.keySet()) + ": " + String.join(" and ", outcomes.values()));
        }
        if (endings.size() > 1) {
            throw new InvalidScript(at(where) + "a step either stalls or resets, not both");
        }
        try {
            return build(node, where);
        } catch (IllegalArgumentException e) {
            throw new InvalidScript(at(where) + e.getMessage());
        }
    }

    private static SandboxBehaviour build(JsonNode node, String where) throws InvalidScript {
        SandboxBehaviour step = SandboxBehaviour.empty();
        if (node.has("status")) {
            step = step.and(SandboxBehaviour.status(integer(node, "status", where)));
        }
        if (node.has("reply")) {
            JsonNode reply = node.get("reply");
            if (reply.isTextual()) {
                step = step.and(SandboxBehaviour.reply(reply.asText()));
            } else if (reply.isBoolean() && reply.asBoolean()) {
                step = step.and(SandboxBehaviour.reply());
            } else {
                throw new InvalidScript(at(where + ".reply") + "expected a text, or true for the default reply");
            }
        }
        if (node.has("chunks")) {
            step = step.and(SandboxBehaviour.textChunks(integer(node, "chunks", where)));
        }
        if (node.has("reasoning")) {
            step = step.and(SandboxBehaviour.reasoning(text(node, "reasoning", where)));
        }
        if (node.has("toolCalls")) {
            JsonNode calls = node.get("toolCalls");
            if (!calls.isArray() || calls.isEmpty()) {
                throw new InvalidScript(at(where + ".toolCalls") + "expected a non-empty array of {\"name\": ..., \"arguments\": ...}");
            }
            for (int i = 0; i < calls.size(); i++) {
                String at = where + ".toolCalls[" + i + "]";
                JsonNode call = object(calls, i, at, List.of("name", "arguments"), List.of("name"));
                JsonNode arguments = call.path("arguments");
                String argumentsText = arguments.isMissingNode() ? "{}" : arguments.isTextual() ? arguments.asText()
                        : arguments.toString();
                step = step.and(SandboxBehaviour.toolCall(text(call, "name", at), argumentsText));
            }
        }
        if (node.has("errorIn200")) {
            JsonNode error = object(node, "errorIn200", where, List.of("code", "message"), List.of("code"));
            String message = error.has("message") ? text(error, "message", where + ".errorIn200")
                    : node.has("message") ? text(node, "message", where) : "Provider returned error";
            step = step.and(SandboxBehaviour.errorIn200(code(error, where + ".errorIn200"), message));
        }
        if (node.has("midStreamError")) {
            String at = where + ".midStreamError";
            JsonNode error = object(node, "midStreamError", where, List.of("afterChunks", "code", "message", "choices"),
                    List.of("afterChunks", "code"));
            step = step.and(SandboxBehaviour.midStreamError(integer(error, "afterChunks", at), code(error, at)));
            if (error.has("message")) {
                step = step.message(text(error, "message", at));
            }
            if (error.has("choices") && !bool(error, "choices", at)) {
                step = step.withoutChoices();
            }
        }
        if (node.has("retryAfter")) {
            JsonNode retryAfter = node.get("retryAfter");
            if (retryAfter.canConvertToLong() && retryAfter.isIntegralNumber()) {
                step = step.retryAfterSeconds(retryAfter.asLong());
            } else if (retryAfter.isTextual()) {
                step = step.retryAfterDate(httpDate(retryAfter.asText(), where + ".retryAfter"));
            } else {
                throw new InvalidScript(at(where + ".retryAfter") + "expected seconds (a whole number) or an HTTP date such as "
                        + "\"Wed, 21 Oct 2026 07:28:00 GMT\"");
            }
        }
        if (node.has("errorType")) {
            step = step.errorType(text(node, "errorType", where));
        }
        if (node.has("providerName")) {
            step = step.providerName(text(node, "providerName", where));
        }
        if (node.has("message")) {
            step = step.message(text(node, "message", where));
        }
        if (node.has("raw")) {
            step = step.raw(text(node, "raw", where));
        }
        if (node.has("reasons")) {
            step = step.reasons(texts(node, "reasons", where).toArray(String[]::new));
        }
        if (node.has("finishReason")) {
            if (bool(node, "finishReason", where)) {
                throw new InvalidScript(at(where + ".finishReason") + "only false is meaningful: the finish reason is there by default");
            }
            step = step.and(SandboxBehaviour.withoutFinishReason());
        }
        if (node.has("latencyMs")) {
            step = step.and(SandboxBehaviour.latency(Duration.ofMillis(integer(node, "latencyMs", where))));
        }
        if (node.has("keepAlive")) {
            String at = where + ".keepAlive";
            JsonNode keepAlive = object(node, "keepAlive", where, List.of("comments", "everyMs"), List.of("comments", "everyMs"));
            step = step.and(SandboxBehaviour.keepAlive(integer(keepAlive, "comments", at),
                    Duration.ofMillis(integer(keepAlive, "everyMs", at))));
        }
        if (node.has("keepAliveBetweenChunksMs")) {
            step = step.and(SandboxBehaviour.keepAliveBetweenChunks(
                    Duration.ofMillis(integer(node, "keepAliveBetweenChunksMs", where))));
        }
        if (node.has("dripEveryMs")) {
            step = step.and(SandboxBehaviour.dripEvery(Duration.ofMillis(integer(node, "dripEveryMs", where))));
        }
        if (node.has("splitEvery")) {
            step = step.and(SandboxBehaviour.splitEvery(integer(node, "splitEvery", where)));
        }
        if (node.has("splitAt")) {
            step = step.and(SandboxBehaviour.splitAt(integers(node, "splitAt", where)));
        }
        if (node.has("stall")) {
            JsonNode stall = node.get("stall");
            if (stall.isTextual() && stall.asText().equals("beforeHeaders")) {
                step = step.and(SandboxBehaviour.stallBeforeHeaders());
            } else if (stall.isTextual() && stall.asText().equals("beforeFirstChunk")) {
                step = step.and(SandboxBehaviour.stallBeforeFirstChunk());
            } else if (stall.isObject()) {
                JsonNode after = object(node, "stall", where, List.of("afterChunks"), List.of("afterChunks"));
                step = step.and(SandboxBehaviour.stallAfterChunks(integer(after, "afterChunks", where + ".stall")));
            } else {
                throw new InvalidScript(at(where + ".stall") + "expected \"beforeHeaders\", \"beforeFirstChunk\" or "
                        + "{\"afterChunks\": n}, got " + stall);
            }
        }
        if (node.has("reset")) {
            JsonNode reset = node.get("reset");
            if (reset.isTextual() && reset.asText().equals("beforeHeaders")) {
                step = step.and(SandboxBehaviour.resetBeforeHeaders());
            } else if (reset.isObject()) {
                JsonNode after = object(node, "reset", where, List.of("afterBytes"), List.of("afterBytes"));
                step = step.and(SandboxBehaviour.resetAfterBytes(integer(after, "afterBytes", where + ".reset")));
            } else {
                throw new InvalidScript(at(where + ".reset") + "expected \"beforeHeaders\" or {\"afterBytes\": n}, got " + reset);
            }
        }
        if (node.has("malformedChunk")) {
            JsonNode malformed = object(node, "malformedChunk", where, List.of("afterChunks"), List.of("afterChunks"));
            step = step.and(SandboxBehaviour.malformedChunk(integer(malformed, "afterChunks", where + ".malformedChunk")));
        }
        if (node.has("times")) {
            step = step.times(integer(node, "times", where));
        }
        return step;
    }

    /** An object member with only the allowed keys and every required one. */
    private static JsonNode object(JsonNode node, String key, String where, List<String> allowed, List<String> required)
            throws InvalidScript {
        return checkObject(node.get(key), where + "." + key, allowed, required);
    }

    /** An object element of an array, checked like {@link #object(JsonNode, String, String, List, List)}. */
    private static JsonNode object(JsonNode array, int index, String at, List<String> allowed, List<String> required)
            throws InvalidScript {
        return checkObject(array.get(index), at, allowed, required);
    }

    private static JsonNode checkObject(JsonNode value, String at, List<String> allowed, List<String> required)
            throws InvalidScript {
        if (!value.isObject()) {
            throw new InvalidScript(at(at) + "expected an object with " + String.join(", ", allowed) + ", got " + value);
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new InvalidScript(at(at) + "unknown key \"" + name + "\"" + Suggestions.didYouMean(name, allowed)
                        + "; expected " + String.join(", ", allowed));
            }
        }
        for (String name : required) {
            if (!value.has(name)) {
                throw new InvalidScript(at(at) + "\"" + name + "\" is missing");
            }
        }
        return value;
    }

    private static Object code(JsonNode error, String where) throws InvalidScript {
        JsonNode code = error.get("code");
        if (code.isIntegralNumber() && code.canConvertToInt()) {
            return code.asInt();
        }
        if (code.isTextual()) {
            return code.asText();
        }
        throw new InvalidScript(at(where + ".code") + "expected a number or a text such as \"server_error\", got " + code);
    }

    private static boolean bool(JsonNode node, String key, String where) throws InvalidScript {
        JsonNode value = node.get(key);
        if (!value.isBoolean()) {
            throw new InvalidScript(at(where + "." + key) + "expected true or false, got " + value);
        }
        return value.asBoolean();
    }

    private static int[] integers(JsonNode node, String key, String where) throws InvalidScript {
        JsonNode value = node.get(key);
        if (!value.isArray() || value.isEmpty()) {
            throw new InvalidScript(at(where + "." + key) + "expected a non-empty array of byte offsets, got " + value);
        }
        int[] numbers = new int[value.size()];
        for (int i = 0; i < numbers.length; i++) {
            JsonNode entry = value.get(i);
            if (!entry.isIntegralNumber() || !entry.canConvertToInt()) {
                throw new InvalidScript(at(where + "." + key + "[" + i + "]") + "expected a whole number, got " + entry);
            }
            numbers[i] = entry.asInt();
        }
        return numbers;
    }

    private static int integer(JsonNode node, String key, String where) throws InvalidScript {
        JsonNode value = node.get(key);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidScript(at(where + "." + key) + "expected a whole number, got " + value);
        }
        return value.asInt();
    }

    private static String text(JsonNode node, String key, String where) throws InvalidScript {
        JsonNode value = node.get(key);
        if (!value.isTextual()) {
            throw new InvalidScript(at(where + "." + key) + "expected a text, got " + value);
        }
        return value.asText();
    }

    private static List<String> texts(JsonNode node, String key, String where) throws InvalidScript {
        JsonNode value = node.get(key);
        List<String> texts = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode entry : value) {
                if (!entry.isTextual()) {
                    texts.clear();
                    break;
                }
                texts.add(entry.asText());
            }
        }
        if (texts.isEmpty()) {
            throw new InvalidScript(at(where + "." + key) + "expected a non-empty array of texts, got " + value);
        }
        return texts;
    }

    private static Instant httpDate(String text, String where) throws InvalidScript {
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidScript(at(where) + "\"" + text + "\" is not an HTTP date such as \"Wed, 21 Oct 2026 07:28:00 GMT\"");
        }
    }

    private static String at(String where) {
        String trimmed = where.startsWith(".") ? where.substring(1) : where;
        return trimmed.isEmpty() ? "" : trimmed + ": ";
    }
}
