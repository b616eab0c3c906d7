package dev.creor.core;

/** Who wrote a {@link Message}. */
public enum Role {
    /** Instructions that set the assistant's behaviour. */
    SYSTEM,
    /** The person (or program) asking. */
    USER,
    /** The model's own earlier answers, including the tool calls it made. */
    ASSISTANT,
    /** The result of a tool call, answering the call with the same id. */
    TOOL
}
