package dev.creor.provider.openrouter.sandbox;

import dev.creor.testkit.NodeScript;
import dev.creor.testkit.Subprocess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs {@code src/test/conformance/conformance.mjs}, the checks against OpenRouter's official
 * TypeScript SDK, as a real {@code node} process ({@link NodeScript} installs the packages of its
 * lockfile when they are missing; when it cannot, or without {@code node}, the checks fail and say
 * what to do, never skip).
 */
public final class SdkConformance {
    /** The folder of the script, its package.json and its lockfile, from the module's directory. */
    public static final Path DIRECTORY = Path.of(System.getProperty("creor.conformance.dir", "src/test/conformance"))
            .toAbsolutePath();
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
    private static final NodeScript SCRIPT = NodeScript.of(DIRECTORY, "conformance.mjs");

    private SdkConformance() {
    }

    /** What one run printed, and how it ended: 0 conforms, 1 mismatches, 2 a usage error. */
    public record Result(int exitCode, String output) {
        /** The {@code MISMATCH} lines. */
        public List<String> mismatches() {
            return output.lines().filter(line -> line.startsWith("MISMATCH ")).toList();
        }
    }

    /** Runs {@code node conformance.mjs ARGUMENTS...}. */
    public static Result run(String... arguments) {
        Subprocess.Result ran = SCRIPT.run(RUN_LIMIT, arguments);
        return new Result(ran.exitCode(), ran.output());
    }
}
