package dev.creor.provider.openrouter.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the sandbox answers one chat completion request: the answer itself (a reply, an error
 * status, ...) and how it travels on the wire (latency, pacing, faults).
 *
 * <p>Behaviours are immutable. Start from a static factory and refine with the instance
 * methods, or combine aspects with {@link #and}:
 *
 * <pre>{@code
 * sandbox.script("openai/gpt-4o",
 *         SandboxBehaviour.status(503).retryAfterSeconds(1).times(2),   // two 503s ...
 *         SandboxBehaviour.reply("ok"));                                // ... then "ok", repeated
 * }</pre>
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
     * Non-streaming requests get the same text in one message.
     */
    public static SandboxBehaviour textChunks(int count) {
        requireNonNegative(count, "count");
        Draft draft = new Draft().outcome(Outcome.REPLY);
        draft.chunks = count;
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

    /** Waits {@code latency} before the status line (for every answer, errors included). */
    public static SandboxBehaviour latency(Duration latency) {
        Draft draft = new Draft();
        draft.latencyMillis = requireMillis(latency, "latency");
        return new SandboxBehaviour(draft);
    }

    /**
     * This behaviour with the other's aspects added; where both set the same aspect, the
     * other's wins, except tool calls, which accumulate.
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
        copy.errorType = requireText(errorType, "errorType");
        return new SandboxBehaviour(copy);
    }

    /**
     * Names the upstream provider: {@code metadata.provider_name} of an error, or the
     * {@code provider} field of a reply.
     */
    public SandboxBehaviour providerName(String providerName) {
        Draft copy = draft.copy();
        copy.providerName = requireText(providerName, "providerName");
        return new SandboxBehaviour(copy);
    }

    /** Sets the error's {@code message}. */
    public SandboxBehaviour message(String message) {
        Draft copy = draft.copy();
        copy.message = requireText(message, "message");
        return new SandboxBehaviour(copy);
    }

    /** Sets {@code metadata.raw}: the upstream provider's own error, as text. */
    public SandboxBehaviour raw(String raw) {
        Draft copy = draft.copy();
        copy.raw = requireText(raw, "raw");
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
            checked.add(requireText(reason, "reason"));
        }
        Draft copy = draft.copy();
        copy.reasons = List.copyOf(checked);
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

    List<String> reasons() {
        return draft.reasons == null ? List.of("harassment") : draft.reasons;
    }

    long latencyMillis() {
        return draft.latencyMillis == null ? 0 : draft.latencyMillis;
    }

    /** A behaviour that sets no aspect: the default reply, and the start of a parsed step. */
    static SandboxBehaviour empty() {
        return new SandboxBehaviour(new Draft());
    }

    private static String httpDate(long epochSecond) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC));
    }

    private static long requireMillis(Duration duration, String name) {
        Objects.requireNonNull(duration, () -> name + " is null");
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + duration);
        }
        return duration.toMillis();
    }

    private static void requireNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, () -> name + " is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value;
    }

    /** What kind of answer a behaviour gives. */
    enum Outcome {
        REPLY, STATUS
    }

    /**
     * The aspects of a behaviour; {@code null} means "not set", so that {@link #and} can tell
     * which aspects the other behaviour sets. Never mutated once wrapped.
     */
    static final class Draft {
        Outcome outcome;
        String text;
        Integer chunks;
        Integer status;
        Long retryAfterSeconds;
        Long retryAfterDate;
        String errorType;
        String providerName;
        String message;
        String raw;
        List<String> reasons;
        Long latencyMillis;
        Integer times;

        Draft outcome(Outcome value) {
            this.outcome = value;
            return this;
        }

        Draft copy() {
            Draft copy = new Draft();
            copy.outcome = outcome;
            copy.text = text;
            copy.chunks = chunks;
            copy.status = status;
            copy.retryAfterSeconds = retryAfterSeconds;
            copy.retryAfterDate = retryAfterDate;
            copy.errorType = errorType;
            copy.providerName = providerName;
            copy.message = message;
            copy.raw = raw;
            copy.reasons = reasons;
            copy.latencyMillis = latencyMillis;
            copy.times = times;
            return copy;
        }

        Draft merge(Draft other) {
            outcome = pick(other.outcome, outcome);
            text = pick(other.text, text);
            chunks = pick(other.chunks, chunks);
            status = pick(other.status, status);
            if (other.retryAfterSeconds != null || other.retryAfterDate != null) {
                retryAfterSeconds = other.retryAfterSeconds;
                retryAfterDate = other.retryAfterDate;
            }
            errorType = pick(other.errorType, errorType);
            providerName = pick(other.providerName, providerName);
            message = pick(other.message, message);
            raw = pick(other.raw, raw);
            reasons = pick(other.reasons, reasons);
            latencyMillis = pick(other.latencyMillis, latencyMillis);
            times = pick(other.times, times);
            return this;
        }

        private static <T> T pick(T preferred, T fallback) {
            return preferred != null ? preferred : fallback;
        }

        String toJson() {
            List<String> members = new ArrayList<>();
            if (outcome == Outcome.REPLY || outcome == null) {
                if (chunks != null) {
                    members.add("\"chunks\":" + chunks);
                }
                if (text != null) {
                    members.add("\"reply\":" + JsonText.quote(text));
                } else if (outcome == Outcome.REPLY && chunks == null) {
                    members.add("\"reply\":true");
                }
            }
            if (status != null && outcome == Outcome.STATUS) {
                members.add("\"status\":" + status);
            }
            if (retryAfterSeconds != null) {
                members.add("\"retryAfter\":" + retryAfterSeconds);
            }
            if (retryAfterDate != null) {
                members.add("\"retryAfter\":" + JsonText.quote(httpDate(retryAfterDate)));
            }
            addText(members, "errorType", errorType);
            addText(members, "providerName", providerName);
            addText(members, "message", message);
            addText(members, "raw", raw);
            if (reasons != null) {
                List<String> quoted = new ArrayList<>();
                reasons.forEach(reason -> quoted.add(JsonText.quote(reason)));
                members.add("\"reasons\":[" + String.join(",", quoted) + "]");
            }
            if (latencyMillis != null) {
                members.add("\"latencyMs\":" + latencyMillis);
            }
            if (times != null && times != 1) {
                members.add("\"times\":" + times);
            }
            return "{" + String.join(",", members) + "}";
        }

        private static void addText(List<String> members, String key, String value) {
            if (value != null) {
                members.add(JsonText.quote(key) + ":" + JsonText.quote(value));
            }
        }
    }
}
