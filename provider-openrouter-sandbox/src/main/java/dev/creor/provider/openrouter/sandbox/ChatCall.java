package dev.creor.provider.openrouter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a chat completion request asks for, read from its JSON body: the models to try, whether
 * to stream, and the parts of the prompt the deterministic answer is derived from.
 */
final class ChatCall {
    /** Whether and how the request asks for the model's reasoning. */
    enum Reasoning {
        /** Not asked for. */
        NONE,
        /** Asked for and returned. */
        SHOWN,
        /** Asked for with {@code exclude: true}: spent and billed, but not returned. */
        EXCLUDED
    }

    private final List<String> candidates;
    private final boolean stream;
    private final boolean includeUsage;
    private final Reasoning reasoning;
    private final boolean hasTools;
    private final int maxTokens;
    private final List<String> stop;
    private final String lastUserText;
    private final long promptTokens;
    private final Set<String> mediaKinds;
    private final List<CachePrefix> cachePrefixes;
    private final List<EchoedToolCall> echoedToolCalls;
    private boolean webPlugin;

    /**
     * The prompt up to the end of one message.
     *
     * @param key         identifies the prefix's content (breakpoints themselves left out)
     * @param tokens      its tokens
     * @param ttlOrNull   how long the provider keeps it when the message ends with a
     *                    {@code cache_control} breakpoint; {@code null} when it does not
     */
    record CachePrefix(String key, long tokens, Duration ttlOrNull) {
        boolean breakpoint() {
            return ttlOrNull != null;
        }
    }

    /**
     * A tool call of an earlier assistant turn, sent back in this request.
     *
     * @param position          the message's position in {@code messages}
     * @param id                the call's id
     * @param name              the function's name
     * @param arguments         the arguments text
     * @param signatureOrNull   the {@code data} of the turn's {@code reasoning.encrypted} entry for
     *                          this call, or {@code null} when the turn sent none back
     */
    record EchoedToolCall(int position, String id, String name, String arguments, String signatureOrNull) {
    }

    private ChatCall(List<String> candidates, boolean stream, boolean includeUsage, Reasoning reasoning,
                     boolean hasTools, int maxTokens, List<String> stop, String lastUserText, long promptTokens,
                     Set<String> mediaKinds, List<CachePrefix> cachePrefixes, List<EchoedToolCall> echoedToolCalls) {
        this.candidates = candidates;
        this.stream = stream;
        this.includeUsage = includeUsage;
        this.reasoning = reasoning;
        this.hasTools = hasTools;
        this.maxTokens = maxTokens;
        this.stop = stop;
        this.lastUserText = lastUserText;
        this.promptTokens = promptTokens;
        this.mediaKinds = mediaKinds;
        this.cachePrefixes = cachePrefixes;
        this.echoedToolCalls = echoedToolCalls;
    }

    /** Thrown for a body the real service would answer with 400; the message is OpenRouter's kind. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    static ChatCall parse(JsonNode body) throws BadRequest {
        if (body == null || !body.isObject()) {
            throw new BadRequest("Invalid JSON: the request body must be a JSON object");
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new BadRequest("Input required: specify \"messages\" as a non-empty array");
        }
        ChatCall call = new ChatCall(candidates(body), booleanField(body, "stream", false), includeUsage(body),
                reasoning(body), body.path("tools").isArray() && !body.path("tools").isEmpty(),
                maxTokens(body), stop(body.path("stop")), lastUserText(messages), promptTokens(body, messages),
                mediaKinds(messages), cachePrefixes(messages), echoedToolCalls(messages));
        for (JsonNode plugin : body.path("plugins")) {
            call.webPlugin |= "web".equals(plugin.path("id").asText());
        }
        return call;
    }

    /** Whether the request turns on the {@code web} plugin, which makes any model search the web. */
    boolean webPlugin() {
        return webPlugin;
    }

    /** The input modalities beyond text the messages use: {@code image}, {@code file}. */
    Set<String> mediaKinds() {
        return mediaKinds;
    }

