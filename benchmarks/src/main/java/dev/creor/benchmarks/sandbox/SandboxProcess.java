package dev.creor.benchmarks.sandbox;

import dev.creor.benchmarks.ResultFile;
import dev.creor.core.Secret;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An {@link OpenRouterSandbox} in a child JVM (see {@link SandboxServerMain}), seen from the
 * benchmark: its base URL and key, and its connection counters asked over the child's standard
 * input. The child runs on the harness's own class path with its own heap and its own Vert.x
 * event loop, so the client's CPU, threads and file descriptors are its own.
 */
public final class SandboxProcess implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader answers;
    private final URI baseUrl;
    private final Path scriptFile;

    private SandboxProcess(Process process, PrintWriter commands, BufferedReader answers, int port, Path scriptFile) {
        this.process = process;
        this.commands = commands;
        this.answers = answers;
        this.baseUrl = URI.create("http://127.0.0.1:" + port + "/api/v1");
        this.scriptFile = scriptFile;
    }

    /**
     * Starts a sandbox whose models answer as {@code modelScripts} says (model id to a step in
     * the sandbox's script-file form, e.g. {@code {"chunks": 20, "dripEveryMs": 250}}); models
     * without a script give the default reply. Returns once it listens.
     */
    public static SandboxProcess start(Map<String, Map<String, Object>> modelScripts) {
        Path script = null;
        try {
            script = Files.createTempFile("creor-bench-sandbox-", ".json");
            ResultFile.JSON.writeValue(script.toFile(), Map.of("models", modelScripts));
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.add("-Xms256m");
            command.add("-Xmx1g");
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(SandboxServerMain.class.getName());
            command.add(script.toString());
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            PrintWriter commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = readLine(answers, process, START_LIMIT);
            if (ready == null || !ready.startsWith("ready ")) {
                process.destroyForcibly();
                throw new IllegalStateException("the sandbox process did not start: " + ready);
            }
            return new SandboxProcess(process, commands, answers, Integer.parseInt(ready.substring(6).trim()), script);
        } catch (IOException e) {
            deleteQuietly(script);
            throw new UncheckedIOException("cannot start the sandbox process", e);
        }
    }

    /** {@code http://127.0.0.1:PORT/api/v1}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The key the sandbox accepts. */
    public Secret apiKey() {
        return OpenRouterSandbox.DEFAULT_API_KEY;
    }

    /** The sandbox's TCP connections open now. */
    public int openConnections() {
        return Integer.parseInt(ask("connections"));
    }

    /** The sandbox's TCP connections accepted since it started. */
    public long acceptedConnections() {
        return Long.parseLong(ask("accepted"));
    }

    /** Answers the sandbox is still writing, delaying or stalling. */
    public int inFlightRequests() {
        return Integer.parseInt(ask("inflight"));
    }

    /** The sandbox process's CPU time so far. */
    public Duration cpuTime() {
        return Duration.ofNanos(Long.parseLong(ask("cpu")));
    }

    /**
     * Waits (polling every 10 ms) until the sandbox has exactly {@code expected} open
     * connections; returns how many it has when that happens or the time is up.
     */
    public int awaitOpenConnections(int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int open = openConnections();
        while (open != expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            open = openConnections();
        }
        return open;
    }

    /**
     * Waits (polling every 10 ms) until the sandbox has at most {@code max} open connections; returns
     * how many it has when that happens or the time is up.
     */
    public int awaitOpenConnectionsAtMost(int max, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int open = openConnections();
        while (open > max && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            open = openConnections();
        }
        return open;
    }

    /** Waits until no answer is in flight; returns how many still are when the time is up. */
    public int awaitNoRequestInFlight(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int inFlight = inFlightRequests();
        while (inFlight != 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            inFlight = inFlightRequests();
        }
        return inFlight;
    }

    private synchronized String ask(String command) {
        commands.println(command);
        try {
            String answer = readLine(answers, process, Duration.ofSeconds(30));
            if (answer == null || answer.startsWith("error")) {
                throw new IllegalStateException("the sandbox process answered \"" + answer + "\" to " + command);
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox process is gone", e);
        }
    }

    private static String readLine(BufferedReader reader, Process process, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reader.ready()) {
            if (!process.isAlive()) {
                return reader.readLine();
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the sandbox process did not answer within " + timeout);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return reader.readLine();
    }

    /** Stops the sandbox process and waits for it to exit. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                commands.println("quit");
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(scriptFile);
        }
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans /tmp
            }
        }
    }
}
