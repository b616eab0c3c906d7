package dev.creor.spi;

import dev.creor.core.Secret;
import java.net.URI;
import java.util.Map;

/** A started sandbox; {@link #close()} stops it and frees its port. */
public interface RunningSandbox extends AutoCloseable {

    /** The base URL to put in the provider's {@code options.baseURL}. */
    URI baseUrl();

    /** A key the sandbox accepts. */
    Secret apiKey();

    /**
     * Everything to put in the provider's {@code options} so that it talks to this sandbox,
     * without the key.
     */
    Map<String, Object> providerOptions();

    /** Stops the sandbox; waits until its port is closed. Safe to call twice. */
    @Override
    void close();
}
