package dev.creor.benchmarks.load;

import dev.creor.benchmarks.Args;
import dev.creor.benchmarks.Clients;
import dev.creor.benchmarks.ResultFile;
import dev.creor.benchmarks.sandbox.SandboxProcess;
import dev.creor.core.ModelRef;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Many concurrent streams through one client ({@code --client}, Creor by default; run once per
 * client, each in a JVM of its own): {@code --streams} (10,000) requests are started at once against
 * a sandbox model that drips {@code --chunks} chunks {@code --drip-ms} apart, so that all of them are
 * open together. Every stream must complete with every chunk; the heap, direct memory and thread
 * count of the client JVM are reported against a baseline taken after a warm-up, and the threads the
 * client leaves behind after {@code close()}.
 */
public final class ConcurrencyBenchmark {
    /** The sandbox model scripted to drip. */
    static final String MODEL = "openai/gpt-4o";

    private ConcurrencyBenchmark() {
    }

    /** Runs the benchmark and writes {@code concurrency-<client>-<streams>.json}. */
    public static Path run(Args args, String command) throws InterruptedException {
        String client = Clients.parse(args.text("client", "creor")).get(0);
        int streams = args.integer("streams", 10_000);
        int chunks = args.integer("chunks", 20);
        Duration drip = args.millis("drip-ms", Duration.ofMillis(250));
        int warmup = args.integer("warmup-streams", 2_000);
        Path out = args.path("out", Path.of("benchmarks/target/results"));
        // How long to wait for connections and threads to go once they should: a client that leaks waits it out.
        Duration settle = args.millis("settle-ms", Duration.ofSeconds(30));
        args.requireAllRead();
        Duration afterClose = settle.compareTo(Duration.ofSeconds(10)) < 0 ? settle : Duration.ofSeconds(10);
        Duration threadGrace = settle.compareTo(Duration.ofSeconds(5)) < 0 ? settle : Duration.ofSeconds(5);

        ResultFile result = new ResultFile("concurrency-" + client + "-" + streams, command)
                .put("client", client);
        Map<String, Object> script = Map.of("chunks", chunks, "dripEveryMs", drip.toMillis());
        List<String> threadsLeft;
        try (SandboxProcess sandbox = SandboxProcess.start(Map.of(MODEL, script));
             BenchWorkspace workspace = BenchWorkspace.create()) {
            Set<Long> threadsBeforeClient = JvmProbe.threadIds();
            LoadClient measured = Clients.open(client, sandbox.baseUrl(), sandbox.apiKey().reveal(), streams + 100,
                    workspace);
            try {
                result.put("description", measured.description());
                log(measured.description() + ": warming up with " + warmup + " streams");
                warmUp(measured, warmup);

                long liveHeapBefore = JvmProbe.liveHeap();
                int threadsBefore = JvmProbe.threads();
                StreamTracker tracker = new StreamTracker(streams);
                Map<String, Object> atFullConcurrency = new LinkedHashMap<>();
                long launched;
                long allStartedAt = 0;
                long start = System.nanoTime();
                try (PeakSampler sampler = new PeakSampler(tracker::open)) {
                    for (int i = 0; i < streams; i++) {
                        tracker.start(measured, MODEL, -1);
                    }
                    launched = System.nanoTime() - start;
                    log("started " + streams + " streams in " + TimeUnit.NANOSECONDS.toMillis(launched) + " ms");
                    Duration streamLength = drip.multipliedBy(chunks);
                    if (tracker.awaitAllStarted(streamLength.plusSeconds(60))) {
                        allStartedAt = System.nanoTime() - start;
                        atFullConcurrency.put("openStreams", tracker.open());
                        atFullConcurrency.put("sandboxOpenConnections", sandbox.openConnections());
                        atFullConcurrency.put("threads", JvmProbe.threads() - 1);
                        atFullConcurrency.put("liveHeapMiB", PeakSampler.mib(JvmProbe.liveHeap()));
                        atFullConcurrency.put("directMemoryMiB", PeakSampler.mib(JvmProbe.directMemoryUsed()));
                        log("at full concurrency: " + atFullConcurrency);
                    }
                    if (!tracker.awaitAllEnded(streamLength.plusSeconds(120))) {
                        throw new IllegalStateException((streams - tracker.completed() - tracker.failed())
                                + " streams did not end");
                    }
                    long elapsed = System.nanoTime() - start;
                    result.put("streams", streams)
                            .put("chunksPerStream", chunks)
                            .put("dripMillis", drip.toMillis())
                            .put("warmupStreams", warmup)
                            .put("completed", tracker.completed())
                            .put("failed", tracker.failed())
                            .put("firstFailure", tracker.firstFailure())
                            .put("textDeltas", tracker.textDeltas())
                            .put("expectedTextDeltas", (long) streams * chunks)
                            .put("peakOpenStreams", tracker.peakOpen())
                            .put("launchMillis", TimeUnit.NANOSECONDS.toMillis(launched))
                            .put("allStartedMillis", TimeUnit.NANOSECONDS.toMillis(allStartedAt))
                            .put("totalMillis", TimeUnit.NANOSECONDS.toMillis(elapsed))
                            .put("atFullConcurrency", atFullConcurrency)
                            .put("peaks", sampler.peaks())
                            .put("heapMaxMiB", PeakSampler.mib(JvmProbe.heapMax()))
                            .put("liveHeapBeforeMiB", PeakSampler.mib(liveHeapBefore))
                            .put("threadsBefore", threadsBefore)
                            .put("threadsAfter", JvmProbe.threads() - 1);
                }
                log("completed " + tracker.completed() + ", failed " + tracker.failed() + " (" + tracker.firstFailure() + ")");
            } finally {
                measured.close();
            }
            result.put("threadsRightAfterClose", JvmProbe.threadsStartedSince(threadsBeforeClient, Duration.ZERO));
            threadsLeft = JvmProbe.threadsStartedSince(threadsBeforeClient, threadGrace);
            result.put("sandboxOpenConnectionsAfterClose", sandbox.awaitOpenConnections(0, afterClose));
        }
        return result.put("threadsAfterClose", threadsLeft).write(out);
    }

    /** Loads the classes and starts the threads the measured run will use: streams in waves of 200. */
    static void warmUp(LoadClient client, int streams) throws InterruptedException {
        for (int done = 0; done < streams; done += 200) {
            StreamTracker wave = new StreamTracker(Math.min(200, streams - done));
            for (int i = 0; i < Math.min(200, streams - done); i++) {
                wave.start(client, BenchWorkspace.MODEL, -1);
            }
            if (!wave.awaitAllEnded(Duration.ofSeconds(60)) || wave.failed() > 0) {
                throw new IllegalStateException("the warm-up failed: " + wave.firstFailure());
            }
        }
    }

    static void log(String message) {
        System.err.println("[concurrency] " + message);
    }
}
