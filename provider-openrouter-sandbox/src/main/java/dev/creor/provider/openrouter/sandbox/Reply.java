package dev.creor.provider.openrouter.sandbox;

import dev.creor.provider.openrouter.sandbox.ModelCatalogue.SandboxModel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One deterministic answer: its text (derived from the last user message unless a step gives
 * one), token counts and cost from the served model's prices, and its renderings as a JSON
 * completion and as SSE chunks.
 */
final class Reply {
    /** Words for {@link SandboxBehaviour#textChunks}: several are multi-byte in UTF-8. */
    private static final String[] CHUNK_WORDS = {"Bonjour", "café", "☕", "déjà", "vu", "🚀", "naïve", "Zürich"};
    private static final String FLOURISH = "Voilà: café ☕ and déjà vu 🚀.";
    private static final int EXCERPT_CODE_POINTS = 80;

    private final String id;
    private final long created;
    private final String model;
    private final String provider;
    private final String text;
    private final List<String> contentPieces;
    private final String reasoning;
    private final List<String> reasoningPieces;
    private final List<SandboxBehaviour.ToolCall> toolCalls;
    private final String finishReason;
    private final String nativeFinishReason;
    private final long promptTokens;
    private final long completionTokens;
    private final long reasoningTokens;
    private final BigDecimal promptCost;
    private final BigDecimal completionCost;
    private final BigDecimal cost;
    private final BigDecimal upstreamCost;
    private final Account account;
    private final List<String> reasoningDetails;
    private final List<String> toolCallDetails;
    private final String annotations;

    /**
     * How the account and the request's prompt were served.
     *
     * @param cache  what the prompt read from and wrote to the model's cache
     * @param byok   whether the account's own upstream key served the answer
     * @param online whether the answer searched the web ({@code :online}, the {@code web} plugin)
     */
    record Account(PromptCache.Use cache, boolean byok, boolean online) {
        static final Account PLAIN = new Account(PromptCache.Use.NONE, false, false);
    }

    /** OpenRouter's fee on answers served with the account's own key: 5% of the upstream cost. */
    private static final BigDecimal BYOK_FEE = new BigDecimal("0.05");

    private Reply(Builder builder) {
        this.id = builder.id;
        this.created = builder.created;
        this.model = builder.model.id();
        this.provider = builder.provider;
        this.text = builder.text;
        this.contentPieces = builder.contentPieces;
        this.reasoning = builder.reasoning;
        this.reasoningPieces = builder.reasoningPieces;
        this.toolCalls = builder.toolCalls;
        this.finishReason = builder.finishReason;
        this.nativeFinishReason = nativeFinishReason(provider, finishReason);
        this.promptTokens = builder.promptTokens;
        this.reasoningTokens = builder.reasoningTokens;
        this.completionTokens = builder.completionTokens;
        this.account = builder.account;
        long read = Math.min(account.cache().readTokens(), promptTokens);
        long written = Math.min(account.cache().writeTokens(), promptTokens - read);
        SandboxModel model = builder.model;
        this.promptCost = model.promptPrice().multiply(BigDecimal.valueOf(promptTokens - read - written))
                .add(price(model.cacheReadPrice(), model.promptPrice()).multiply(BigDecimal.valueOf(read)))
                .add(price(model.cacheWritePrice(), model.promptPrice()).multiply(BigDecimal.valueOf(written)))
                .add(model.requestPrice());
        this.completionCost = model.completionPrice().multiply(BigDecimal.valueOf(completionTokens));
        this.upstreamCost = promptCost.add(completionCost);
        this.cost = account.byok() ? upstreamCost.multiply(BYOK_FEE) : upstreamCost;
        this.reasoningDetails = builder.reasoningDetails;
        this.toolCallDetails = builder.toolCallDetails;
        this.annotations = builder.annotations;
    }

    private static BigDecimal price(BigDecimal specific, BigDecimal fallback) {
        return specific == null ? fallback : specific;
    }

    /**
     * Composes the answer of {@code served} to {@code call} under {@code step}.
     *
     * @param id      the generation id
     * @param created epoch seconds
     */
    static Reply compose(ChatCall call, SandboxModel served, SandboxBehaviour step, String id, long created) {
        return compose(call, served, step, id, created, Account.PLAIN);
    }

