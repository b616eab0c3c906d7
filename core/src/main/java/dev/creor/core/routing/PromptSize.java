package dev.creor.core.routing;

import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ToolCall;

/**
 * A cheap, conservative estimate of a request's prompt tokens, to refuse a prompt that cannot
 * fit a model's context window before it is sent.
 *
 * <p>The estimate is a token per four characters (UTF-16 code units) of the messages' text and
 * tool calls. Four characters per token is the usual rule of thumb for English prose with
 * byte-pair tokenizers; code, JSON, numbers and text in most other languages give more tokens
 * per character, and tool definitions, message framing and images are not counted at all. So
 * the estimate is nearly always lower than the real count: a prompt it refuses is over the
 * window in practice, and one it lets through may still be refused by the provider (which is
 * mapped to the same {@link dev.creor.core.ErrorCode#CONTEXT_TOO_LONG}). Characters rather than
 * UTF-8 bytes because a multi-byte character is rarely less than a token, and counting it as up
 * to one would overestimate nothing. It costs one pass over the message strings' lengths.
 */
final class PromptSize {
    /** Characters per token the estimate assumes. */
    static final int CHARACTERS_PER_TOKEN = 4;

    private PromptSize() {
    }

    /** The characters the estimate counts. */
    static long characters(ChatRequest request) {
        long characters = 0;
        for (Message message : request.messages()) {
            characters += message.text().length();
            for (ToolCall call : message.toolCalls()) {
                characters += call.name().length() + call.arguments().length();
            }
        }
        return characters;
    }

    /** The estimated prompt tokens of that many characters. */
    static long tokens(long characters) {
        return characters / CHARACTERS_PER_TOKEN;
    }
}
