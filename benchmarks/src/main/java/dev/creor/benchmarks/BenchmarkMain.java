package dev.creor.benchmarks;

import dev.creor.benchmarks.load.OverheadBenchmark;
import dev.creor.benchmarks.sandbox.SandboxServerMain;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The harness's entry point, one command per benchmark; {@code benchmarks/run} calls each in turn.
 * Every command writes its raw result as JSON into {@code --out} (default
 * {@code benchmarks/target/results}); {@code report} turns those files into {@code docs/benchmarks.md}.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    /** {@code <command> [--option value ...]}. */
    public static void main(String[] arguments) throws Exception {
        if (arguments.length == 0) {
            System.err.println("usage: <overhead|concurrency|cancellation|startup|sse|config|report|sandbox> [--option value ...]");
            System.exit(2);
        }
        String command = arguments[0];
        String[] options = Arrays.copyOfRange(arguments, 1, arguments.length);
        String commandLine = String.join(" ", arguments);
        if (command.equals("sandbox")) {
            SandboxServerMain.main(options);
            return;
        }
        Args args = Args.parse(options);
        Path written = switch (command) {
            case "overhead" -> OverheadBenchmark.run(args, commandLine);
            case "concurrency" -> dev.creor.benchmarks.load.ConcurrencyBenchmark.run(args, commandLine);
            case "cancellation" -> dev.creor.benchmarks.load.CancellationStorm.run(args, commandLine);
            case "startup" -> dev.creor.benchmarks.startup.StartupBenchmark.run(args, commandLine);
            case "sse" -> JmhBenchmarks.sse(args, commandLine);
            case "config" -> JmhBenchmarks.config(args, commandLine);
            default -> throw new IllegalArgumentException("unknown command " + command);
        };
        System.err.println("wrote " + written);
        // The runtimes are closed; nothing else should keep the JVM alive, but a stray daemon thread must not either.
        System.exit(0);
    }
}
