package dev.creor.provider.openrouter.sandbox;

import dev.creor.core.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * How the sandbox answers one chat completion request: the answer itself (a reply, an error
 * status, an error inside a 200, ...) and how it travels on the wire (latency, keep-alive
 * comments, pacing, byte splits, stalls, resets, malformed chunks).
 *
 * <p>Behaviours are immutable. Each static factory sets one aspect; combine aspects with
 * {@link #and}, and refine errors with the instance methods:
 *
 * <pre>{@code
 * sandbox.script("openai/gpt-4o",
 *         SandboxBehaviour.status(503).retryAfterSeconds(1).times(2),       // two 503s ...
 *         SandboxBehaviour.reply("héllo 🚀")                                 // ... then a reply,
 *                 .and(SandboxBehaviour.splitEvery(3))                      //     3 bytes per TCP write,
 *                 .and(SandboxBehaviour.dripEvery(Duration.ofMillis(20)))); //     20 ms between chunks
 * }</pre>
 *
 * <p>A behaviour that sets no answer gives the default reply. "Chunks" are the {@code data:}
 * events of a stream, in order (content deltas, the usage chunk, {@code [DONE]}); byte offsets
 * count the response body from its first byte, so a split or reset can fall inside a line or
 * inside a multi-byte UTF-8 character.
 *
 * <p>Every behaviour has a JSON form, {@link #toJson()}, which is also how steps are written in
 * a script file and in the {@value OpenRouterSandbox#SCRIPT_HEADER} request header; see
 * {@code docs/sandbox.md}. Two behaviours are equal when their JSON forms are.
 */
public final class SandboxBehaviour {
    private static final SandboxBehaviour DEFAULT_REPLY = new SandboxBehaviour(new Draft().outcome(Outcome.REPLY));

    private final Draft draft;

    private SandboxBehaviour(Draft draft) {
        this.draft = draft;
    }

    // ---- answers ----

    /** The default deterministic answer, derived from the last user message. */
    public static SandboxBehaviour reply() {
        return DEFAULT_REPLY;
    }

    /** A reply with the given text; streamed word by word. */
    public static SandboxBehaviour reply(String text) {
        Objects.requireNonNull(text, "text is null");
        Draft draft = new Draft().outcome(Outcome.REPLY);
        draft.text = text;
        return new SandboxBehaviour(draft);
    }

    /**
     * A reply streamed as exactly {@code count} content deltas (the last one carries the
     * {@code finish_reason}); zero gives one chunk with an empty delta and the finish reason.
     * Combined with {@link #reply(String)}, that text is cut into {@code count} nearly equal
     * pieces (some empty when it is shorter). Non-streaming requests get the text in one message.
     */
    public static SandboxBehaviour textChunks(int count) {
        requireNonNegative(count, "count");
        Draft draft = new Draft().outcome(Outcome.REPLY);
        draft.chunks = count;
        return new SandboxBehaviour(draft);
    }

    /**
     * A reply whose model reasons first: {@code reasoning} deltas (with empty {@code content})
     * before the content, and {@code message.reasoning} in a JSON answer, whether or not the
     * request asked for reasoning; a request with {@code reasoning.exclude: true} is billed for
     * it but does not see it. Without this, the sandbox reasons only when the request asks and
     * the model supports it.
     */
    public static SandboxBehaviour reasoning(String text) {
        Draft draft = new Draft().outcome(Outcome.REPLY);
        draft.reasoning = Checks.requireText(text, "text");
        return new SandboxBehaviour(draft);
    }

    /**
     * A reply that calls a tool: streamed as a {@code tool_calls} delta with the id, type and
     * name, then the arguments in several fragments keyed by {@code index}; the finish reason
     * is {@code tool_calls}. Combine with {@link #and} for several calls (indexes 0, 1, ...) or
     * with {@link #reply(String)} for text before the calls.
     *
     * @param argumentsJson the arguments as sent, normally a JSON object's text (not checked)
     */
    public static SandboxBehaviour toolCall(String name, String argumentsJson) {
        Objects.requireNonNull(argumentsJson, "argumentsJson is null");
        Draft draft = new Draft().outcome(Outcome.REPLY);
        draft.toolCalls = List.of(new ToolCall(Checks.requireText(name, "name"), argumentsJson));
        return new SandboxBehaviour(draft);
    }

    /**
     * An OpenRouter error answer: HTTP {@code status} with the body
     * {@code {"error":{"code":status,"message":...,"metadata":{...}}}}. A 403 carries moderation
     * metadata ({@code reasons}, {@code flagged_input}, {@code provider_name}, {@code model_slug}).
     *
     * @param status an HTTP error status, 400 to 599
     */
    public static SandboxBehaviour status(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP error status within 400..599: " + status);
        }
        Draft draft = new Draft().outcome(Outcome.STATUS);
        draft.status = status;
        return new SandboxBehaviour(draft);
    }

    /**
     * HTTP 200 whose body is an {@code error} object and no {@code choices}, as OpenRouter
     * sometimes answers. A streaming request gets it as one SSE chunk, then {@code [DONE]}.
     *
     * @param code an {@link Integer} status-like code or a {@link String} such as {@code "server_error"}
     */
    public static SandboxBehaviour errorIn200(Object code, String message) {
        Draft draft = new Draft().outcome(Outcome.ERROR_IN_200);
        draft.errorCode = requireCode(code);
        draft.message = Checks.requireText(message, "message");
        return new SandboxBehaviour(draft);
    }

    /**
     * A stream that fails after {@code afterChunks} content chunks with a chunk carrying
     * {@code error: {code, message}} and {@code finish_reason: "error"}, then {@code [DONE]};
     * no chunk before it has a finish reason, and there is no usage chunk. A non-streaming
     * request gets the error as in {@link #errorIn200}.
     *
     * @param code an {@link Integer} or a {@link String} such as {@code "server_error"}
     */
    public static SandboxBehaviour midStreamError(int afterChunks, Object code) {
        requireNonNegative(afterChunks, "afterChunks");
        Draft draft = new Draft();
        draft.midStreamAfter = afterChunks;
        draft.midStreamCode = requireCode(code);
        return new SandboxBehaviour(draft);
    }

    /** A stream whose chunks all have {@code finish_reason: null}, and a message without one. */
    public static SandboxBehaviour withoutFinishReason() {
        Draft draft = new Draft();
        draft.finishReason = false;
        return new SandboxBehaviour(draft);
    }

    // ---- timing ----

    /** Waits {@code latency} before the status line (for every answer, errors included). */
    public static SandboxBehaviour latency(Duration latency) {
        Draft draft = new Draft();
        draft.latencyMillis = requireMillis(latency, "latency");
        return new SandboxBehaviour(draft);
    }

    /**
     * Sends {@code comments} SSE comment lines {@code : OPENROUTER PROCESSING} before the first
     * chunk, the first right after the headers and then one every {@code every}; the first chunk
     * follows {@code every} after the last comment. Streams only.
     */
    public static SandboxBehaviour keepAlive(int comments, Duration every) {
        requireNonNegative(comments, "comments");
        Draft draft = new Draft();
        draft.keepAliveComments = comments;
        draft.keepAliveEveryMillis = requirePositiveMillis(every, "every");
        return new SandboxBehaviour(draft);
    }

    /**
     * While waiting between chunks (see {@link #dripEvery}), sends a {@code : OPENROUTER
     * PROCESSING} comment every {@code every}, as OpenRouter does while an upstream is slow.
     */
    public static SandboxBehaviour keepAliveBetweenChunks(Duration every) {
        Draft draft = new Draft();
        draft.keepAliveBetweenMillis = requirePositiveMillis(every, "every");
        return new SandboxBehaviour(draft);
    }

    /** Waits {@code interval} before each chunk after the first. Streams only. */
    public static SandboxBehaviour dripEvery(Duration interval) {
        Draft draft = new Draft();
        draft.dripMillis = requireMillis(interval, "interval");
        return new SandboxBehaviour(draft);
    }

    // ---- bytes on the wire ----

    /**
     * Writes the body in pieces of {@code bytes} bytes, each its own flushed TCP write (and its
     * own HTTP chunk), so that lines and UTF-8 characters arrive split across reads.
     */
    public static SandboxBehaviour splitEvery(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes must be at least 1: " + bytes);
        }
        Draft draft = new Draft();
        draft.splitEvery = bytes;
        return new SandboxBehaviour(draft);
    }

    /** Cuts the body at these byte offsets (from 0, any order), each piece its own flushed TCP write. */
    public static SandboxBehaviour splitAt(int... offsets) {
        Objects.requireNonNull(offsets, "offsets is null");
        if (offsets.length == 0) {
            throw new IllegalArgumentException("splitAt needs at least one offset");
        }
        TreeSet<Integer> sorted = new TreeSet<>();
        for (int offset : offsets) {
            if (offset < 1) {
                throw new IllegalArgumentException("split offsets must be positive: " + offset);
            }
            sorted.add(offset);
        }
        Draft draft = new Draft();
        draft.splitAt = List.copyOf(sorted);
        return new SandboxBehaviour(draft);
    }

    /** Keeps the connection open and silent from the start: no status line, until the client goes away. */
    public static SandboxBehaviour stallBeforeHeaders() {
        return stall(Stall.BEFORE_HEADERS, 0);
    }

    /**
     * Sends the status and headers (and any {@link #keepAlive} comments), then stays silent
     * until the client goes away. A non-streaming answer sends its headers and no body.
     */
    public static SandboxBehaviour stallBeforeFirstChunk() {
        return stall(Stall.BEFORE_FIRST_CHUNK, 0);
    }

    /**
     * Sends {@code chunks} {@code data:} events, then stays silent until the client goes away.
     * A non-streaming answer sends its headers and no body.
     */
    public static SandboxBehaviour stallAfterChunks(int chunks) {
        requireNonNegative(chunks, "chunks");
        return stall(Stall.AFTER_CHUNKS, chunks);
    }

    /** Resets the TCP connection instead of answering: no status line at all. */
    public static SandboxBehaviour resetBeforeHeaders() {
        Draft draft = new Draft();
        draft.reset = Reset.BEFORE_HEADERS;
        draft.resetAfterBytes = 0;
        return new SandboxBehaviour(draft);
    }

    /** Sends the headers and the first {@code bytes} bytes of the body, then resets the TCP connection. */
    public static SandboxBehaviour resetAfterBytes(int bytes) {
        requireNonNegative(bytes, "bytes");
        Draft draft = new Draft();
        draft.reset = Reset.AFTER_BYTES;
        draft.resetAfterBytes = bytes;
        return new SandboxBehaviour(draft);
    }

    /**
     * Inserts a {@code data:} line that is not JSON after {@code afterChunks} chunks (at the
     * latest just before {@code [DONE]}); the stream then goes on. A non-streaming answer's body
     * is cut in half.
     */
    public static SandboxBehaviour malformedChunk(int afterChunks) {
        requireNonNegative(afterChunks, "afterChunks");
        Draft draft = new Draft();
        draft.malformedAfter = afterChunks;
        return new SandboxBehaviour(draft);
    }

    // ---- refinements ----

    /**
     * This behaviour with the other's aspects added; where both set the same aspect, the
     * other's wins (a stall and a reset replace each other), except tool calls, which add up.
     */
    public SandboxBehaviour and(SandboxBehaviour other) {
        Objects.requireNonNull(other, "other is null");
        return new SandboxBehaviour(draft.copy().merge(other.draft));
    }

    /** Adds a {@code Retry-After} header in seconds. */
    public SandboxBehaviour retryAfterSeconds(long seconds) {
        requireNonNegative(seconds, "seconds");
        Draft copy = draft.copy();
        copy.retryAfterSeconds = seconds;
        copy.retryAfterDate = null;
        return new SandboxBehaviour(copy);
    }

    /** Adds a {@code Retry-After} header as an HTTP date (whole seconds, GMT). */
    public SandboxBehaviour retryAfterDate(Instant date) {
        Objects.requireNonNull(date, "date is null");
        Draft copy = draft.copy();
        copy.retryAfterDate = date.getEpochSecond();
        copy.retryAfterSeconds = null;
        return new SandboxBehaviour(copy);
    }

    /** Sets {@code metadata.error_type} of the error, e.g. {@code rate_limit_exceeded}. */
    public SandboxBehaviour errorType(String errorType) {
        Draft copy = draft.copy();
        copy.errorType = Checks.requireText(errorType, "errorType");
        return new SandboxBehaviour(copy);
    }

    /**
     * Names the upstream provider: {@code metadata.provider_name} of an error, or the
     * {@code provider} field of a reply.
     */
    public SandboxBehaviour providerName(String providerName) {
        Draft copy = draft.copy();
        copy.providerName = Checks.requireText(providerName, "providerName");
        return new SandboxBehaviour(copy);
    }

    /** Sets the error's {@code message}. */
    public SandboxBehaviour message(String message) {
        Draft copy = draft.copy();
        copy.message = Checks.requireText(message, "message");
        return new SandboxBehaviour(copy);
    }

    /** Sets {@code metadata.raw}: the upstream provider's own error, as text. */
    public SandboxBehaviour raw(String raw) {
        Draft copy = draft.copy();
        copy.raw = Checks.requireText(raw, "raw");
        return new SandboxBehaviour(copy);
    }

    /** Sets the moderation {@code reasons} of a 403 (default {@code ["harassment"]}). */
    public SandboxBehaviour reasons(String... reasons) {
        Objects.requireNonNull(reasons, "reasons is null");
        if (reasons.length == 0) {
            throw new IllegalArgumentException("reasons needs at least one reason");
        }
        List<String> checked = new ArrayList<>(reasons.length);
        for (String reason : reasons) {
            checked.add(Checks.requireText(reason, "reason"));
        }
        Draft copy = draft.copy();
        copy.reasons = List.copyOf(checked);
        return new SandboxBehaviour(copy);
    }

    /** Makes a {@link #midStreamError} chunk carry no {@code choices} at all. */
    public SandboxBehaviour withoutChoices() {
        Draft copy = draft.copy();
        copy.errorChoices = false;
        return new SandboxBehaviour(copy);
    }

    /** Repeats this step {@code times} times in a script (default once). */
    public SandboxBehaviour times(int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1: " + times);
        }
        Draft copy = draft.copy();
        copy.times = times;
        return new SandboxBehaviour(copy);
    }

    /** How many consecutive requests this step answers in a script. */
    public int times() {
        return draft.times == null ? 1 : draft.times;
    }

    /**
     * The JSON form of this behaviour, as written in a script file or the
     * {@value OpenRouterSandbox#SCRIPT_HEADER} header, e.g. {@code {"status":503,"retryAfter":2}}.
     */
    public String toJson() {
        return draft.toJson();
    }

    /** The value of the {@value OpenRouterSandbox#SCRIPT_HEADER} header for these steps: their JSON array. */
    public static String scriptHeader(SandboxBehaviour... steps) {
        Objects.requireNonNull(steps, "steps is null");
        if (steps.length == 0) {
            throw new IllegalArgumentException("a script needs at least one step");
        }
        StringBuilder out = new StringBuilder("[");
        for (SandboxBehaviour step : steps) {
            Objects.requireNonNull(step, "step is null");
            out.append(out.length() > 1 ? "," : "").append(step.toJson());
        }
        return out.append(']').toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SandboxBehaviour behaviour && behaviour.toJson().equals(toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    /** {@code SandboxBehaviour} followed by the JSON form. */
    @Override
    public String toString() {
        return "SandboxBehaviour" + toJson();
    }

    // ---- read by the sandbox ----

    /** A behaviour that sets no aspect: the default reply, and the start of a parsed step. */
    static SandboxBehaviour empty() {
        return new SandboxBehaviour(new Draft());
    }

    private static SandboxBehaviour stall(Stall stall, int afterChunks) {
        Draft draft = new Draft();
        draft.stall = stall;
        draft.stallAfterChunks = afterChunks;
        return new SandboxBehaviour(draft);
    }

    Outcome outcome() {
        return draft.outcome == null ? Outcome.REPLY : draft.outcome;
    }

    /** The reply text, or {@code null} for the default reply. */
    String text() {
        return draft.text;
    }

    /** The exact number of content deltas, or -1 for the natural word-by-word split. */
    int chunks() {
        return draft.chunks == null ? -1 : draft.chunks;
    }

    int status() {
        return draft.status == null ? 200 : draft.status;
    }

    /** The scripted reasoning, or {@code null} for none. */
    String reasoningOrNull() {
        return draft.reasoning;
    }

    List<ToolCall> toolCalls() {
        return draft.toolCalls == null ? List.of() : draft.toolCalls;
    }

    /** The code of an {@link #errorIn200}. */
    Object errorCode() {
        return draft.errorCode;
    }

    /** The {@code Retry-After} header value, or {@code null} for none. */
    String retryAfterHeader() {
        if (draft.retryAfterSeconds != null) {
            return Long.toString(draft.retryAfterSeconds);
        }
        if (draft.retryAfterDate != null) {
            return httpDate(draft.retryAfterDate);
        }
        return null;
    }

    String errorTypeOrNull() {
        return draft.errorType;
    }

    String providerNameOrNull() {
        return draft.providerName;
    }

    String messageOrNull() {
        return draft.message;
    }

    String rawOrNull() {
        return draft.raw;
    }

    List<String> moderationReasons() {
        return draft.reasons == null ? List.of("harassment") : draft.reasons;
    }

    /** Content chunks before the mid-stream error, or -1 for none. */
    int midStreamErrorAfter() {
        return draft.midStreamAfter == null ? -1 : draft.midStreamAfter;
    }

    Object midStreamCode() {
        return draft.midStreamCode;
    }

    boolean errorHasChoices() {
        return draft.errorChoices == null || draft.errorChoices;
    }

    boolean hasFinishReason() {
        return draft.finishReason == null || draft.finishReason;
    }

    long latencyMillis() {
        return draft.latencyMillis == null ? 0 : draft.latencyMillis;
    }

    int keepAliveComments() {
        return draft.keepAliveComments == null ? 0 : draft.keepAliveComments;
    }

    long keepAliveEveryMillis() {
        return draft.keepAliveEveryMillis == null ? 0 : draft.keepAliveEveryMillis;
    }

    long keepAliveBetweenMillis() {
        return draft.keepAliveBetweenMillis == null ? 0 : draft.keepAliveBetweenMillis;
    }

    long dripMillis() {
        return draft.dripMillis == null ? 0 : draft.dripMillis;
    }

    int splitEvery() {
        return draft.splitEvery == null ? 0 : draft.splitEvery;
    }

    List<Integer> splitAt() {
        return draft.splitAt == null ? List.of() : draft.splitAt;
    }

    /** The stall, or {@code null} for none. */
    Stall stallOrNull() {
        return draft.stall;
    }

    int stallAfterChunks() {
        return draft.stallAfterChunks == null ? 0 : draft.stallAfterChunks;
    }

    /** The reset, or {@code null} for none. */
    Reset resetOrNull() {
        return draft.reset;
    }

    int resetAfterBytes() {
        return draft.resetAfterBytes == null ? 0 : draft.resetAfterBytes;
    }

    /** Chunks before the malformed one, or -1 for none. */
    int malformedAfter() {
        return draft.malformedAfter == null ? -1 : draft.malformedAfter;
    }

    private static String httpDate(long epochSecond) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC));
    }

    private static Object requireCode(Object code) {
        Objects.requireNonNull(code, "code is null");
        if (code instanceof Integer) {
            return code;
        }
        if (code instanceof String text && !text.isBlank()) {
            return text;
        }
        throw new IllegalArgumentException("code must be an Integer or a non-blank String: " + code);
    }

    private static long requireMillis(Duration duration, String name) {
        Objects.requireNonNull(duration, () -> name + " is null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + duration);
        }
        return duration.toMillis();
    }

    private static long requirePositiveMillis(Duration duration, String name) {
        long millis = requireMillis(duration, name);
        if (millis < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms: " + duration);
        }
        return millis;
    }

    private static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    /** A scripted tool call. */
    record ToolCall(String name, String arguments) {
    }

    /** What kind of answer a behaviour gives. */
    enum Outcome {
        REPLY, STATUS, ERROR_IN_200
    }

    /** Where a stream goes silent. */
    enum Stall {
        BEFORE_HEADERS, BEFORE_FIRST_CHUNK, AFTER_CHUNKS
    }

    /** Where the connection is reset. */
    enum Reset {
        BEFORE_HEADERS, AFTER_BYTES
    }

    /**
     * The aspects of a behaviour; {@code null} means "not set", so that {@link #and} can tell
     * which aspects the other behaviour sets. Never mutated once wrapped; every field holds an
     * immutable value, so a shallow copy is a full one.
     */
    static final class Draft implements Cloneable {
        Outcome outcome;
        String text;
        Integer chunks;
        String reasoning;
        List<ToolCall> toolCalls;
        Integer status;
        Object errorCode;
        Long retryAfterSeconds;
        Long retryAfterDate;
        String errorType;
        String providerName;
        String message;
        String raw;
        List<String> reasons;
        Integer midStreamAfter;
        Object midStreamCode;
        Boolean errorChoices;
        Boolean finishReason;
        Long latencyMillis;
        Integer keepAliveComments;
        Long keepAliveEveryMillis;
        Long keepAliveBetweenMillis;
        Long dripMillis;
        Integer splitEvery;
        List<Integer> splitAt;
        Stall stall;
        Integer stallAfterChunks;
        Reset reset;
        Integer resetAfterBytes;
        Integer malformedAfter;
        Integer times;

        Draft outcome(Outcome value) {
            this.outcome = value;
            return this;
        }

        Draft copy() {
            try {
                return (Draft) clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }

        Draft merge(Draft other) {
            outcome = pick(other.outcome, outcome);
            text = pick(other.text, text);
            chunks = pick(other.chunks, chunks);
            reasoning = pick(other.reasoning, reasoning);
            if (other.toolCalls != null) {
                List<ToolCall> calls = new ArrayList<>(toolCalls == null ? List.of() : toolCalls);
                calls.addAll(other.toolCalls);
                toolCalls = List.copyOf(calls);
            }
            status = pick(other.status, status);
            errorCode = pick(other.errorCode, errorCode);
            if (other.retryAfterSeconds != null || other.retryAfterDate != null) {
                retryAfterSeconds = other.retryAfterSeconds;
                retryAfterDate = other.retryAfterDate;
            }
            errorType = pick(other.errorType, errorType);
            providerName = pick(other.providerName, providerName);
            message = pick(other.message, message);
            raw = pick(other.raw, raw);
            reasons = pick(other.reasons, reasons);
            midStreamAfter = pick(other.midStreamAfter, midStreamAfter);
            midStreamCode = pick(other.midStreamCode, midStreamCode);
            errorChoices = pick(other.errorChoices, errorChoices);
            finishReason = pick(other.finishReason, finishReason);
            latencyMillis = pick(other.latencyMillis, latencyMillis);
            if (other.keepAliveComments != null) {
                keepAliveComments = other.keepAliveComments;
                keepAliveEveryMillis = other.keepAliveEveryMillis;
            }
            keepAliveBetweenMillis = pick(other.keepAliveBetweenMillis, keepAliveBetweenMillis);
            dripMillis = pick(other.dripMillis, dripMillis);
            splitEvery = pick(other.splitEvery, splitEvery);
            splitAt = pick(other.splitAt, splitAt);
            if (other.stall != null) {
                stall = other.stall;
                stallAfterChunks = other.stallAfterChunks;
                reset = null;
                resetAfterBytes = null;
            }
            if (other.reset != null) {
                reset = other.reset;
                resetAfterBytes = other.resetAfterBytes;
                stall = null;
                stallAfterChunks = null;
            }
            malformedAfter = pick(other.malformedAfter, malformedAfter);
            times = pick(other.times, times);
            return this;
        }

        private static <T> T pick(T preferred, T fallback) {
            return preferred != null ? preferred : fallback;
        }

        String toJson() {
            Members members = new Members();
            if (outcome == Outcome.STATUS) {
                members.add("status", status.toString());
            } else if (outcome == Outcome.ERROR_IN_200) {
                members.add("errorIn200", "{\"code\":" + code(errorCode) + "}");
            } else {
                if (text != null) {
                    members.add("reply", JsonText.quote(text));
                } else if (outcome == Outcome.REPLY && chunks == null && reasoning == null && toolCalls == null) {
                    members.add("reply", "true");
                }
                if (chunks != null) {
                    members.add("chunks", chunks.toString());
                }
                if (reasoning != null) {
                    members.add("reasoning", JsonText.quote(reasoning));
                }
                if (toolCalls != null) {
                    List<String> calls = new ArrayList<>();
                    toolCalls.forEach(call -> calls.add("{\"name\":" + JsonText.quote(call.name()) + ",\"arguments\":"
                            + JsonText.quote(call.arguments()) + "}"));
                    members.add("toolCalls", "[" + String.join(",", calls) + "]");
                }
            }
            if (retryAfterSeconds != null) {
                members.add("retryAfter", retryAfterSeconds.toString());
            }
            if (retryAfterDate != null) {
                members.add("retryAfter", JsonText.quote(httpDate(retryAfterDate)));
            }
            members.addText("errorType", errorType);
            members.addText("providerName", providerName);
            members.addText("message", message);
            members.addText("raw", raw);
            if (reasons != null) {
                List<String> quoted = new ArrayList<>();
                reasons.forEach(reason -> quoted.add(JsonText.quote(reason)));
                members.add("reasons", "[" + String.join(",", quoted) + "]");
            }
            if (midStreamAfter != null) {
                members.add("midStreamError", "{\"afterChunks\":" + midStreamAfter + ",\"code\":" + code(midStreamCode)
                        + (errorChoices != null && !errorChoices ? ",\"choices\":false" : "") + "}");
            }
            if (finishReason != null && !finishReason) {
                members.add("finishReason", "false");
            }
            if (latencyMillis != null) {
                members.add("latencyMs", latencyMillis.toString());
            }
            if (keepAliveComments != null) {
                members.add("keepAlive", "{\"comments\":" + keepAliveComments + ",\"everyMs\":" + keepAliveEveryMillis + "}");
            }
            if (keepAliveBetweenMillis != null) {
                members.add("keepAliveBetweenChunksMs", keepAliveBetweenMillis.toString());
            }
            if (dripMillis != null) {
                members.add("dripEveryMs", dripMillis.toString());
            }
            if (splitEvery != null) {
                members.add("splitEvery", splitEvery.toString());
            }
            if (splitAt != null) {
                members.add("splitAt", splitAt.toString().replace(" ", ""));
            }
            if (stall != null) {
                members.add("stall", switch (stall) {
                    case BEFORE_HEADERS -> "\"beforeHeaders\"";
                    case BEFORE_FIRST_CHUNK -> "\"beforeFirstChunk\"";
                    case AFTER_CHUNKS -> "{\"afterChunks\":" + stallAfterChunks + "}";
                });
            }
            if (reset != null) {
                members.add("reset", reset == Reset.BEFORE_HEADERS ? "\"beforeHeaders\"" : "{\"afterBytes\":" + resetAfterBytes + "}");
            }
            if (malformedAfter != null) {
                members.add("malformedChunk", "{\"afterChunks\":" + malformedAfter + "}");
            }
            if (times != null && times != 1) {
                members.add("times", times.toString());
            }
            return members.toString();
        }

        private static String code(Object code) {
            return JsonText.code(new StringBuilder(), code).toString();
        }

        /** The members of a JSON object, in the order added. */
        private static final class Members {
            private final List<String> members = new ArrayList<>();

            void add(String key, String json) {
                members.add(JsonText.quote(key) + ":" + json);
            }

            void addText(String key, String value) {
                if (value != null) {
                    add(key, JsonText.quote(value));
                }
            }

            @Override
            public String toString() {
                return "{" + String.join(",", members) + "}";
            }
        }
    }
}