    /** The prompt's prefixes at every message's end, shortest first; some end at a breakpoint. */
    List<CachePrefix> cachePrefixes() {
        return cachePrefixes;
    }

    /** The tool calls of earlier assistant turns, with the signatures sent back for them. */
    List<EchoedToolCall> echoedToolCalls() {
        return echoedToolCalls;
    }

    private static Set<String> mediaKinds(JsonNode messages) {
        Set<String> kinds = new LinkedHashSet<>();
        for (JsonNode message : messages) {
            for (JsonNode part : message.path("content")) {
                switch (part.path("type").asText()) {
                    case "image_url" -> kinds.add("image");
                    case "file" -> kinds.add("file");
                    default -> {
                    }
                }
            }
        }
        return Set.copyOf(kinds);
    }

    private static List<CachePrefix> cachePrefixes(JsonNode messages) {
        List<CachePrefix> prefixes = new ArrayList<>();
        MessageDigest digest = sha256();
        long tokens = 3;
        int position = 0;
        for (JsonNode message : messages) {
            tokens += messageTokens(message);
            // The key covers what the model reads, not where breakpoints are: a prefix cached at
            // the last message of one turn is the same prefix in the middle of the next.
            digest.update((position++ + "\u0000" + message.path("role").asText() + "\u0000"
                    + contentText(message.path("content")) + "\u0000" + media(message.path("content")) + "\u0000"
                    + message.path("tool_calls") + "\u0000" + message.path("tool_call_id").asText() + "\u0000")
                    .getBytes(StandardCharsets.UTF_8));
            Duration ttl = null;
            JsonNode content = message.path("content");
            for (JsonNode part : content.isArray() ? content : List.<JsonNode>of()) {
                JsonNode control = part.path("cache_control");
                if ("ephemeral".equals(control.path("type").asText())) {
                    Duration partTtl = "1h".equals(control.path("ttl").asText()) ? Duration.ofHours(1) : Duration.ofMinutes(5);
                    ttl = ttl == null || partTtl.compareTo(ttl) > 0 ? partTtl : ttl;
                }
            }
            prefixes.add(new CachePrefix(HexFormat.of().formatHex(clone(digest).digest()), tokens, ttl));
        }
        return List.copyOf(prefixes);
    }

    private static List<EchoedToolCall> echoedToolCalls(JsonNode messages) {
        List<EchoedToolCall> calls = new ArrayList<>();
        for (int position = 0; position < messages.size(); position++) {
            JsonNode message = messages.get(position);
            if (!"assistant".equals(message.path("role").asText())) {
                continue;
            }
            for (JsonNode call : message.path("tool_calls")) {
                String id = call.path("id").asText();
                String signature = null;
                for (JsonNode detail : message.path("reasoning_details")) {
                    if ("reasoning.encrypted".equals(detail.path("type").asText()) && id.equals(detail.path("id").asText())) {
                        signature = detail.path("data").asText();
                    }
                }
                calls.add(new EchoedToolCall(position, id, call.path("function").path("name").asText(),
                        call.path("function").path("arguments").asText(), signature));
            }
        }
        return List.copyOf(calls);
    }

    private static String media(JsonNode content) {
        StringBuilder media = new StringBuilder();
        for (JsonNode part : content.isArray() ? content : List.<JsonNode>of()) {
            media.append(part.path("image_url").path("url").asText()).append(part.path("file").path("file_data").asText());
        }
        return media.toString();
    }

