package dev.creor.spi;

import dev.creor.core.ChatModel;
import dev.creor.core.ModelCatalog;
import java.util.Optional;

/**
 * A created provider: its chat model, its catalog and, optionally, a way to inspect keys.
 *
 * <p>{@link #close()} releases everything the provider holds (connections, threads it
 * started, files it keeps open). Creor closes every provider when its runtime closes; after
 * that, the chat model and catalog need not work.
 */
public interface Provider extends AutoCloseable {

    /** Answers chat requests whose model belongs to this provider. */
    ChatModel chatModel();

    /** The models this provider offers. */
    ModelCatalog catalog();

    /** Looks up what the provider knows about a key, when it offers such a call. */
    default Optional<KeyInspector> keyInspector() {
        return Optional.empty();
    }

    /** Releases every resource; must not throw and must be safe to call twice. */
    @Override
    void close();
}
