package dev.creor.agents;

/** Which setting decided an agent's model, from the strongest to the weakest. */
public enum ModelSource {
    /** A {@code --model} flag or an explicit model given by the embedding program. */
    OVERRIDE,
    /** The agent's own {@code agent.<name>.model}. */
    AGENT,
    /** The config's top-level {@code model}. */
    TOP_LEVEL,
    /** Creor's built-in default, {@link AgentCatalog#DEFAULT_MODEL}. */
    DEFAULT
}
