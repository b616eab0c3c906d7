package dev.creor.core.chat;

import dev.creor.core.ModelRef;
import dev.creor.core.RouteReport;
import dev.creor.core.internal.Checks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A complete answer: the assistant {@link Message} (text, tool calls and reasoning, ready to
 * append to the conversation for the next turn), the sources it cited, and
 * {@link ResponseMetadata}.
 *
 * @param message   the answer as an assistant message
 * @param citations the sources the answer cites (e.g. a web search's results), in order
 * @param metadata  finish reason, usage, served model, upstream provider, generation id, route
 */
public record ChatResponse(Message message, List<Citation> citations, ResponseMetadata metadata) {
    /** Checks for nulls, that the message is an assistant's, and copies the citations. */
    public ChatResponse {
        Objects.requireNonNull(message, "message is null");
        if (message.role() != Role.ASSISTANT) {
            throw new IllegalArgumentException("an answer is an assistant message, not " + message.role());
        }
        citations = List.copyOf(citations);
        Objects.requireNonNull(metadata, "metadata is null");
    }

    /**
     * An answer without reasoning details or citations.
     *
     * @param text      the answer's text; empty when the model only called tools
     * @param reasoning the model's returned reasoning; empty when there is none
     * @param toolCalls the tools the model called, in order
     * @param metadata  finish reason, usage, served model, upstream provider, generation id, route
     */
    public ChatResponse(String text, String reasoning, List<ToolCall> toolCalls, ResponseMetadata metadata) {
        this(assistantMessage(text, Message.Reasoning.of(Objects.requireNonNull(reasoning, "reasoning is null")),
                toolCalls), List.of(), metadata);
    }

    /**
     * The assistant message of an answer.
     *
     * @param text      the text; empty when the model only called tools
     * @param reasoning the reasoning; left out of the message when empty
     * @param toolCalls the tool calls, in order
     * @return the message
     */
    public static Message assistantMessage(String text, Message.Reasoning reasoning, List<ToolCall> toolCalls) {
        Message plain = Message.assistant(text, toolCalls);
        return reasoning.isEmpty() ? plain : plain.toBuilder().reasoning(reasoning).build();
    }

    /** The answer's text; empty when the model only called tools. */
    public String text() {
        return message.text();
    }

    /** The model's returned reasoning text; empty when there is none. */
    public String reasoning() {
        return message.reasoning().map(Message.Reasoning::text).orElse("");
    }

    /** The tools the model called, in order. */
    public List<ToolCall> toolCalls() {
        return message.toolCalls();
    }

    /** Why the model stopped writing. */
    public FinishReason finishReason() {
        return metadata.finishReason();
    }

    /** Tokens used and cost. */
    public Usage usage() {
        return metadata.usage();
    }

    /** The model that answered. */
    public ModelRef servedModel() {
        return metadata.servedModel();
    }

    /** The upstream provider behind an aggregator. */
    public Optional<String> upstreamProvider() {
        return metadata.upstreamProvider();
    }

    /** The route the request took. */
    public RouteReport route() {
        return metadata.route();
    }

    /** A copy with other metadata, e.g. with the router's route report added. */
    public ChatResponse withMetadata(ResponseMetadata newMetadata) {
        return new ChatResponse(message, citations, newMetadata);
    }

    /** The metadata and sizes; never the text, which may be private. */
    @Override
    public String toString() {
        return "ChatResponse[" + text().length() + " chars, " + toolCalls().size() + " tool calls, "
                + (citations.isEmpty() ? "" : citations.size() + " citations, ") + metadata + "]";
    }

    /**
     * A source the answer cites, such as a web page found by a web search.
     *
     * @param url        the source's URL
     * @param title      its title; empty when not known
     * @param content    the cited excerpt; empty when not given
     * @param startIndex where the citing passage starts in the answer's text, in chars; 0 when not given
     * @param endIndex   where it ends (exclusive); 0 when not given
     */
    public record Citation(String url, String title, String content, int startIndex, int endIndex) {
        /** Checks for nulls and blank URLs, and that the indexes are ordered and non-negative. */
        public Citation {
            Checks.requireText(url, "url");
            Objects.requireNonNull(title, "title is null");
            Objects.requireNonNull(content, "content is null");
            if (startIndex < 0 || endIndex < startIndex) {
                throw new IllegalArgumentException("a citation spans chars " + startIndex + " to " + endIndex
                        + "; they must be non-negative and in order");
            }
        }
    }
}