    /** Composes the answer for an account and prompt cache state. */
    static Reply compose(ChatCall call, SandboxModel served, SandboxBehaviour step, String id, long created,
                         Account account) {
        Builder reply = new Builder();
        reply.account = account;
        reply.id = id;
        reply.created = created;
        reply.model = served;
        reply.provider = step.providerNameOrNull() != null ? step.providerNameOrNull() : served.upstream();
        reply.promptTokens = call.promptTokens();
        reply.finishReason = "stop";

        reply.toolCalls = step.toolCalls();
        String content;
        if (step.chunks() >= 0) {
            reply.contentPieces = step.text() != null ? evenPieces(step.text(), step.chunks()) : chunkWords(step.chunks());
            content = String.join("", reply.contentPieces);
        } else {
            if (step.text() != null) {
                content = step.text();
            } else {
                content = reply.toolCalls.isEmpty() ? defaultText(served.id(), call.lastUserText()) : "";
            }
            content = applyLimits(call, content, reply);
            reply.contentPieces = words(content);
        }
        reply.text = content;
        if (!reply.toolCalls.isEmpty()) {
            reply.finishReason = "tool_calls";
        }

        String thought = step.reasoningOrNull();
        if (thought == null && call.reasoning() != ChatCall.Reasoning.NONE && served.supportsReasoning()) {
            thought = defaultReasoning(call.lastUserText());
        }
        if (thought != null) {
            reply.reasoningTokens = ChatCall.tokens(thought);
            if (call.reasoning() != ChatCall.Reasoning.EXCLUDED) {
                reply.reasoning = thought;
                reply.reasoningPieces = words(thought);
            }
        }
        if (served.signsReasoning()) {
            signReasoning(reply, id);
        }
        if (account.online() && !content.isEmpty()) {
            reply.annotations = annotations(call.lastUserText(), content);
        }
        long toolTokens = 0;
        for (SandboxBehaviour.ToolCall toolCall : reply.toolCalls) {
            toolTokens += ChatCall.tokens(toolCall.name()) + ChatCall.tokens(toolCall.arguments());
        }
        reply.completionTokens = ChatCall.tokens(content) + reply.reasoningTokens + toolTokens;
        return new Reply(reply);
    }

    String id() {
        return id;
    }

    String model() {
        return model;
    }

    String provider() {
        return provider;
    }

    String text() {
        return text;
    }

    String finishReason() {
        return finishReason;
    }

    String nativeFinishReason() {
        return nativeFinishReason;
    }

    long promptTokens() {
        return promptTokens;
    }

    long completionTokens() {
        return completionTokens;
    }

    long reasoningTokens() {
        return reasoningTokens;
    }

    BigDecimal cost() {
        return cost;
    }

