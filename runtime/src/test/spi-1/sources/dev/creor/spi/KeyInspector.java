package dev.creor.spi;

import dev.creor.core.Secret;
import java.util.concurrent.CompletionStage;

/** Asks a provider about a key, to verify it and show its limits. */
@FunctionalInterface
public interface KeyInspector {

    /**
     * What the provider knows about the key. Completes exceptionally with a
     * {@link dev.creor.core.CreorException} of code {@code AUTH_INVALID} when the provider
     * rejects the key, and with another code when it cannot be asked.
     */
    CompletionStage<KeyInfo> inspect(Secret key);
}
