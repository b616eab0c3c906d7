package dev.creor.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A program a test runs as a real process (a Node.js script, {@code curl}), under a time limit,
 * with what it printed captured. Its standard input is closed; standard output and standard error
 * are read together, interleaved as the program wrote them.
 */
public final class Subprocess {
    /** How long the output may still take to arrive once the process has ended. */
    private static final Duration DRAIN = Duration.ofMinutes(1);

    private Subprocess() {
    }

    /** What a run printed, standard output and standard error interleaved, and its exit code. */
    public record Result(int exitCode, String output) {
        /** Checks that there is an output, empty or not. */
        public Result {
            Objects.requireNonNull(output, "output is null");
        }
    }

    /**
     * Runs {@code command} in {@code directory} and waits for it to end.
     *
     * @param whatItNeeds said when the program cannot be started, e.g. "curl on the PATH"
     * @throws AssertionError when the program cannot be started, or does not end within
     *                        {@code timeout} (it is killed then)
     */
    public static Result run(List<String> command, Path directory, Duration timeout, String whatItNeeds) {
        Objects.requireNonNull(directory, "directory is null");
        Objects.requireNonNull(timeout, "timeout is null");
        Objects.requireNonNull(whatItNeeds, "whatItNeeds is null");
        List<String> commandLine = List.copyOf(command);
        Process process;
        try {
            process = new ProcessBuilder(commandLine).directory(directory.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new AssertionError("cannot run `" + commandLine.get(0) + "`: the test needs " + whatItNeeds, e);
        }
        // Read while it runs, on another thread: a full pipe would block the process, and a read
        // here could outlast the time limit.
        Process started = process;
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return started.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String shown = String.join(" ", commandLine);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(shown + " did not end within " + timeout.toMillis() + " ms");
            }
            return new Result(process.exitValue(),
                    new String(output.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("cannot read the output of " + shown, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + shown, e);
        }
    }
}
