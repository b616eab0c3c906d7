package dev.creor.testkit;

import java.time.Duration;

/**
 * What the backend knows about the connections the provider under test keeps open to it. The
 * contract suite uses it to check that cancelling a stream closes its connection and that
 * {@code close()} releases them all.
 *
 * <p>Count only the provider's connections to the backend. Between tests, after the previous
 * provider was closed, the count must fall to zero.
 */
public interface OpenConnections {

    /** How many connections are open now. */
    int count();

    /**
     * Waits until exactly {@code expected} connections are open.
     *
     * @throws RuntimeException (any kind) when that does not happen within {@code timeout}
     */
    void awaitCount(int expected, Duration timeout);
}
