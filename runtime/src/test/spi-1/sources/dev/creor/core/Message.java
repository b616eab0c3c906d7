package dev.creor.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One turn of a conversation.
 *
 * <p>Create messages with the factory for their role: {@link #system}, {@link #user},
 * {@link #assistant} (optionally with the tool calls the model made) and {@link #tool} (the
 * result of a call). Instances are immutable.
 */
public final class Message {
    private final Role role;
    private final String text;
    private final List<ToolCall> toolCalls;
    private final String toolCallId;

    private Message(Role role, String text, List<ToolCall> toolCalls, String toolCallId) {
        this.role = role;
        this.text = Objects.requireNonNull(text, "text is null");
        this.toolCalls = List.copyOf(toolCalls);
        this.toolCallId = toolCallId;
    }

    /** Instructions for the assistant. */
    public static Message system(String text) {
        return new Message(Role.SYSTEM, text, List.of(), null);
    }

    /** A question or instruction from the user. */
    public static Message user(String text) {
        return new Message(Role.USER, text, List.of(), null);
    }

    /** An earlier answer of the model. */
    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, text, List.of(), null);
    }

    /** An earlier answer of the model that called tools; the text may be empty. */
    public static Message assistant(String text, List<ToolCall> toolCalls) {
        return new Message(Role.ASSISTANT, text, Objects.requireNonNull(toolCalls, "toolCalls is null"), null);
    }

    /** The result of the tool call with the given id. */
    public static Message tool(String toolCallId, String result) {
        return new Message(Role.TOOL, result, List.of(), Checks.requireText(toolCallId, "toolCallId"));
    }

    /** Who wrote this message. */
    public Role role() {
        return role;
    }

    /** The message's text; empty for an assistant turn that only called tools. */
    public String text() {
        return text;
    }

    /** The tool calls of an assistant turn; empty for every other message. */
    public List<ToolCall> toolCalls() {
        return toolCalls;
    }

    /** For a {@link Role#TOOL} message, the id of the call it answers. */
    public Optional<String> toolCallId() {
        return Optional.ofNullable(toolCallId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Message message
                && role == message.role
                && text.equals(message.text)
                && toolCalls.equals(message.toolCalls)
                && Objects.equals(toolCallId, message.toolCallId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, text, toolCalls, toolCallId);
    }

    /** The role and the text's length; never the text, which may be private. */
    @Override
    public String toString() {
        return "Message[" + role + ", " + text.length() + " chars"
                + (toolCalls.isEmpty() ? "" : ", " + toolCalls.size() + " tool calls")
                + (toolCallId == null ? "" : ", answers " + toolCallId) + "]";
    }
}
