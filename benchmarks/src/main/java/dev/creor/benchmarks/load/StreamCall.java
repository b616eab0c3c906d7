package dev.creor.benchmarks.load;

/** A stream a {@link LoadClient} started. */
public interface StreamCall {
    /**
     * Abandons the stream: the client should close or reset its connection, so the server stops
     * writing. Safe from any thread, at any time, more than once; nothing is reported after it.
     */
    void cancel();
}