    private static long messageTokens(JsonNode message) {
        long tokens = 4 + tokens(contentText(message.path("content")));
        JsonNode toolCalls = message.path("tool_calls");
        if (toolCalls.isArray()) {
            tokens += tokens(toolCalls.toString());
        }
        return tokens;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static MessageDigest clone(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    /** The primary model, then the {@code models} fallbacks, without repeats. */
    List<String> candidates() {
        return candidates;
    }

    boolean stream() {
        return stream;
    }

    /** Whether a stream ends with the usage chunk; only {@code stream_options.include_usage: false} turns it off. */
    boolean includeUsage() {
        return includeUsage;
    }

    Reasoning reasoning() {
        return reasoning;
    }

    boolean hasTools() {
        return hasTools;
    }

    /** The {@code max_tokens} limit, or 0 for none. */
    int maxTokens() {
        return maxTokens;
    }

    List<String> stop() {
        return stop;
    }

    /** The text of the last user message; empty when there is none. */
    String lastUserText() {
        return lastUserText;
    }

    long promptTokens() {
        return promptTokens;
    }

    /** The sandbox's token estimate: a token per four characters, as a rough tokenizer would give. */
    static long tokens(String text) {
        return (text.codePointCount(0, text.length()) + 3) / 4;
    }

    private static List<String> candidates(JsonNode body) throws BadRequest {
        Set<String> ids = new LinkedHashSet<>();
        JsonNode model = body.path("model");
        if (!model.isMissingNode() && !model.isNull()) {
            if (!model.isTextual() || model.asText().isBlank()) {
                throw new BadRequest("\"model\" must be a model ID string");
            }
            ids.add(model.asText());
        }
        JsonNode models = body.path("models");
        if (!models.isMissingNode() && !models.isNull()) {
            if (!models.isArray()) {
                throw new BadRequest("\"models\" must be an array of model IDs");
            }
            for (JsonNode entry : models) {
                if (!entry.isTextual() || entry.asText().isBlank()) {
                    throw new BadRequest("\"models\" must be an array of model IDs");
                }
                ids.add(entry.asText());
            }
        }
        if (ids.isEmpty()) {
            throw new BadRequest("No model specified: set \"model\" (or \"models\")");
        }
        return List.copyOf(ids);
    }

    private static boolean booleanField(JsonNode body, String name, boolean absent) {
        JsonNode value = body.path(name);
        return value.isBoolean() ? value.asBoolean() : absent;
    }

    private static boolean includeUsage(JsonNode body) {
        JsonNode include = body.path("stream_options").path("include_usage");
        return !include.isBoolean() || include.asBoolean();
    }

    private static Reasoning reasoning(JsonNode body) {
        JsonNode reasoning = body.path("reasoning");
        if (reasoning.isObject()) {
            if (reasoning.path("enabled").isBoolean() && !reasoning.path("enabled").asBoolean()) {
                return Reasoning.NONE;
            }
            return reasoning.path("exclude").asBoolean(false) ? Reasoning.EXCLUDED : Reasoning.SHOWN;
        }
        return body.path("include_reasoning").asBoolean(false) ? Reasoning.SHOWN : Reasoning.NONE;
    }

    private static int maxTokens(JsonNode body) {
        JsonNode max = body.path("max_tokens");
        if (!max.canConvertToInt()) {
            max = body.path("max_completion_tokens");
        }
        return max.canConvertToInt() && max.asInt() > 0 ? max.asInt() : 0;
    }

    private static List<String> stop(JsonNode stop) {
        if (stop.isTextual() && !stop.asText().isEmpty()) {
            return List.of(stop.asText());
        }
        List<String> sequences = new ArrayList<>();
        if (stop.isArray()) {
            for (JsonNode sequence : stop) {
                if (sequence.isTextual() && !sequence.asText().isEmpty()) {
                    sequences.add(sequence.asText());
                }
            }
        }
        return List.copyOf(sequences);
    }

    private static String lastUserText(JsonNode messages) {
        String text = "";
        for (JsonNode message : messages) {
            if ("user".equals(message.path("role").asText())) {
                text = contentText(message.path("content"));
            }
        }
        return text;
    }

    private static long promptTokens(JsonNode body, JsonNode messages) {
        long tokens = 3;
        for (JsonNode message : messages) {
            tokens += messageTokens(message);
        }
        JsonNode tools = body.path("tools");
        if (tools.isArray()) {
            tokens += tokens(tools.toString());
        }
        return tokens;
    }

    /** The text of a message's content: a string, or the text parts of an array of parts. */
    private static String contentText(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode part : content) {
                if (part.path("text").isTextual()) {
                    text.append(text.length() > 0 ? "\n" : "").append(part.path("text").asText());
                }
            }
        }
        return text.toString();
    }
}
