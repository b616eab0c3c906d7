package dev.creor.provider.openrouter.internal;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ToolCall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a whole (non-streamed) OpenRouter answer into a {@link ChatResponse}. */
final class ChatResponseMapper {
    private final OpenRouterErrors errors;

    ChatResponseMapper(OpenRouterErrors errors) {
        this.errors = errors;
    }

    /**
     * Maps the body of an HTTP 200 answer.
     *
     * @throws CreorException for an answer that carries an {@code error} (classified by its code),
     *                        that reports {@code finish_reason: "error"}, or that is malformed
     */
    ChatResponse map(byte[] body, int httpStatus, ModelRef requested) {
        Wire.Completion completion;
        try {
            completion = Json.read(body, Wire.Completion.class);
        } catch (IOException e) {
            throw errors.malformed(requested.model(), "the body is not a chat completion: " + Json.problem(e));
        }
        if (completion == null) {
            throw errors.malformed(requested.model(), "the body is empty");
        }
        return map(completion, httpStatus, requested);
    }

    ChatResponse map(Wire.Completion completion, int httpStatus, ModelRef requested) {
        // An error wins over everything: a 200 answer may carry one instead of choices.
        if (completion.error() != null && completion.error().isObject()) {
            throw errors.fromErrorObject(completion.error(), httpStatus, Optional.empty(), requested.model(),
                    OpenRouterErrors.Source.BODY_OF_200);
        }
        if (completion.choices() == null || completion.choices().isEmpty()) {
            throw errors.malformed(requested.model(), "it has neither choices nor an error");
        }
        Wire.Choice choice = completion.choices().get(0);
        if (choice == null) {
            throw errors.malformed(requested.model(), "its first choice is JSON null");
        }
        if (choice.error() != null && choice.error().isObject()) {
            throw errors.fromErrorObject(choice.error(), httpStatus, Optional.empty(), requested.model(),
                    OpenRouterErrors.Source.BODY_OF_200);
        }
        FinishReason finishReason = ResponseMapping.finishReason(choice.finishReason());
        if (finishReason == FinishReason.ERROR) {
            throw generationFailed(requested.model(), completion.provider());
        }
        Wire.Message message = choice.message() != null ? choice.message() : choice.delta();
        if (message == null) {
            throw errors.malformed(requested.model(), "its first choice has no message");
        }
        List<ToolCall> toolCalls = new ArrayList<>();
        if (message.toolCalls() != null) {
            for (int i = 0; i < message.toolCalls().size(); i++) {
                toolCalls.add(toolCall(message.toolCalls().get(i), i, requested));
            }
        }
        Message.Reasoning reasoning = new Message.Reasoning(message.reasoning() == null ? "" : message.reasoning(),
                ResponseMapping.reasoningSummary(message.reasoningDetails()),
                ResponseMapping.reasoningDetails(message.reasoningDetails()));
        Message assistant = ChatResponse.assistantMessage(ResponseMapping.text(message.content()), reasoning, toolCalls);
        Map<String, Object> metadata = ResponseMapping.metadataOf(message.annotations());
        if (!metadata.isEmpty()) {
            assistant = assistant.toBuilder().providerMetadata(metadata).build();
        }
        return new ChatResponse(assistant, ResponseMapping.citations(message.annotations()),
                ResponseMapping.metadata(requested, completion.model(), completion.provider(), completion.id(),
                        finishReason, ResponseMapping.usage(completion.usage())));
    }

    /** {@code finish_reason: "error"} without an error object: the upstream failed while generating. */
    static CreorException generationFailed(String what, String upstream) {
        CreorException.Builder builder = CreorException.builder(ErrorCode.PROVIDER_UNAVAILABLE,
                        "the upstream provider reported an error while " + what + " was answering"
                                + " (finish reason \"error\")")
                .hint("this is usually temporary; try again, or configure fallback models");
        if (upstream != null && !upstream.isBlank()) {
            builder.upstreamProvider(upstream);
        }
        return builder.build();
    }

    private ToolCall toolCall(Wire.ToolCall wire, int position, ModelRef requested) {
        String name = wire.function() == null ? null : wire.function().name();
        if (name == null || name.isBlank()) {
            throw errors.malformed(requested.model(), "tool call " + position + " has no function name");
        }
        String id = wire.id() == null || wire.id().isBlank() ? "call_" + position : wire.id();
        return new ToolCall(id, name, ResponseMapping.arguments(wire.function().arguments()));
    }
}
