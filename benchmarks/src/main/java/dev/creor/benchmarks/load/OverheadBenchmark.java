package dev.creor.benchmarks.load;

import dev.creor.benchmarks.Args;
import dev.creor.benchmarks.ResultFile;
import dev.creor.benchmarks.sandbox.SandboxProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Routing overhead: the same requests to the sandbox (in its own process) through the baseline
 * client and through Creor, in the same run. Latency at a fixed rate, open loop, in interleaved
 * periods (baseline, Creor, baseline, ...) so that both see the same background load; then
 * each one's maximum throughput at a fixed concurrency. "Added" is Creor's percentile minus
 * the baseline's.
 */
public final class OverheadBenchmark {
    private record Combination(LoadClient client, LoadClient.Kind kind) {
        String key() {
            return client.name() + "/" + kind;
        }
    }

    private OverheadBenchmark() {
    }

    /** Runs the benchmark with the given options and writes {@code overhead.json}. */
    public static Path run(Args args, String command) {
        int rate = args.integer("rate", 1000);
        Duration warmup = args.millis("warmup-ms", Duration.ofSeconds(4));
        Duration period = args.millis("period-ms", Duration.ofSeconds(1));
        int rounds = args.integer("rounds", 20);
        int concurrency = args.integer("concurrency", 64);
        Duration throughputPeriod = args.millis("throughput-ms", Duration.ofSeconds(4));
        int throughputRounds = args.integer("throughput-rounds", 2);
        Path out = args.path("out", Path.of("benchmarks/target/results"));
        // For profiling one path: e.g. --only creor/STREAM runs that combination alone (no comparison).
        String only = args.text("only", "");
        args.requireAllRead();

        ResultFile result = new ResultFile("overhead", command);
        try (SandboxProcess sandbox = SandboxProcess.start(Map.of());
             BenchWorkspace workspace = BenchWorkspace.create();
             BaselineClient baseline = new BaselineClient(sandbox.baseUrl(), sandbox.apiKey().reveal(), 1000);
             CreorClient creor = new CreorClient(workspace.creor(sandbox.baseUrl(), sandbox.apiKey().reveal(), 1000))) {
            List<Combination> combinations = new ArrayList<>();
            for (LoadClient.Kind kind : LoadClient.Kind.values()) {
                combinations.add(new Combination(baseline, kind));
                combinations.add(new Combination(creor, kind));
            }
            if (!only.isEmpty()) {
                combinations.removeIf(combination -> !combination.key().equalsIgnoreCase(only));
                for (Combination combination : combinations) {
                    Phase phase = LoadGenerator.closedLoop(combination.client(), combination.kind(), concurrency,
                            throughputPeriod);
                    log(combination.key() + ": " + Math.round(phase.throughputPerSecond()) + " req/s, "
                            + phase.toMap());
                }
                return result.write(out);
            }
            log("warming up (" + warmup.toMillis() + " ms closed loop, then " + period.toMillis()
                    + " ms at the fixed rate, per combination)");
            for (Combination combination : combinations) {
                requireNoFailure(LoadGenerator.closedLoop(combination.client(), combination.kind(), 16, warmup),
                        combination);
                requireNoFailure(LoadGenerator.openLoop(combination.client(), combination.kind(), rate, period),
                        combination);
            }

            Map<String, Phase> fixedRate = new LinkedHashMap<>();
            Map<String, Phase> saturated = new LinkedHashMap<>();
            combinations.forEach(combination -> {
                fixedRate.put(combination.key(), new Phase());
                saturated.put(combination.key(), new Phase());
            });
            Duration sandboxCpuBefore = sandbox.cpuTime();
            Map<String, List<Double>> roundMedians = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (Combination combination : rotated(combinations, round)) {
                    Phase phase = LoadGenerator.openLoop(combination.client(), combination.kind(), rate, period);
                    fixedRate.get(combination.key()).add(phase);
                    roundMedians.computeIfAbsent(combination.key(), key -> new ArrayList<>())
                            .add(micros(phase.responseTime, 50));
                    log("round " + (round + 1) + "/" + rounds + " " + combination.key() + " at " + rate + "/s: p50 "
                            + micros(phase.responseTime, 50) + " µs, p99 " + micros(phase.responseTime, 99) + " µs");
                }
            }
            Duration sandboxCpu = sandbox.cpuTime().minus(sandboxCpuBefore);
            for (int round = 0; round < throughputRounds; round++) {
                for (Combination combination : rotated(combinations, round)) {
                    Phase phase = LoadGenerator.closedLoop(combination.client(), combination.kind(), concurrency,
                            throughputPeriod);
                    saturated.get(combination.key()).add(phase);
                    log("throughput round " + (round + 1) + "/" + throughputRounds + " " + combination.key() + ": "
                            + Math.round(phase.throughputPerSecond()) + " req/s");
                }
            }

            result.put("ratePerSecond", rate)
                    .put("periodMillis", period.toMillis())
                    .put("rounds", rounds)
                    .put("warmupMillis", warmup.toMillis())
                    .put("throughputConcurrency", concurrency)
                    .put("throughputPeriodMillis", throughputPeriod.toMillis())
                    .put("throughputRounds", throughputRounds)
                    .put("sandboxCpuMicrosPerRequest", sandboxCpu.toNanos() / 1e3
                            / fixedRate.values().stream().mapToLong(phase -> phase.completed).sum())
                    .put("clientHeapMaxMiB", JvmProbe.heapMax() / (1024 * 1024));
            for (LoadClient.Kind kind : LoadClient.Kind.values()) {
                Phase base = fixedRate.get("baseline/" + kind);
                Phase measured = fixedRate.get("creor/" + kind);
                Phase baseSaturated = saturated.get("baseline/" + kind);
                Phase measuredSaturated = saturated.get("creor/" + kind);
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("baseline", base.toMap());
                figures.put("creor", measured.toMap());
                figures.put("addedMicros", added(base.responseTime, measured.responseTime));
                figures.put("pairedAddedP50Micros", pairedMedian(roundMedians.get("baseline/" + kind),
                        roundMedians.get("creor/" + kind)));
                if (kind == LoadClient.Kind.STREAM) {
                    figures.put("addedFirstTokenMicros", added(base.firstToken, measured.firstToken));
                }
                figures.put("addedCpuMicrosPerRequest", (measured.cpuNanos / (double) measured.completed
                        - base.cpuNanos / (double) base.completed) / 1e3);
                figures.put("addedAllocatedBytesPerRequest", measured.allocatedBytes / measured.completed
                        - base.allocatedBytes / base.completed);
                Map<String, Object> throughput = new LinkedHashMap<>();
                throughput.put("baseline", baseSaturated.toMap());
                throughput.put("creor", measuredSaturated.toMap());
                throughput.put("ratio", measuredSaturated.throughputPerSecond() / baseSaturated.throughputPerSecond());
                figures.put("throughput", throughput);
                result.put(kind.name().toLowerCase(java.util.Locale.ROOT), figures);
            }
        }
        return result.write(out);
    }

    private static void requireNoFailure(Phase phase, Combination combination) {
        if (phase.failed > 0) {
            throw new IllegalStateException(combination.key() + ": " + phase.failed + " requests failed, e.g. "
                    + phase.firstFailure);
        }
    }

    private static List<Combination> rotated(List<Combination> combinations, int by) {
        List<Combination> order = new ArrayList<>(combinations);
        java.util.Collections.rotate(order, -by);
        return order;
    }

    private static Map<String, Object> added(Histogram base, Histogram measured) {
        Map<String, Object> added = new LinkedHashMap<>();
        for (double percentile : new double[] {50, 90, 99, 99.9}) {
            String key = percentile == 99.9 ? "p99.9" : "p" + (int) percentile;
            added.put(key, micros(measured, percentile) - micros(base, percentile));
        }
        return added;
    }

    /**
     * The median, over the rounds, of Creor's p50 minus the baseline's p50 in the same round: less
     * sensitive than the pooled difference to the machine's load changing between rounds.
     */
    private static double pairedMedian(List<Double> base, List<Double> measured) {
        double[] differences = new double[base.size()];
        for (int i = 0; i < differences.length; i++) {
            differences[i] = measured.get(i) - base.get(i);
        }
        java.util.Arrays.sort(differences);
        int n = differences.length;
        double median = n % 2 == 1 ? differences[n / 2] : (differences[n / 2 - 1] + differences[n / 2]) / 2;
        return Math.round(median * 10) / 10.0;
    }

    private static double micros(Histogram histogram, double percentile) {
        return Math.round(histogram.getValueAtPercentile(percentile) / 100.0) / 10.0;
    }

    static void log(String message) {
        System.err.println("[overhead] " + message);
    }
}
