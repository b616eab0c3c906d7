package dev.creor.benchmarks;

import dev.creor.benchmarks.config.ConfigLoadBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks (single-threaded, in a forked JVM by default) and writes their scores,
 * with the figures derived from them, as harness result files. JMH's own log goes to
 * {@code <name>.jmh.log} beside the result.
 */
public final class JmhBenchmarks {
    private JmhBenchmarks() {
    }

    /** SSE parsing: ops/s of whole recorded streams, turned into chunks/s and MB/s. */
    public static Path sse(Args args, String command) throws Exception {
        Settings settings = Settings.read(args);
        byte[] body = RecordedStream.bytes();
        int chunks = RecordedStream.jsonChunks(body);
        ResultFile result = new ResultFile("sse", command);
        List<Map<String, Object>> scores = new ArrayList<>();
        for (RunResult run : settings.run(SseParsingBenchmark.class, "sse")) {
            Map<String, Object> score = score(run);
            double opsPerSecond = run.getPrimaryResult().getScore();
            score.put("chunksPerSecond", opsPerSecond * chunks);
            score.put("chunksPerSecondError", run.getPrimaryResult().getScoreError() * chunks);
            score.put("megabytesPerSecond", opsPerSecond * body.length / 1e6);
            scores.add(score);
        }
        return result.put("streamBytes", body.length)
                .put("jsonChunksPerStream", chunks)
                .put("commentsPerStream", RecordedStream.comments(body))
                .put("jmh", settings.describe())
                .put("scores", scores)
                .write(settings.out());
    }

    /** Config loading: microseconds per load of the typical and the 1 MB config. */
    public static Path config(Args args, String command) throws Exception {
        Settings settings = Settings.read(args);
        ResultFile result = new ResultFile("config", command);
        List<Map<String, Object>> scores = new ArrayList<>();
        for (RunResult run : settings.run(ConfigLoadBenchmark.class, "config")) {
            Map<String, Object> score = score(run);
            score.put("projectFileBytes", ConfigLoadBenchmark.projectFileBytes(run.getParams().getParam("config")));
            scores.add(score);
        }
        return result.put("jmh", settings.describe()).put("largeConfigAgents", ConfigLoadBenchmark.largeConfigAgents())
                .put("scores", scores).write(settings.out());
    }

    private static Map<String, Object> score(RunResult run) {
        Map<String, Object> score = new LinkedHashMap<>();
        String benchmark = run.getParams().getBenchmark();
        score.put("benchmark", benchmark.substring(benchmark.lastIndexOf('.') + 1));
        Map<String, String> params = new LinkedHashMap<>();
        for (String key : run.getParams().getParamsKeys()) {
            params.put(key, run.getParams().getParam(key));
        }
        score.put("params", params);
        score.put("score", run.getPrimaryResult().getScore());
        score.put("error", run.getPrimaryResult().getScoreError());
        score.put("unit", run.getPrimaryResult().getScoreUnit());
        return score;
    }

    /** JMH's iteration settings, from {@code --forks --warmup-iterations --warmup-ms --iterations --iteration-ms}. */
    private record Settings(int forks, int warmupIterations, long warmupMillis, int iterations, long iterationMillis,
                            Path out) {
        static Settings read(Args args) {
            Settings settings = new Settings(args.integer("forks", 1), args.integer("warmup-iterations", 3),
                    args.millis("warmup-ms", java.time.Duration.ofSeconds(1)).toMillis(), args.integer("iterations", 5),
                    args.millis("iteration-ms", java.time.Duration.ofSeconds(1)).toMillis(),
                    args.path("out", Path.of("benchmarks/target/results")));
            args.requireAllRead();
            return settings;
        }

        Collection<RunResult> run(Class<?> benchmark, String name) throws RunnerException, java.io.IOException {
            Files.createDirectories(out);
            ChainedOptionsBuilder options = new OptionsBuilder()
                    .include(benchmark.getName())
                    .threads(1)
                    .forks(forks)
                    .warmupIterations(warmupIterations)
                    .warmupTime(TimeValue.milliseconds(warmupMillis))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.milliseconds(iterationMillis))
                    .jvmArgsAppend("-Xms1g", "-Xmx1g")
                    .shouldFailOnError(true)
                    .output(out.resolve(name + ".jmh.log").toString());
            return new Runner(options.build()).run();
        }

        Map<String, Object> describe() {
            Map<String, Object> jmh = new LinkedHashMap<>();
            jmh.put("forks", forks);
            jmh.put("threads", 1);
            jmh.put("warmup", warmupIterations + " x " + warmupMillis + " ms");
            jmh.put("measurement", iterations + " x " + iterationMillis + " ms");
            jmh.put("jvmArgs", forks > 0 ? "-Xms1g -Xmx1g" : "(in the harness's JVM)");
            return jmh;
        }
    }
}
