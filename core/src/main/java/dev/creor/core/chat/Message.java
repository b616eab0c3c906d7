package dev.creor.core.chat;

import dev.creor.core.internal.Checks;
import dev.creor.core.internal.JsonValues;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One turn of a conversation: who wrote it and its ordered content {@link Part parts}.
 *
 * <p>The factories cover the common shapes: {@link #system}, {@link #user}, {@link #assistant}
 * (optionally with the tool calls the model made) and {@link #tool} (the result of a call).
 * {@link #builder(Role)} builds anything else: a user turn with images or files, parts marked as
 * {@link CacheBreakpoint cache breakpoints}, an assistant turn carrying the model's
 * {@link Reasoning} to send back on the next turn, or provider-specific metadata.
 *
 * <p>What each role may hold: a system message holds text; a user message text, images and
 * files; an assistant message text and tool calls, plus reasoning; a tool message the results of
 * tool calls. Instances are immutable.
 */
public final class Message {
    private final Role role;
    private final List<Part> parts;
    private final Reasoning reasoning;
    private final Map<String, Object> providerMetadata;

    private Message(Role role, List<Part> parts, Reasoning reasoning, Map<String, Object> providerMetadata) {
        this.role = Objects.requireNonNull(role, "role is null");
        this.parts = List.copyOf(parts);
        this.reasoning = reasoning;
        this.providerMetadata = JsonValues.copyOf(providerMetadata);
        for (Part part : this.parts) {
            if (!allowed(role, part)) {
                throw new IllegalArgumentException("a " + role.name().toLowerCase(java.util.Locale.ROOT)
                        + " message cannot hold a " + kind(part) + " part; " + allowedKinds(role));
            }
        }
        if (reasoning != null && role != Role.ASSISTANT) {
            throw new IllegalArgumentException("only an assistant message carries reasoning; this one is " + role);
        }
        if (role != Role.ASSISTANT && this.parts.isEmpty()) {
            throw new IllegalArgumentException("a " + role.name().toLowerCase(java.util.Locale.ROOT)
                    + " message needs at least one part");
        }
    }

    /** Instructions for the assistant. */
    public static Message system(String text) {
        return new Message(Role.SYSTEM, List.of(new Part.Text(text)), null, Map.of());
    }

    /** A question or instruction from the user. */
    public static Message user(String text) {
        return new Message(Role.USER, List.of(new Part.Text(text)), null, Map.of());
    }

    /** An earlier answer of the model. */
    public static Message assistant(String text) {
        return assistant(text, List.of());
    }

    /** An earlier answer of the model that called tools; the text may be empty. */
    public static Message assistant(String text, List<ToolCall> toolCalls) {
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(toolCalls, "toolCalls is null");
        List<Part> parts = new ArrayList<>();
        if (!text.isEmpty() || toolCalls.isEmpty()) {
            parts.add(new Part.Text(text));
        }
        toolCalls.forEach(call -> parts.add(new Part.ToolUse(call)));
        return new Message(Role.ASSISTANT, parts, null, Map.of());
    }

    /** The result of the tool call with the given id. */
    public static Message tool(String toolCallId, String result) {
        return new Message(Role.TOOL, List.of(new Part.ToolResult(toolCallId, result)), null, Map.of());
    }

    /** Starts a message of the given role, to add parts, reasoning or metadata to. */
    public static Builder builder(Role role) {
        return new Builder(Objects.requireNonNull(role, "role is null"));
    }

    /** A builder preset with everything this message holds. */
    public Builder toBuilder() {
        Builder builder = new Builder(role);
        builder.parts.addAll(parts);
        builder.reasoning = reasoning;
        builder.providerMetadata = providerMetadata;
        return builder;
    }

    /** Who wrote this message. */
    public Role role() {
        return role;
    }

    /** The content parts, in order. */
    public List<Part> parts() {
        return parts;
    }

    /**
     * The message's text: its text parts joined, or for a tool message the results' text;
     * empty for an assistant turn that only called tools.
     */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Part.Text textPart) {
                text.append(textPart.text());
            } else if (part instanceof Part.ToolResult result) {
                text.append(result.content());
            }
        }
        return text.toString();
    }

    /** The tool calls of an assistant turn, in order; empty for every other message. */
    public List<ToolCall> toolCalls() {
        List<ToolCall> calls = new ArrayList<>();
        for (Part part : parts) {
            if (part instanceof Part.ToolUse use) {
                calls.add(use.call());
            }
        }
        return List.copyOf(calls);
    }

    /** For a {@link Role#TOOL} message, the id of the (first) call it answers. */
    public Optional<String> toolCallId() {
        for (Part part : parts) {
            if (part instanceof Part.ToolResult result) {
                return Optional.of(result.toolCallId());
            }
        }
        return Optional.empty();
    }

    /** The reasoning of an assistant turn, to send back unchanged on the next turn. */
    public Optional<Reasoning> reasoning() {
        return Optional.ofNullable(reasoning);
    }

    /**
     * Provider-specific fields of the message as JSON-like values (see {@link JsonValues}), kept
     * for a round trip: core does not read them; a provider writes back what it put there.
     */
    public Map<String, Object> providerMetadata() {
        return providerMetadata;
    }

    /**
     * A copy whose last part that can carry a cache breakpoint (text, image, file or tool
     * result) carries {@code breakpoint}; the same message when no part can.
     */
    public Message withCacheBreakpoint(CacheBreakpoint breakpoint) {
        Objects.requireNonNull(breakpoint, "breakpoint is null");
        for (int i = parts.size() - 1; i >= 0; i--) {
            if (!(parts.get(i) instanceof Part.ToolUse)) {
                List<Part> copy = new ArrayList<>(parts);
                copy.set(i, parts.get(i).withCache(breakpoint));
                return new Message(role, copy, reasoning, providerMetadata);
            }
        }
        return this;
    }

    /** Whether any part carries a cache breakpoint. */
    public boolean hasCacheBreakpoint() {
        return parts.stream().anyMatch(part -> part.cache() != CacheBreakpoint.NONE);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Message message
                && role == message.role
                && parts.equals(message.parts)
                && Objects.equals(reasoning, message.reasoning)
                && providerMetadata.equals(message.providerMetadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, parts, reasoning, providerMetadata);
    }

    /** The role and sizes; never the text, which may be private. */
    @Override
    public String toString() {
        String text = text();
        List<ToolCall> calls = toolCalls();
        long media = parts.stream().filter(part -> part instanceof Part.Image || part instanceof Part.File).count();
        return "Message[" + role + ", " + text.length() + " chars"
                + (media == 0 ? "" : ", " + media + " media parts")
                + (calls.isEmpty() ? "" : ", " + calls.size() + " tool calls")
                + toolCallId().map(id -> ", answers " + id).orElse("")
                + (reasoning == null ? "" : ", reasoning with " + reasoning.details().size() + " details") + "]";
    }

    private static boolean allowed(Role role, Part part) {
        return switch (role) {
            case SYSTEM -> part instanceof Part.Text;
            case USER -> part instanceof Part.Text || part instanceof Part.Image || part instanceof Part.File;
            case ASSISTANT -> part instanceof Part.Text || part instanceof Part.ToolUse;
            case TOOL -> part instanceof Part.ToolResult;
        };
    }

    private static String allowedKinds(Role role) {
        return switch (role) {
            case SYSTEM -> "a system message holds text only";
            case USER -> "a user message holds text, images and files";
            case ASSISTANT -> "an assistant message holds text and tool calls";
            case TOOL -> "a tool message holds tool results only";
        };
    }

    private static String kind(Part part) {
        if (part instanceof Part.Text) {
            return "text";
        } else if (part instanceof Part.Image) {
            return "image";
        } else if (part instanceof Part.File) {
            return "file";
        } else if (part instanceof Part.ToolUse) {
            return "tool call";
        }
        return "tool result";
    }

    /**
     * Where a provider that caches prompts may cut the prompt: everything up to and including
     * the marked part is cached (Anthropic's and Gemini's {@code cache_control}), for the given
     * time to live. Providers that cache on their own ignore breakpoints.
     */
    public enum CacheBreakpoint {
        /** No breakpoint here. */
        NONE,
        /** A breakpoint kept for five minutes (the default of providers that have one). */
        FIVE_MINUTES,
        /** A breakpoint kept for an hour (costs more to write). */
        ONE_HOUR
    }

    /**
     * One piece of a message's content. Text, images, files and tool results may carry a
     * {@link CacheBreakpoint}; a tool call never does.
     */
    public sealed interface Part {
        /** The cache breakpoint after this part; {@link CacheBreakpoint#NONE} for none. */
        CacheBreakpoint cache();

        /**
         * A copy carrying the given breakpoint; a part that cannot carry one returns itself.
         *
         * @param breakpoint the breakpoint
         * @return the marked part
         */
        Part withCache(CacheBreakpoint breakpoint);

        /**
         * Text.
         *
         * @param text  the text; may be empty
         * @param cache the cache breakpoint after it
         */
        record Text(String text, CacheBreakpoint cache) implements Part {
            /** Checks for nulls. */
            public Text {
                Objects.requireNonNull(text, "text is null");
                Objects.requireNonNull(cache, "cache is null");
            }

            /**
             * Text without a cache breakpoint.
             *
             * @param text the text; may be empty
             */
            public Text(String text) {
                this(text, CacheBreakpoint.NONE);
            }

            @Override
            public Text withCache(CacheBreakpoint breakpoint) {
                return new Text(text, breakpoint);
            }

            /** The length only; the text may be private. */
            @Override
            public String toString() {
                return "Text[" + text.length() + " chars" + (cache == CacheBreakpoint.NONE ? "" : ", " + cache) + "]";
            }
        }

        /**
         * An image the model should look at.
         *
         * @param media where the image is, or its bytes
         * @param cache the cache breakpoint after it
         */
        record Image(Media media, CacheBreakpoint cache) implements Part {
            /** Checks for nulls. */
            public Image {
                Objects.requireNonNull(media, "media is null");
                Objects.requireNonNull(cache, "cache is null");
            }

            /**
             * An image without a cache breakpoint.
             *
             * @param media where the image is, or its bytes
             */
            public Image(Media media) {
                this(media, CacheBreakpoint.NONE);
            }

            @Override
            public Image withCache(CacheBreakpoint breakpoint) {
                return new Image(media, breakpoint);
            }
        }

        /**
         * A file, such as a PDF, for the model to read.
         *
         * @param media    where the file is, or its bytes
         * @param filename the file's name as the model should see it
         * @param cache    the cache breakpoint after it
         */
        record File(Media media, String filename, CacheBreakpoint cache) implements Part {
            /** Checks for nulls and that the filename is not blank. */
            public File {
                Objects.requireNonNull(media, "media is null");
                Checks.requireText(filename, "filename");
                Objects.requireNonNull(cache, "cache is null");
            }

            /**
             * A file without a cache breakpoint.
             *
             * @param media    where the file is, or its bytes
             * @param filename the file's name as the model should see it
             */
            public File(Media media, String filename) {
                this(media, filename, CacheBreakpoint.NONE);
            }

            @Override
            public File withCache(CacheBreakpoint breakpoint) {
                return new File(media, filename, breakpoint);
            }
        }

        /**
         * A tool call the model made, in an assistant message.
         *
         * @param call the call
         */
        record ToolUse(ToolCall call) implements Part {
            /** Checks for null. */
            public ToolUse {
                Objects.requireNonNull(call, "call is null");
            }

            /** Always {@link CacheBreakpoint#NONE}: a tool call cannot carry a breakpoint. */
            @Override
            public CacheBreakpoint cache() {
                return CacheBreakpoint.NONE;
            }

            /** Returns this part: a tool call cannot carry a breakpoint. */
            @Override
            public ToolUse withCache(CacheBreakpoint breakpoint) {
                return this;
            }
        }

        /**
         * The result of a tool call, in a tool message.
         *
         * @param toolCallId the id of the call it answers
         * @param content    the result as text
         * @param cache      the cache breakpoint after it
         */
        record ToolResult(String toolCallId, String content, CacheBreakpoint cache) implements Part {
            /** Checks for nulls and that the id is not blank. */
            public ToolResult {
                Checks.requireText(toolCallId, "toolCallId");
                Objects.requireNonNull(content, "content is null");
                Objects.requireNonNull(cache, "cache is null");
            }

            /**
             * A result without a cache breakpoint.
             *
             * @param toolCallId the id of the call it answers
             * @param content    the result as text
             */
            public ToolResult(String toolCallId, String content) {
                this(toolCallId, content, CacheBreakpoint.NONE);
            }

            @Override
            public ToolResult withCache(CacheBreakpoint breakpoint) {
                return new ToolResult(toolCallId, content, breakpoint);
            }

            /** The id and length only; the result may be private. */
            @Override
            public String toString() {
                return "ToolResult[" + toolCallId + ", " + content.length() + " chars"
                        + (cache == CacheBreakpoint.NONE ? "" : ", " + cache) + "]";
            }
        }
    }

    /**
     * The content of an image or file: a URL (including a {@code data:} URL) or the bytes with
     * their media type. Immutable; the bytes are copied in and out.
     */
    public static final class Media {
        private static final Pattern MEDIA_TYPE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]*/"
                + "[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]*");
        private final URI url;
        private final byte[] data;
        private final String mediaType;

        private Media(URI url, byte[] data, String mediaType) {
            this.url = url;
            this.data = data;
            this.mediaType = mediaType;
        }

        /**
         * Content at a URL the provider fetches (or a {@code data:} URL).
         *
         * @param url an absolute URL
         * @return the media
         */
        public static Media url(URI url) {
            Objects.requireNonNull(url, "url is null");
            if (!url.isAbsolute()) {
                throw new IllegalArgumentException("a media URL must be absolute (https:, data:, ...): " + url);
            }
            return new Media(url, null, null);
        }

        /**
         * Content given as bytes.
         *
         * @param data      the bytes; copied
         * @param mediaType the media type, such as {@code image/png} or {@code application/pdf}
         * @return the media
         */
        public static Media bytes(byte[] data, String mediaType) {
            Objects.requireNonNull(data, "data is null");
            Checks.requireText(mediaType, "mediaType");
            if (!MEDIA_TYPE.matcher(mediaType).matches()) {
                throw new IllegalArgumentException("not a media type (type/subtype, e.g. image/png): " + mediaType);
            }
            return new Media(null, data.clone(), mediaType);
        }

        /** The URL, when the content is given by URL. */
        public Optional<URI> url() {
            return Optional.ofNullable(url);
        }

        /** A copy of the bytes, when the content is given as bytes. */
        public Optional<byte[]> data() {
            return data == null ? Optional.empty() : Optional.of(data.clone());
        }

        /** The media type of content given as bytes. */
        public Optional<String> mediaType() {
            return Optional.ofNullable(mediaType);
        }

        /** The URL as text, or the bytes as a base64 {@code data:} URL. */
        public String asUrl() {
            if (url != null) {
                return url.toString();
            }
            return "data:" + mediaType + ";base64," + Base64.getEncoder().encodeToString(data);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Media that && Objects.equals(url, that.url) && Arrays.equals(data, that.data)
                    && Objects.equals(mediaType, that.mediaType);
        }

        @Override
        public int hashCode() {
            return Objects.hash(url, Arrays.hashCode(data), mediaType);
        }

        /** The URL's scheme or the media type and size; never the content. */
        @Override
        public String toString() {
            return url != null ? "Media[" + url.getScheme() + " URL]" : "Media[" + mediaType + ", " + data.length + " bytes]";
        }
    }

    /**
     * The reasoning of an assistant turn.
     *
     * <p>{@code details} are the provider's reasoning entries (for OpenRouter, the entries of
     * {@code reasoning_details}: text with a signature, summaries, encrypted blobs) as raw JSON
     * objects. Core never reads them: a model that signed its reasoning (Anthropic's thinking
     * blocks, Gemini's thought signatures) needs them back exactly as it sent them to go on
     * with a tool loop, so they are kept as the provider wrote them.
     *
     * @param text    the readable reasoning; empty when the model returned none
     * @param summary a summary of the reasoning; empty when there is none
     * @param details the provider's reasoning entries, each a raw JSON object, in order
     */
    public record Reasoning(String text, String summary, List<String> details) {
        /** Checks for nulls, that each detail is a JSON object's text, and copies the list. */
        public Reasoning {
            Objects.requireNonNull(text, "text is null");
            Objects.requireNonNull(summary, "summary is null");
            details = List.copyOf(details);
            for (String detail : details) {
                String trimmed = detail.strip();
                if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
                    throw new IllegalArgumentException("a reasoning detail must be a JSON object's text; got "
                            + trimmed.length() + " characters starting with "
                            + (trimmed.isEmpty() ? "nothing" : "'" + trimmed.charAt(0) + "'"));
                }
            }
        }

        /**
         * Readable reasoning without details.
         *
         * @param text the reasoning
         * @return the reasoning
         */
        public static Reasoning of(String text) {
            return new Reasoning(text, "", List.of());
        }

        /** Whether there is neither text, summary nor detail. */
        public boolean isEmpty() {
            return text.isEmpty() && summary.isEmpty() && details.isEmpty();
        }

        /** Sizes only: reasoning may be private and details hold signatures. */
        @Override
        public String toString() {
            return "Reasoning[" + text.length() + " chars, " + details.size() + " details]";
        }
    }

    /** Builds a {@link Message}; see the class comment for what each role may hold. */
    public static final class Builder {
        private final Role role;
        private final List<Part> parts = new ArrayList<>();
        private Reasoning reasoning;
        private Map<String, ?> providerMetadata = Map.of();

        private Builder(Role role) {
            this.role = role;
        }

        /**
         * Appends a part.
         *
         * @param part the part
         * @return this builder
         */
        public Builder add(Part part) {
            parts.add(Objects.requireNonNull(part, "part is null"));
            return this;
        }

        /**
         * Appends text.
         *
         * @param text the text
         * @return this builder
         */
        public Builder text(String text) {
            return add(new Part.Text(text));
        }

        /**
         * Appends an image.
         *
         * @param media the image
         * @return this builder
         */
        public Builder image(Media media) {
            return add(new Part.Image(media));
        }

        /**
         * Appends a file.
         *
         * @param media    the file's content
         * @param filename its name
         * @return this builder
         */
        public Builder file(Media media, String filename) {
            return add(new Part.File(media, filename));
        }

        /**
         * Appends a tool call (assistant messages).
         *
         * @param call the call
         * @return this builder
         */
        public Builder toolCall(ToolCall call) {
            return add(new Part.ToolUse(call));
        }

        /**
         * Appends a tool result (tool messages).
         *
         * @param toolCallId the id of the call it answers
         * @param content    the result
         * @return this builder
         */
        public Builder toolResult(String toolCallId, String content) {
            return add(new Part.ToolResult(toolCallId, content));
        }

        /**
         * Marks the last part added so far as a cache breakpoint.
         *
         * @param breakpoint the breakpoint
         * @return this builder
         * @throws IllegalStateException when there is no part yet, or the last is a tool call
         */
        public Builder cacheBreakpoint(CacheBreakpoint breakpoint) {
            Objects.requireNonNull(breakpoint, "breakpoint is null");
            if (parts.isEmpty() || parts.get(parts.size() - 1) instanceof Part.ToolUse) {
                throw new IllegalStateException("a cache breakpoint follows a text, image, file or tool result part;"
                        + " add one first");
            }
            parts.set(parts.size() - 1, parts.get(parts.size() - 1).withCache(breakpoint));
            return this;
        }

        /**
         * The reasoning of an assistant turn.
         *
         * @param reasoning the reasoning, as the previous answer returned it
         * @return this builder
         */
        public Builder reasoning(Reasoning reasoning) {
            this.reasoning = Objects.requireNonNull(reasoning, "reasoning is null");
            return this;
        }

        /**
         * Provider-specific fields to keep with the message; replaces earlier ones.
         *
         * @param metadata JSON-like values
         * @return this builder
         */
        public Builder providerMetadata(Map<String, ?> metadata) {
            this.providerMetadata = JsonValues.copyOf(metadata);
            return this;
        }

        /**
         * Creates the message.
         *
         * @return the message
         * @throws IllegalArgumentException when a part does not fit the role, or a message other
         *                                  than an assistant's has no part
         */
        public Message build() {
            return new Message(role, parts, reasoning, JsonValues.copyOf(providerMetadata));
        }
    }
}
