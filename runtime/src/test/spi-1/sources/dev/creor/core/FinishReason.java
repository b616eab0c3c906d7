package dev.creor.core;

/** Why the model stopped writing. */
public enum FinishReason {
    /** It finished its answer or reached a stop sequence. */
    STOP,
    /** It reached the token limit; the answer is cut off. */
    LENGTH,
    /** It stopped to let the caller run the tools it called. */
    TOOL_CALLS,
    /** A content filter removed or stopped the answer. */
    CONTENT_FILTER,
    /** The provider reported an error while generating. */
    ERROR,
    /** The provider did not say. */
    UNKNOWN
}
