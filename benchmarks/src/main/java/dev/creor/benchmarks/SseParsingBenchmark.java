package dev.creor.benchmarks;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.provider.openrouter.internal.StreamReadPath;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The adapter's streaming read path, without the network: the {@link RecordedStream} body fed,
 * in pieces, to a fresh {@link StreamReadPath} per stream, exactly as the adapter's HTTP session
 * does for each socket read: SSE framing, full JSON decoding of every chunk into OpenRouter's
 * wire records, and mapping to {@link ChatEvent}s. The adapter offers that path as a seam, so
 * this benchmark lives in its own package.
 *
 * <p>One operation is one whole stream; {@code chunks/s = ops/s × JSON chunks per stream}.
 * {@code split} decides the pieces: {@code random} cuts the body into pieces of 1 to 256 bytes
 * at random (inside lines, JSON strings and multi-byte UTF-8 characters), a different cut for
 * each of 16 streams in turn; {@code events} gives one piece per SSE event, as a server that
 * flushes each event usually arrives.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SseParsingBenchmark {
    private static final int PATTERNS = 16;
    private static final int LARGEST_EVENT = 16 * 1024 * 1024;

    @Param({"random", "events"})
    public String split;

    private final ModelRef requested = ModelRef.parse("openrouter/anthropic/claude-sonnet-4");
    private Buffer[][] patterns;
    private int next;

    @Setup(Level.Trial)
    public void cut() {
        byte[] body = RecordedStream.bytes();
        patterns = new Buffer[PATTERNS][];
        SplittableRandom random = new SplittableRandom(20_260_101);
        for (int p = 0; p < PATTERNS; p++) {
            patterns[p] = split.equals("events") ? perEvent(body) : randomPieces(body, random);
        }
    }

    /** Parses and decodes one whole stream; fails if it did not end with {@code Completed}. */
    @Benchmark
    public void parseAndDecode(Blackhole events) {
        Buffer[] pieces = patterns[next++ & (PATTERNS - 1)];
        StreamReadPath stream = StreamReadPath.decoding(requested, LARGEST_EVENT, events::consume);
        for (Buffer piece : pieces) {
            stream.feed(piece);
        }
        stream.end();
        if (!stream.completed()) {
            throw new IllegalStateException("the recorded stream did not complete");
        }
    }

    /** SSE framing alone: the same pieces, each event's data handed on undecoded. */
    @Benchmark
    public void frameOnly(Blackhole data) {
        Buffer[] pieces = patterns[next++ & (PATTERNS - 1)];
        StreamReadPath stream = StreamReadPath.framingOnly(LARGEST_EVENT, data::consume);
        for (Buffer piece : pieces) {
            stream.feed(piece);
        }
        stream.end();
    }

    /** The body cut into pieces of 1 to 256 bytes. */
    public static Buffer[] randomPieces(byte[] body, SplittableRandom random) {
        List<Buffer> pieces = new ArrayList<>();
        for (int offset = 0; offset < body.length; ) {
            int length = Math.min(body.length - offset, 1 + random.nextInt(256));
            pieces.add(Buffer.buffer().appendBytes(body, offset, length));
            offset += length;
        }
        return pieces.toArray(Buffer[]::new);
    }

    /** The body cut after each blank line: one piece per event or comment. */
    public static Buffer[] perEvent(byte[] body) {
        List<Buffer> pieces = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < body.length; i++) {
            if (body[i] == '\n' && body[i - 1] == '\n') {
                pieces.add(Buffer.buffer().appendBytes(body, start, i + 1 - start));
                start = i + 1;
            }
        }
        if (start < body.length) {
            pieces.add(Buffer.buffer().appendBytes(body, start, body.length - start));
        }
        return pieces.toArray(Buffer[]::new);
    }
}
