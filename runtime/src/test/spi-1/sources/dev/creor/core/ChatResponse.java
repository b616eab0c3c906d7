package dev.creor.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A complete answer: its text, reasoning and tool calls, plus {@link ResponseMetadata}.
 *
 * @param text      the answer's text; empty when the model only called tools
 * @param reasoning the model's returned reasoning; empty when there is none
 * @param toolCalls the tools the model called, in order
 * @param metadata  finish reason, usage, served model, upstream provider, generation id, route
 */
public record ChatResponse(String text, String reasoning, List<ToolCall> toolCalls, ResponseMetadata metadata) {
    /** Checks for nulls and copies the tool calls. */
    public ChatResponse {
        Objects.requireNonNull(text, "text is null");
        Objects.requireNonNull(reasoning, "reasoning is null");
        toolCalls = List.copyOf(toolCalls);
        Objects.requireNonNull(metadata, "metadata is null");
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
        return new ChatResponse(text, reasoning, toolCalls, newMetadata);
    }

    /** The metadata and sizes; never the text, which may be private. */
    @Override
    public String toString() {
        return "ChatResponse[" + text.length() + " chars, " + toolCalls.size() + " tool calls, " + metadata + "]";
    }
}
