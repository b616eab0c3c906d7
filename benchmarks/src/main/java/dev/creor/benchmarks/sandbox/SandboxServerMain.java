package dev.creor.benchmarks.sandbox;

import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The sandbox side of a load benchmark, in a JVM of its own so that its event loop's CPU and
 * sockets are not counted against the client being measured. Started by {@link SandboxProcess},
 * it prints {@code ready <port>} once listening, then answers one line per command read from
 * standard input: {@code connections}, {@code accepted}, {@code inflight}, {@code cpu} (the
 * process's CPU time in nanoseconds) and {@code quit}. End of input also stops it.
 */
public final class SandboxServerMain {
    private SandboxServerMain() {
    }

    /** {@code [script-file]}. */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        OpenRouterSandbox.Builder builder = OpenRouterSandbox.builder().recordLimit(0);
        if (args.length > 0) {
            builder.script(Path.of(args[0]));
        }
        try (OpenRouterSandbox sandbox = builder.start()) {
            out.println("ready " + sandbox.port());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String command = in.readLine(); command != null && !command.equals("quit"); command = in.readLine()) {
                out.println(switch (command) {
                    case "connections" -> Integer.toString(sandbox.openConnections());
                    case "accepted" -> Long.toString(sandbox.acceptedConnections());
                    case "inflight" -> Integer.toString(sandbox.inFlightRequests());
                    case "cpu" -> Long.toString(processCpuNanos());
                    default -> "error: unknown command " + command;
                });
            }
        }
        out.println("bye");
    }

    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
