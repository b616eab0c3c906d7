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
    private final String finishReason;
    private final String nativeFinishReason;
    private final long promptTokens;
    private final long completionTokens;
    private final long reasoningTokens;
    private final BigDecimal promptCost;
    private final BigDecimal completionCost;
    private final BigDecimal cost;

    private Reply(Builder builder) {
        this.id = builder.id;
        this.created = builder.created;
        this.model = builder.model.id();
        this.provider = builder.provider;
        this.text = builder.text;
        this.contentPieces = builder.contentPieces;
        this.reasoning = builder.reasoning;
        this.reasoningPieces = builder.reasoningPieces;
        this.finishReason = builder.finishReason;
        this.nativeFinishReason = nativeFinishReason(provider, finishReason);
        this.promptTokens = builder.promptTokens;
        this.reasoningTokens = builder.reasoningTokens;
        this.completionTokens = builder.completionTokens;
        this.promptCost = builder.model.promptPrice().multiply(BigDecimal.valueOf(promptTokens))
                .add(builder.model.requestPrice());
        this.completionCost = builder.model.completionPrice().multiply(BigDecimal.valueOf(completionTokens));
        this.cost = promptCost.add(completionCost);
    }

    /**
     * Composes the answer of {@code served} to {@code call} under {@code step}.
     *
     * @param id      the generation id
     * @param created epoch seconds
     */
    static Reply compose(ChatCall call, SandboxModel served, SandboxBehaviour step, String id, long created) {
        Builder reply = new Builder();
        reply.id = id;
        reply.created = created;
        reply.model = served;
        reply.provider = step.providerNameOrNull() != null ? step.providerNameOrNull() : served.upstream();
        reply.promptTokens = call.promptTokens();
        reply.finishReason = "stop";

        String content;
        if (step.chunks() >= 0) {
            reply.contentPieces = step.text() != null ? evenPieces(step.text(), step.chunks()) : chunkWords(step.chunks());
            content = String.join("", reply.contentPieces);
        } else {
            content = step.text() != null ? step.text() : defaultText(served.id(), call.lastUserText());
            content = applyLimits(call, content, reply);
            reply.contentPieces = words(content);
        }
        reply.text = content;

        boolean reasons = call.reasoning() != ChatCall.Reasoning.NONE && served.supportsReasoning();
        if (reasons) {
            String thought = defaultReasoning(call.lastUserText());
            reply.reasoningTokens = ChatCall.tokens(thought);
            if (call.reasoning() == ChatCall.Reasoning.SHOWN) {
                reply.reasoning = thought;
                reply.reasoningPieces = words(thought);
            }
        }
        reply.completionTokens = ChatCall.tokens(content) + reply.reasoningTokens;
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

    /** The non-streaming {@code chat.completion} body. */
    String json() {
        StringBuilder out = new StringBuilder(512 + text.length());
        header(out, "chat.completion");
        out.append("\"choices\":[{\"logprobs\":null,\"finish_reason\":");
        JsonText.quoteOrNull(out, finishReason).append(",\"native_finish_reason\":");
        JsonText.quoteOrNull(out, nativeFinishReason).append(",\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":");
        JsonText.quote(out, text).append(",\"refusal\":null,\"reasoning\":");
        JsonText.quoteOrNull(out, reasoning).append("}}],");
        usage(out);
        return out.append('}').toString();
    }

    /** The SSE {@code data:} events of the stream, in order: reasoning and content deltas, then usage and {@code [DONE]}. */
    Stream stream(boolean includeUsage) {
        List<String> deltas = new ArrayList<>(reasoningPieces.size() + contentPieces.size() + 1);
        String prefix = header(new StringBuilder(160), "chat.completion.chunk").append("\"choices\":[").toString();
        for (String piece : reasoningPieces) {
            deltas.add(delta(prefix, "\"content\":\"\",\"reasoning\":" + JsonText.quote(piece), null));
        }
        if (contentPieces.isEmpty()) {
            deltas.add(delta(prefix, "", finishReason));
        }
        for (int i = 0; i < contentPieces.size(); i++) {
            boolean last = i == contentPieces.size() - 1;
            deltas.add(delta(prefix, "\"content\":" + JsonText.quote(contentPieces.get(i)), last ? finishReason : null));
        }
        String usage = null;
        if (includeUsage) {
            StringBuilder out = new StringBuilder(prefix.length() + 300).append("data: ").append(prefix).append("],");
            usage = usage(out).append("}\n\n").toString();
        }
        return new Stream(List.copyOf(deltas), usage);
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
        return out;
    }

    private StringBuilder usage(StringBuilder out) {
        out.append("\"usage\":{\"prompt_tokens\":").append(promptTokens)
                .append(",\"completion_tokens\":").append(completionTokens)
                .append(",\"total_tokens\":").append(promptTokens + completionTokens)
                .append(",\"cost\":");
        JsonText.number(out, cost).append(",\"is_byok\":false")
                .append(",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0}")
                .append(",\"cost_details\":{\"upstream_inference_cost\":null,\"upstream_inference_prompt_cost\":");
        JsonText.number(out, promptCost).append(",\"upstream_inference_completions_cost\":");
        JsonText.number(out, completionCost).append("}")
                .append(",\"completion_tokens_details\":{\"reasoning_tokens\":").append(reasoningTokens)
                .append(",\"image_tokens\":0}}");
        return out;
    }

    /** The events of a streamed reply. */
    record Stream(List<String> deltas, String usageOrNull) {
        static final String DONE = "data: [DONE]\n\n";
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
        for (int i = 0; i < count; i++) {
            int from = text.offsetByCodePoints(0, (int) ((long) i * length / count));
            int to = text.offsetByCodePoints(0, (int) ((long) (i + 1) * length / count));
            pieces.add(text.substring(from, to));
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
        String finishReason;
        long promptTokens;
        long completionTokens;
        long reasoningTokens;
    }
}
