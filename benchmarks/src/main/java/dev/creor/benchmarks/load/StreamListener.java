package dev.creor.benchmarks.load;

/** What a {@link LoadClient} tells about one stream, from whatever thread reads it. */
public interface StreamListener {
    /**
     * A piece of the answer's text arrived. Clients that parse call it once per text delta; the
     * baseline, which does not parse, once per buffer read.
     */
    void onText();

    /** The stream ended normally ({@code [DONE]}, or the library's own end of a complete answer). */
    void onCompleted();

    /** The stream failed. */
    void onFailed(Throwable error);
}
