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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A cancellation storm through one client ({@code --client}, Creor by default; run once per client,
 * each in a JVM of its own): {@code --streams} (10,000) streams started at once, each cancelled at a
 * random point before its end. Half cancel from the thread that delivers their k-th text event (k
 * uniform in 0..chunks, 0 meaning right after the request was started, before any byte has come
 * back); half from another thread after a random delay (uniform below {@code --cancel-within-ms},
 * shorter than a stream), which lands anywhere: while connecting, before the headers, between chunks.
 * Afterwards the sandbox should count no answer in flight and no connection beyond those a client
 * keeps idle after a complete answer, and the client JVM as many threads as before the storm; after
 * {@code close()}, none of the client's.
 */
public final class CancellationStorm {
    /** The sandbox model scripted to drip. */
    static final String MODEL = "anthropic/claude-sonnet-4";

    private CancellationStorm() {
    }

    /** Runs the storm and writes {@code cancellation-<client>-<streams>.json}. */
    public static Path run(Args args, String command) throws InterruptedException {
        String client = Clients.parse(args.text("client", "creor")).get(0);
        int streams = args.integer("streams", 10_000);
        int chunks = args.integer("chunks", 50);
        Duration drip = args.millis("drip-ms", Duration.ofMillis(20));
        Duration cancelWithin = args.millis("cancel-within-ms", Duration.ofMillis(800));
        int warmup = args.integer("warmup-streams", 1_000);
        Path out = args.path("out", Path.of("benchmarks/target/results"));
        // How long to wait for connections and threads to go once they should: a client that leaks waits it out.
        Duration settle = args.millis("settle-ms", Duration.ofSeconds(30));
        args.requireAllRead();
        Duration afterClose = settle.compareTo(Duration.ofSeconds(10)) < 0 ? settle : Duration.ofSeconds(10);
        Duration threadGrace = settle.compareTo(Duration.ofSeconds(5)) < 0 ? settle : Duration.ofSeconds(5);
        if (cancelWithin.compareTo(drip.multipliedBy(chunks - 1)) >= 0) {
            throw new IllegalArgumentException("--cancel-within-ms must be shorter than a stream ("
                    + drip.multipliedBy(chunks - 1).toMillis() + " ms), so that every cancel lands before the end");
        }

        ResultFile result = new ResultFile("cancellation-" + client + "-" + streams, command).put("client", client);
        Map<String, Object> script = Map.of("chunks", chunks, "dripEveryMs", drip.toMillis());
        ScheduledExecutorService canceller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-canceller");
            thread.setDaemon(true);
            return thread;
        });
        List<String> threadsLeft;
        try (SandboxProcess sandbox = SandboxProcess.start(Map.of(MODEL, script));
             BenchWorkspace workspace = BenchWorkspace.create()) {
            startThread(canceller);
            Set<Long> threadsBeforeClient = JvmProbe.threadIds();
            LoadClient measured = Clients.open(client, sandbox.baseUrl(), sandbox.apiKey().reveal(), streams + 100,
                    workspace);
            try {
                result.put("description", measured.description()).put("cancellation", measured.cancellation());
                log(measured.description() + ": warming up, a storm of " + warmup + " streams");
                Storm warm = storm(measured, canceller, warmup, chunks, cancelWithin, new SplittableRandom(7));
                requireClean(warm, sandbox, settle, "the warm-up");

                int threadsBefore = JvmProbe.threads();
                long acceptedBefore = sandbox.acceptedConnections();
                Storm storm;
                try (PeakSampler sampler = new PeakSampler(() -> 0); WarningCounter warnings = new WarningCounter()) {
                    storm = storm(measured, canceller, streams, chunks, cancelWithin, new SplittableRandom(2026));
                    result.put("peaks", sampler.peaks())
                            .put("warningsLogged", warnings.count())
                            .put("firstWarningLogged", warnings.first());
                }
                long lastCancel = System.nanoTime();
                int inFlightAfter = sandbox.awaitNoRequestInFlight(settle);
                int openAfter = sandbox.awaitOpenConnectionsAtMost(storm.tracker.completed(), settle);
                long closedWithin = System.nanoTime() - lastCancel;
                int threadsAfter = JvmProbe.threads();
                log("cancelled " + storm.tracker.cancelled() + ", completed first " + storm.tracker.completed()
                        + ", failed " + storm.tracker.failed() + "; sandbox open connections " + openAfter
                        + ", in flight " + inFlightAfter + "; threads " + threadsBefore + " -> " + threadsAfter);
                result.put("streams", streams)
                        .put("chunksPerStream", chunks)
                        .put("dripMillis", drip.toMillis())
                        .put("cancelWithinMillis", cancelWithin.toMillis())
                        .put("warmupStreams", warmup)
                        .put("cancelledOnEvent", storm.onEvent)
                        .put("cancelledByTimer", storm.byTimer)
                        .put("cancelled", storm.tracker.cancelled())
                        .put("completedBeforeCancel", storm.tracker.completed())
                        .put("failed", storm.tracker.failed())
                        .put("firstFailure", storm.tracker.firstFailure())
                        .put("stormMillis", storm.millis)
                        .put("longestCancelMicros", storm.tracker.longestCancelMicros())
                        .put("sandboxConnectionsAccepted", sandbox.acceptedConnections() - acceptedBefore)
                        .put("sandboxOpenConnectionsAfter", openAfter)
                        .put("connectionsClosedWithinMillis", TimeUnit.NANOSECONDS.toMillis(closedWithin))
                        .put("sandboxInFlightAfter", inFlightAfter)
                        .put("threadsBefore", threadsBefore)
                        .put("threadsAfter", threadsAfter);
            } finally {
                measured.close();
            }
            result.put("threadsRightAfterClose", JvmProbe.threadsStartedSince(threadsBeforeClient, Duration.ZERO));
            threadsLeft = JvmProbe.threadsStartedSince(threadsBeforeClient, threadGrace);
            result.put("sandboxOpenConnectionsAfterClose", sandbox.awaitOpenConnections(0, afterClose));
        } finally {
            canceller.shutdownNow();
        }
        return result.put("threadsAfterClose", threadsLeft).write(out);
    }

    /** Starts the executor's thread now, so that it is not counted among the client's. */
    private static void startThread(ScheduledExecutorService executor) throws InterruptedException {
        try {
            executor.submit(() -> { }).get();
        } catch (java.util.concurrent.ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private record Storm(StreamTracker tracker, int onEvent, int byTimer, long millis) {
    }

    private static Storm storm(LoadClient client, ScheduledExecutorService canceller, int streams, int chunks,
                               Duration cancelWithin, SplittableRandom random) throws InterruptedException {
        StreamTracker tracker = new StreamTracker(streams);
        CountDownLatch timersDone = new CountDownLatch(streams / 2);
        int onEvent = 0;
        int byTimer = 0;
        long start = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            if (i % 2 == 0) {
                tracker.start(client, MODEL, random.nextInt(chunks + 1));
                onEvent++;
            } else {
                StreamTracker.Tracked stream = tracker.start(client, MODEL, -1);
                canceller.schedule(() -> {
                    stream.cancel();
                    timersDone.countDown();
                }, random.nextLong(cancelWithin.toNanos()), TimeUnit.NANOSECONDS);
                byTimer++;
            }
        }
        if (!timersDone.await(2, TimeUnit.MINUTES) || !tracker.awaitAllEnded(Duration.ofMinutes(2))) {
            throw new IllegalStateException("the storm did not end: " + tracker.open() + " streams still open");
        }
        return new Storm(tracker, onEvent, byTimer, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static void requireClean(Storm storm, SandboxProcess sandbox, Duration settle, String what) {
        int inFlight = sandbox.awaitNoRequestInFlight(settle);
        if (storm.tracker.failed() > 0 || inFlight > 0) {
            throw new IllegalStateException(what + " left " + inFlight + " answers in flight and " + storm.tracker.failed()
                    + " failed streams (" + storm.tracker.firstFailure() + ")");
        }
    }

    static void log(String message) {
        System.err.println("[cancellation] " + message);
    }

    /**
     * Counts what Creor and the libraries under it log at WARNING or above through
     * {@code java.util.logging} (Vert.x's default) while it is open: cancelling is normal use and
     * should log nothing.
     */
    private static final class WarningCounter extends java.util.logging.Handler implements AutoCloseable {
        private final java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        private volatile String first = "";

        WarningCounter() {
            root.addHandler(this);
        }

        int count() {
            return count.get();
        }

        String first() {
            return first;
        }

        @Override
        public void publish(java.util.logging.LogRecord record) {
            if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()
                    && count.getAndIncrement() == 0) {
                first = record.getLoggerName() + ": " + record.getMessage();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            root.removeHandler(this);
        }
    }
}
