package dev.creor.benchmarks;

import dev.creor.benchmarks.load.OverheadBenchmark;
import dev.creor.benchmarks.sandbox.SandboxServerMain;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The harness's entry point, one command per benchmark; {@code benchmarks/run} calls each in turn.
 * Every command writes its raw result as JSON into {@code --out} (default
 * {@code benchmarks/target/results}); {@code report} turns those files into {@code docs/benchmarks.md}.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    /** How this JVM was started, as a command to copy: {@code java <JVM options> -jar <jar> <arguments>}. */
    static String commandLine(String... arguments) {
        List<String> words = new ArrayList<>();
        words.add("java");
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> !option.startsWith("-D") && !option.startsWith("-javaagent"))
                .forEach(words::add);
        words.add("-jar");
        words.add("benchmarks/target/creor-benchmarks.jar");
        words.addAll(Arrays.asList(arguments));
        return String.join(" ", words);
    }

    /** {@code <command> [--option value ...]}. */
    public static void main(String[] arguments) throws Exception {
        if (arguments.length == 0) {
            System.err.println("usage: <overhead|concurrency|cancellation|startup|sse|config|report|sandbox> [--option value ...]");
            System.exit(2);
        }
        String command = arguments[0];
        String[] options = Arrays.copyOfRange(arguments, 1, arguments.length);
        String commandLine = commandLine(arguments);
        if (command.equals("sandbox")) {
            SandboxServerMain.main(options);
            return;
        }
        Args args = Args.parse(options);
        Path written;
        try {
            written = run(command, args, commandLine);
        } catch (Exception | Error failure) {
            // A peer's non-daemon threads (OkHttp's dispatcher) would keep a failed run's JVM alive for a minute.
            failure.printStackTrace();
            System.exit(1);
            return;
        }
        System.err.println("wrote " + written);
        // The runtimes are closed; nothing else should keep the JVM alive, but a stray daemon thread must not either.
        System.exit(0);
    }

    private static Path run(String command, Args args, String commandLine) throws Exception {
        return switch (command) {
            case "overhead" -> OverheadBenchmark.run(args, commandLine);
            case "concurrency" -> dev.creor.benchmarks.load.ConcurrencyBenchmark.run(args, commandLine);
            case "cancellation" -> dev.creor.benchmarks.load.CancellationStorm.run(args, commandLine);
            case "startup" -> dev.creor.benchmarks.startup.StartupBenchmark.run(args, commandLine);
            case "report" -> dev.creor.benchmarks.report.ReportWriter.run(args);
            case "sse" -> JmhBenchmarks.sse(args, commandLine);
            case "config" -> JmhBenchmarks.config(args, commandLine);
            default -> throw new IllegalArgumentException("unknown command " + command);
        };
    }
}