    /** The non-streaming {@code chat.completion} body; without a finish reason when {@code withFinishReason} is false. */
    String json(boolean withFinishReason) {
        StringBuilder out = new StringBuilder(512 + text.length());
        header(out, "chat.completion");
        out.append("\"choices\":[{\"logprobs\":null,\"finish_reason\":");
        JsonText.quoteOrNull(out, withFinishReason ? finishReason : null).append(",\"native_finish_reason\":");
        JsonText.quoteOrNull(out, withFinishReason ? nativeFinishReason : null).append(",\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
        JsonText.quoteOrNull(out, text.isEmpty() && !toolCalls.isEmpty() ? null : text).append(",\"refusal\":null,\"reasoning\":");
        JsonText.quoteOrNull(out, reasoning);
        if (!reasoningDetails.isEmpty() || !toolCallDetails.isEmpty()) {
            List<String> details = new ArrayList<>(reasoningDetails);
            details.addAll(toolCallDetails);
            out.append(",\"reasoning_details\":[").append(String.join(",", details)).append(']');
        }
        if (annotations != null) {
            out.append(",\"annotations\":").append(annotations);
        }
        if (!toolCalls.isEmpty()) {
            out.append(",\"tool_calls\":[");
            for (int i = 0; i < toolCalls.size(); i++) {
                out.append(i == 0 ? "" : ",").append("{\"id\":");
                JsonText.quote(out, toolCallId(i)).append(",\"type\":\"function\",\"function\":{\"name\":");
                JsonText.quote(out, toolCalls.get(i).name()).append(",\"arguments\":");
                JsonText.quote(out, toolCalls.get(i).arguments()).append("}}");
            }
            out.append(']');
        }
        out.append("}}],\"system_fingerprint\":");
        JsonText.quoteOrNull(out, systemFingerprint());
        out.append(',');
        usage(out);
        return out.append('}').toString();
    }

    /**
     * The SSE {@code data:} events of the stream: reasoning and content deltas (the last with
     * the finish reason, unless {@code withFinishReason} is false), and the usage chunk when
     * {@code includeUsage}; {@link Stream#DONE} follows them.
     */
    Stream stream(boolean includeUsage, boolean withFinishReason) {
        String finish = withFinishReason ? finishReason : null;
        List<String> deltas = new ArrayList<>(reasoningPieces.size() + contentPieces.size() + 1);
        String prefix = header(new StringBuilder(160), "chat.completion.chunk").append("\"choices\":[").toString();
        for (String piece : reasoningPieces) {
            String details = reasoningDetails.isEmpty() ? ""
                    : ",\"reasoning_details\":[" + reasoningText(piece, null, 0) + "]";
            deltas.add(delta(prefix, "\"content\":\"\",\"reasoning\":" + JsonText.quote(piece) + details, null));
        }
        boolean tools = !toolCalls.isEmpty();
        if (contentPieces.isEmpty() && !tools) {
            deltas.add(delta(prefix, "", finish));
        }
        for (int i = 0; i < contentPieces.size(); i++) {
            boolean last = i == contentPieces.size() - 1 && !tools;
            boolean lastPiece = i == contentPieces.size() - 1;
            deltas.add(delta(prefix, "\"content\":" + JsonText.quote(contentPieces.get(i))
                    + (lastPiece && annotations != null ? ",\"annotations\":" + annotations : ""), last ? finish : null));
        }
        for (int i = 0; i < toolCalls.size(); i++) {
            SandboxBehaviour.ToolCall toolCall = toolCalls.get(i);
            List<String> fragments = fragments(toolCall.arguments());
            boolean lastCall = i == toolCalls.size() - 1;
            String signature = toolCallDetails.isEmpty() ? "" : "\"reasoning_details\":[" + toolCallDetails.get(i) + "],";
            deltas.add(delta(prefix, signature + "\"tool_calls\":[{\"index\":" + i + ",\"id\":" + JsonText.quote(toolCallId(i))
                    + ",\"type\":\"function\",\"function\":{\"name\":" + JsonText.quote(toolCall.name())
                    + ",\"arguments\":\"\"}}]", lastCall && fragments.isEmpty() ? finish : null));
            for (int f = 0; f < fragments.size(); f++) {
                boolean last = lastCall && f == fragments.size() - 1;
                deltas.add(delta(prefix, "\"tool_calls\":[{\"index\":" + i + ",\"function\":{\"arguments\":"
                        + JsonText.quote(fragments.get(f)) + "}}]", last ? finish : null));
            }
        }
        String usage = null;
        if (includeUsage) {
            StringBuilder out = new StringBuilder(prefix.length() + 300).append("data: ").append(prefix).append("],");
            usage = usage(out).append("}\n\n").toString();
        }
        return new Stream(List.copyOf(deltas), usage);
    }

    /** What an error chunk carries besides its {@code error}. */
    enum ErrorChoices {
        /** No {@code choices} member at all: a shape real clients trip over. */
        ABSENT,
        /** {@code "choices": []}: an error before the model said anything. */
        EMPTY,
        /** One choice with an empty delta and {@code finish_reason: "error"}: an error mid-answer. */
        FINISHED_WITH_ERROR
    }

    /** A chunk carrying {@code error} (an {@link ErrorBodies#errorMember}) and the given choices. */
    String errorEvent(String errorMember, ErrorChoices choices) {
        StringBuilder out = new StringBuilder(400).append("data: ");
        header(out, "chat.completion.chunk").append(errorMember);
        switch (choices) {
            case ABSENT -> {
            }
            case EMPTY -> out.append(",\"choices\":[]");
            case FINISHED_WITH_ERROR -> out.append(",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",")
                    .append("\"content\":\"\"},\"finish_reason\":\"error\",\"native_finish_reason\":\"error\",")
                    .append("\"logprobs\":null}]");
        }
        return out.append("}\n\n").toString();
    }

    /** A {@code chat.completion} body with an {@code error} member and no choices. */
    String errorJson(String errorMember) {
        StringBuilder out = new StringBuilder(400);
        return header(out, "chat.completion").append(errorMember).append('}').toString();
    }

    /** A {@code data:} line whose JSON breaks off: what a truncated upstream chunk looks like. */
    String malformedEvent() {
        return "data: {\"id\":" + JsonText.quote(id) + ",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"cut off mid-wo\n\n";
    }

    private String delta(String prefix, String fields, String finish) {
        StringBuilder out = new StringBuilder(prefix.length() + fields.length() + 120)
                .append("data: ").append(prefix)
                .append("{\"index\":0,\"delta\":{\"role\":\"assistant\"").append(fields.isEmpty() ? "" : ",").append(fields)
                .append("},\"finish_reason\":");
        JsonText.quoteOrNull(out, finish).append(",\"native_finish_reason\":");
        JsonText.quoteOrNull(out, finish == null ? null : nativeFinishReason(provider, finish));
        return out.append(",\"logprobs\":null}]}\n\n").toString();
    }

    private StringBuilder header(StringBuilder out, String object) {
        out.append("{\"id\":");
        JsonText.quote(out, id).append(",\"provider\":");
        JsonText.quote(out, provider).append(",\"model\":");
        JsonText.quote(out, model).append(",\"object\":\"").append(object).append("\",\"created\":").append(created)
                .append(',');
        // A chunk leaves out a fingerprint it does not have; a whole answer says null (see json()).
        if (object.equals("chat.completion.chunk") && systemFingerprint() != null) {
            out.append("\"system_fingerprint\":");
            JsonText.quote(out, systemFingerprint()).append(',');
        }
        return out;
    }

    /**
     * OpenAI's upstreams name the backend configuration that answered; others send none. The
     * sandbox's is derived from the model, so it is stable like a real one.
     */
    private String systemFingerprint() {
        if (!provider.equals("OpenAI") && !provider.equals("Azure")) {
            return null;
        }
        return "fp_" + String.format("%010x", model.hashCode() & 0xffffffffL);
    }

    private StringBuilder usage(StringBuilder out) {
        out.append("\"usage\":{\"prompt_tokens\":").append(promptTokens)
                .append(",\"completion_tokens\":").append(completionTokens)
                .append(",\"total_tokens\":").append(promptTokens + completionTokens)
                .append(",\"cost\":");
        JsonText.number(out, cost).append(",\"is_byok\":").append(account.byok())
                .append(",\"prompt_tokens_details\":{\"cached_tokens\":").append(account.cache().readTokens())
                .append(",\"cache_write_tokens\":").append(account.cache().writeTokens()).append(",\"audio_tokens\":0}")
                .append(",\"cost_details\":{\"upstream_inference_cost\":");
        if (account.byok()) {
            JsonText.number(out, upstreamCost);
        } else {
            out.append("null");
        }
        out.append(",\"upstream_inference_prompt_cost\":");
        JsonText.number(out, promptCost).append(",\"upstream_inference_completions_cost\":");
        JsonText.number(out, completionCost).append("}")
                .append(",\"completion_tokens_details\":{\"reasoning_tokens\":").append(reasoningTokens)
                .append("}}");
        return out;
    }

    /** The events of a streamed reply. */
    record Stream(List<String> deltas, String usageOrNull) {
        static final String DONE = "data: [DONE]\n\n";
    }

    /**
     * Gemini 3's signed reasoning: the readable reasoning as a {@code reasoning.text} entry, and a
     * {@code reasoning.encrypted} entry signing each tool call (see {@link ThoughtSignatures}).
     */
    private static void signReasoning(Builder reply, String id) {
        int index = 0;
        if (reply.reasoning != null) {
            reply.reasoningDetails = List.of(reasoningText(reply.reasoning, null, index++));
        }
        List<String> signatures = new ArrayList<>();
        for (int i = 0; i < reply.toolCalls.size(); i++) {
            SandboxBehaviour.ToolCall call = reply.toolCalls.get(i);
            String callId = toolCallId(id, i);
            signatures.add("{\"type\":\"reasoning.encrypted\",\"data\":"
                    + JsonText.quote(ThoughtSignatures.sign(callId, call.name(), call.arguments()))
                    + ",\"id\":" + JsonText.quote(callId) + ",\"format\":\"google-gemini-v1\",\"index\":" + index++ + "}");
        }
        reply.toolCallDetails = List.copyOf(signatures);
    }

    private static String reasoningText(String text, String signature, int index) {
        return "{\"type\":\"reasoning.text\",\"text\":" + JsonText.quote(text)
                + (signature == null ? "" : ",\"signature\":" + JsonText.quote(signature))
                + ",\"format\":\"google-gemini-v1\",\"index\":" + index + "}";
    }

    /** Two {@code url_citation} annotations, as a web search would cite for the prompt. */
    private static String annotations(String prompt, String content) {
        String excerpt = excerpt(prompt);
        int end = Math.min(content.length(), 24);
        StringBuilder out = new StringBuilder("[");
        for (int i = 1; i <= 2; i++) {
            out.append(i == 1 ? "" : ",").append("{\"type\":\"url_citation\",\"url_citation\":{\"url\":")
                    .append(JsonText.quote("https://example.org/sandbox/search/" + i))
                    .append(",\"title\":").append(JsonText.quote("Sandbox result " + i + " for “" + excerpt + "”"))
                    .append(",\"content\":").append(JsonText.quote("What the sandbox found about “" + excerpt + "”."))
                    .append(",\"start_index\":0,\"end_index\":").append(end).append("}}");
        }
        return out.append(']').toString();
    }

    /** The reply the sandbox gives when no step sets a text. */
    static String defaultText(String servedModel, String lastUserText) {
        String excerpt = excerpt(lastUserText);
        return "Hello from the Creor sandbox (" + servedModel + ")."
                + (excerpt.isEmpty() ? "" : " You said: “" + excerpt + "”.") + " " + FLOURISH;
    }

    private static String defaultReasoning(String lastUserText) {
        String excerpt = excerpt(lastUserText);
        return "The user " + (excerpt.isEmpty() ? "sent no text" : "wrote “" + excerpt + "”")
                + "; a deterministic answer will do. Résumé: greet them 🤔.";
    }

    private static String excerpt(String text) {
        String collapsed = text.strip().replaceAll("\\s+", " ");
        if (collapsed.codePointCount(0, collapsed.length()) <= EXCERPT_CODE_POINTS) {
            return collapsed;
        }
        return collapsed.substring(0, collapsed.offsetByCodePoints(0, EXCERPT_CODE_POINTS)) + "…";
    }

    /** Cuts the text at the first stop sequence, or to {@code max_tokens} (finish reason {@code length}). */
    private static String applyLimits(ChatCall call, String text, Builder reply) {
        String limited = text;
        for (String stop : call.stop()) {
            int at = limited.indexOf(stop);
            if (at >= 0) {
                limited = limited.substring(0, at);
            }
        }
        if (call.maxTokens() > 0 && ChatCall.tokens(limited) > call.maxTokens()) {
            long keep = Math.min((long) call.maxTokens() * 4, limited.codePointCount(0, limited.length()));
            limited = limited.substring(0, limited.offsetByCodePoints(0, (int) keep));
            reply.finishReason = "length";
        }
        return limited;
    }

    private String toolCallId(int index) {
        return toolCallId(id, index);
    }

    private static String toolCallId(String generationId, int index) {
        return "call_" + generationId.substring(generationId.lastIndexOf('-') + 1) + "_" + index;
    }

    /** Tool-call arguments in up to three fragments, cut between code points. */
    private static List<String> fragments(String arguments) {
        int length = arguments.codePointCount(0, arguments.length());
        if (length == 0) {
            return List.of();
        }
        return evenPieces(arguments, Math.min(3, length));
    }

    /** Splits after each space, so every piece but the last ends with one. */
    static List<String> words(String text) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ') {
                pieces.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            pieces.add(text.substring(start));
        }
        return pieces;
    }

