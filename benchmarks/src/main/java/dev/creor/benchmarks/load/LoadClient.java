package dev.creor.benchmarks.load;

import java.util.concurrent.CompletableFuture;

/**
 * One way of asking the sandbox the benchmark's question: the baseline (plain Vert.x) or Creor.
 * Both ask the same model the same question and read the whole answer.
 */
interface LoadClient extends AutoCloseable {
    /** What a request is. */
    enum Kind {
        /** {@code stream: false}: one JSON answer. */
        JSON,
        /** {@code stream: true}: server-sent events to {@code [DONE]}. */
        STREAM
    }

    /** {@code baseline} or {@code creor}. */
    String name();

    /**
     * Sends one request and reads the whole answer. Completes with the {@link System#nanoTime()}
     * at which the first token arrived (streams) or 0 (JSON), or exceptionally when the answer
     * is not the expected one.
     */
    CompletableFuture<Long> send(Kind kind);

    @Override
    void close();
}
