package dev.creor.spi;

/** Something a provider can do beyond plain chat, as declared in its {@link ProviderDescriptor}. */
public enum Capability {
    /** Streams answers as they are written (otherwise a stream carries one whole answer). */
    STREAMING,
    /** Passes tools to models and returns their tool calls. */
    TOOLS,
    /** Returns models' reasoning. */
    REASONING,
    /**
     * Tries same-provider fallback models itself, within one request (like OpenRouter's
     * {@code models} list). The router then hands it the fallbacks instead of trying them one by one.
     */
    NATIVE_FALLBACKS,
    /** Has a model catalog worth listing (otherwise the catalog may be empty). */
    MODEL_CATALOG,
    /** Can tell about a key: its label, limit and remaining credit. */
    KEY_INFO
}