    private static List<String> chunkWords(int count) {
        List<String> pieces = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pieces.add(CHUNK_WORDS[i % CHUNK_WORDS.length] + " ");
        }
        return pieces;
    }

    /** {@code count} pieces of nearly equal length in code points; empty ones when the text is shorter than that. */
    private static List<String> evenPieces(String text, int count) {
        List<String> pieces = new ArrayList<>(count);
        int length = text.codePointCount(0, text.length());
        // Each cut is found from the previous one: counting from the start each time made a long
        // text cut into many pieces take seconds.
        int from = 0;
        int fromCodePoint = 0;
        for (int i = 0; i < count; i++) {
            int toCodePoint = (int) ((long) (i + 1) * length / count);
            int to = text.offsetByCodePoints(from, toCodePoint - fromCodePoint);
            pieces.add(text.substring(from, to));
            from = to;
            fromCodePoint = toCodePoint;
        }
        return pieces;
    }

    private static String nativeFinishReason(String provider, String finishReason) {
        if (finishReason == null) {
            return null;
        }
        return switch (provider) {
            case "Anthropic" -> switch (finishReason) {
                case "stop" -> "end_turn";
                case "length" -> "max_tokens";
                case "tool_calls" -> "tool_use";
                default -> finishReason;
            };
            case "Google" -> switch (finishReason) {
                case "length" -> "MAX_TOKENS";
                case "error" -> "OTHER";
                default -> "STOP";
            };
            default -> finishReason;
        };
    }

    private static final class Builder {
        String id;
        long created;
        SandboxModel model;
        String provider;
        String text;
        List<String> contentPieces = List.of();
        String reasoning;
        List<String> reasoningPieces = List.of();
        List<SandboxBehaviour.ToolCall> toolCalls = List.of();
        String finishReason;
        long promptTokens;
        long completionTokens;
        long reasoningTokens;
        Account account = Account.PLAIN;
        List<String> reasoningDetails = List.of();
        List<String> toolCallDetails = List.of();
        String annotations;
    }
}
