package dev.creor.benchmarks.load;

import dev.creor.benchmarks.Args;
import dev.creor.benchmarks.Clients;
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
 * client, through Creor and through each peer, in the same run. Latency at a fixed rate, open loop,
 * in interleaved periods (baseline, Creor, peers, baseline, ... rotated each round) so that all see
 * the same background load; then each one's maximum throughput at a fixed concurrency. "Added" is a
 * client's percentile minus the baseline's.
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
        List<String> names = Clients.parse(args.text("clients", String.join(",", Clients.NAMES)));
        Path out = args.path("out", Path.of("benchmarks/target/results"));
        // For profiling one path: e.g. --only creor/STREAM runs that combination alone (no comparison),
        // closed loop, after a warm-up of --warmup-ms; --profile FILE records that period with JFR's
        // "profile" settings, so the recording holds the steady state, not the start-up.
        String only = args.text("only", "");
        String profile = args.text("profile", "");
        args.requireAllRead();
        if (!names.get(0).equals("baseline")) {
            throw new IllegalArgumentException("--clients must start with baseline, the yardstick of every other");
        }

        ResultFile result = new ResultFile("overhead", command);
        try (SandboxProcess sandbox = SandboxProcess.start(Map.of());
             BenchWorkspace workspace = BenchWorkspace.create();
             Clients.Opened clients = new Clients.Opened()) {
            for (String name : names) {
                clients.add(Clients.open(name, sandbox.baseUrl(), sandbox.apiKey().reveal(), 1000, workspace));
            }
            List<Combination> combinations = new ArrayList<>();
            for (LoadClient.Kind kind : LoadClient.Kind.values()) {
                for (LoadClient client : clients) {
                    combinations.add(new Combination(client, kind));
                }
            }
            if (!only.isEmpty()) {
                combinations.removeIf(combination -> !combination.key().equalsIgnoreCase(only));
                for (Combination combination : combinations) {
                    LoadGenerator.closedLoop(combination.client(), combination.kind(), concurrency, warmup);
                    Phase phase = profile.isEmpty()
                            ? LoadGenerator.closedLoop(combination.client(), combination.kind(), concurrency, throughputPeriod)
                            : Profiler.record(Path.of(profile), () -> LoadGenerator.closedLoop(combination.client(),
                                    combination.kind(), concurrency, throughputPeriod));
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

            List<Map<String, Object>> described = new ArrayList<>();
            for (LoadClient client : clients) {
                Map<String, Object> description = new LinkedHashMap<>();
                description.put("name", client.name());
                description.put("description", client.description());
                description.put("cancellation", client.cancellation());
                described.add(description);
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
                    .put("clientHeapMaxMiB", JvmProbe.heapMax() / (1024 * 1024))
                    .put("clients", described);
            for (LoadClient.Kind kind : LoadClient.Kind.values()) {
                String suffix = "/" + kind;
                Phase base = fixedRate.get("baseline" + suffix);
                Phase baseSaturated = saturated.get("baseline" + suffix);
                Map<String, Object> fixed = new LinkedHashMap<>();
                Map<String, Object> addedByClient = new LinkedHashMap<>();
                Map<String, Object> paired = new LinkedHashMap<>();
                Map<String, Object> firstToken = new LinkedHashMap<>();
                Map<String, Object> addedCpu = new LinkedHashMap<>();
                Map<String, Object> throughput = new LinkedHashMap<>();
                Map<String, Object> ratio = new LinkedHashMap<>();
                for (String name : names) {
                    Phase measured = fixedRate.get(name + suffix);
                    Phase measuredSaturated = saturated.get(name + suffix);
                    fixed.put(name, measured.toMap());
                    throughput.put(name, measuredSaturated.toMap());
                    ratio.put(name, measuredSaturated.throughputPerSecond() / baseSaturated.throughputPerSecond());
                    if (name.equals("baseline")) {
                        continue;
                    }
                    addedByClient.put(name, added(base.responseTime, measured.responseTime));
                    paired.put(name, pairedMedian(roundMedians.get("baseline" + suffix), roundMedians.get(name + suffix)));
                    if (kind == LoadClient.Kind.STREAM) {
                        firstToken.put(name, added(base.firstToken, measured.firstToken));
                    }
                    addedCpu.put(name, (measured.cpuNanos / (double) measured.completed
                            - base.cpuNanos / (double) base.completed) / 1e3);
                }
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("fixedRate", fixed);
                figures.put("addedMicros", addedByClient);
                figures.put("pairedAddedP50Micros", paired);
                if (kind == LoadClient.Kind.STREAM) {
                    figures.put("addedFirstTokenMicros", firstToken);
                }
                figures.put("addedCpuMicrosPerRequest", addedCpu);
                figures.put("throughput", throughput);
                figures.put("throughputRatioToBaseline", ratio);
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
