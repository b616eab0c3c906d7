package dev.creor.benchmarks.load;

import java.util.concurrent.CompletableFuture;

/**
 * One way of asking the sandbox the benchmark's question: the baseline (plain Vert.x), Creor, or a
 * peer library. All ask the same model the same question and read the whole answer; each is built
 * with a connection limit of the harness's choosing, so that none queues where another would not.
 */
public interface LoadClient extends AutoCloseable {
    /** What a request is. */
    enum Kind {
        /** {@code stream: false}: one JSON answer. */
        JSON,
        /** {@code stream: true}: server-sent events to {@code [DONE]}. */
        STREAM
    }

    /** The name the harness's options and results use, e.g. {@code creor} or {@code openai-sdk}. */
    String name();

    /** What it is, with the versions of what it runs on, for the report. */
    String description();

    /**
     * Sends one request for {@link BenchWorkspace#MODEL} and reads the whole answer. Completes with the
     * {@link System#nanoTime()} at which the first token arrived (streams) or 0 (JSON), or exceptionally
     * when the answer is not the expected one.
     */
    default CompletableFuture<Long> send(Kind kind) {
        if (kind == Kind.JSON) {
            return chat();
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        stream(BenchWorkspace.MODEL, new StreamListener() {
            private volatile long firstToken;

            @Override
            public void onText() {
                if (firstToken == 0) {
                    firstToken = System.nanoTime();
                }
            }

            @Override
            public void onCompleted() {
                done.complete(firstToken);
            }

            @Override
            public void onFailed(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    /** One JSON request for {@link BenchWorkspace#MODEL}; completes with 0 once the answer is read and checked. */
    CompletableFuture<Long> chat();

    /**
     * Starts a stream of {@code model}'s answer to {@link BenchWorkspace#PROMPT}, reporting to {@code listener}
     * from whatever thread the client reads on, and returns the means to cancel it.
     */
    StreamCall stream(String model, StreamListener listener);

    /**
     * How a cancel takes effect: {@code immediate} when the client can abandon a stream at any moment,
     * otherwise what it has to wait for (the report shows it).
     */
    default String cancellation() {
        return "immediate";
    }

    /** Closes the client and everything it started. */
    @Override
    void close();
}
