package dev.creor.config.internal;

/**
 * A JSON value read from a config source, remembering where it starts. Unlike a JSON library's
 * tree, every value of a merged document still knows the source, line and column it came from.
 */
public sealed interface Node permits ObjectNode, ArrayNode, StringNode, NumberNode, BooleanNode, NullNode {

    /** Where the value starts. */
    Position position();

    /** "an object", "a string", ... for messages. */
    String kind();
}
