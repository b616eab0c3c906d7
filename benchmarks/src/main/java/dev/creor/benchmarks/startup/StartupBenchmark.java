package dev.creor.benchmarks.startup;

import dev.creor.benchmarks.Args;
import dev.creor.benchmarks.ResultFile;
import dev.creor.benchmarks.config.ConfigFixtures;
import dev.creor.benchmarks.load.BenchWorkspace;
import dev.creor.benchmarks.sandbox.SandboxProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Start-up as a user sees it: the wall time of fresh {@code creor} processes, each run
 * {@code --runs} times after one unmeasured run (which warms the OS file cache and lets
 * {@code creor run} cache the model list, as any earlier use would have), reported as the median.
 *
 * <ul>
 *   <li>{@code version}: {@code creor --version};</li>
 *   <li>{@code validate}: {@code creor config validate} in a project with a typical config over a global one;</li>
 *   <li>{@code run}: {@code creor run "What is Creor?"} against the sandbox (in its own process): the time to the
 *       first byte of the answer on standard output (the first token), and to the exit.</li>
 * </ul>
 *
 * <p>Each case runs through each launcher in {@code --launchers}: {@code script} is {@code ./creor}, what
 * users type: it checks whether the jar is stale, runs short commands on the C1 compiler only and uses the
 * class-data archive that the first {@code creor run} after a build writes (the benchmark deletes the
 * archive and makes that first run before measuring); {@code jar} is {@code java -jar cli/target/creor.jar}
 * with the JVM's defaults, the baseline. {@code java -version} is timed too, as the floor any JVM start
 * pays here, on its own and interleaved with every case's runs: the ratios to it are taken run by run
 * (each run against the {@code java -version} run beside it) and reported as their median.
 */
public final class StartupBenchmark {
    private static final long PROCESS_LIMIT_SECONDS = 60;
    private static final String JAVA_VERSION = "java -version";

    private StartupBenchmark() {
    }

    /** Runs the benchmark and writes {@code startup.json}. */
    public static Path run(Args args, String command) {
        Path root = args.path("root", Path.of("")).toAbsolutePath().normalize();
        int runs = args.integer("runs", 10);
        List<String> launchers = Arrays.asList(args.text("launchers", "script,jar").split(","));
        Path out = args.path("out", Path.of("benchmarks/target/results"));
        args.requireAllRead();

        Path jar = root.resolve("cli/target/creor.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -B -DskipTests -pl cli -am package)");
        }
        String java = javaExecutable();
        ResultFile result = new ResultFile("startup", command).put("runs", runs);
        try (SandboxProcess sandbox = SandboxProcess.start(Map.of());
             BenchWorkspace workspace = BenchWorkspace.create()) {
            ConfigFixtures.write(workspace.home(), workspace.project(), ConfigFixtures.typical(sandbox.baseUrl().toString()));
            Map<String, String> environment = environment(workspace, sandbox);
            Map<String, List<String>> prefixes = new LinkedHashMap<>();
            for (String launcher : launchers) {
                prefixes.put(launcher, switch (launcher) {
                    case "script" -> List.of(root.resolve("creor").toString());
                    case "jar" -> List.of(java, "-jar", jar.toString());
                    default -> throw new IllegalArgumentException("unknown launcher " + launcher);
                });
            }
            if (prefixes.containsKey("script")) {
                // As after a build: the first `creor run` writes the class-data archive the later commands use.
                Path archives = jar.getParent().resolve("cds");
                if (Files.isDirectory(archives)) {
                    try (var files = Files.walk(archives)) {
                        for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                            Files.delete(file);
                        }
                    }
                }
                log("first run after a build (writes the class-data archive)");
                Timing first = once(concat(prefixes.get("script"), runArguments()), workspace.project(), environment);
                first.requireSuccess("the first creor run");
                result.put("scriptFirstRunMillis", millis(first.wallNanos));
            }

            Map<String, Object> cases = new LinkedHashMap<>();
            cases.put("java -version", measure(Map.of("java", List.of(java, "-version")), workspace, environment, runs,
                    false).get("java"));
            Map<String, Map<String, Object>> byLauncher = new LinkedHashMap<>();
            prefixes.keySet().forEach(launcher -> byLauncher.put(launcher, new LinkedHashMap<>()));
            Map<String, List<String>> caseArguments = new LinkedHashMap<>();
            caseArguments.put("version", List.of("--version"));
            caseArguments.put("validate", List.of("config", "validate"));
            caseArguments.put("run", runArguments());
            for (Map.Entry<String, List<String>> testCase : caseArguments.entrySet()) {
                Map<String, List<String>> commands = new LinkedHashMap<>();
                prefixes.forEach((launcher, prefix) -> commands.put(launcher, concat(prefix, testCase.getValue())));
                // The yardstick, interleaved with the case's runs, so that each run has a JVM start of its own moment to compare with.
                commands.put(JAVA_VERSION, List.of(java, "-version"));
                Map<String, Object> measured = measure(commands, workspace, environment, runs,
                        testCase.getKey().equals("run"));
                measured.remove(JAVA_VERSION);
                measured.forEach((launcher, figures) -> byLauncher.get(launcher).put(testCase.getKey(), figures));
            }
            cases.putAll(byLauncher);
            result.put("launchers", cases)
                    .put("commands", Map.of(
                            "version", "creor --version",
                            "validate", "creor config validate",
                            "run", "creor run \"" + BenchWorkspace.PROMPT + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result.write(out);
    }

    private static List<String> runArguments() {
        return List.of("run", BenchWorkspace.PROMPT);
    }

    private static Map<String, String> environment(BenchWorkspace workspace, SandboxProcess sandbox) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String inherited : List.of("PATH", "TMPDIR")) {
            String value = System.getenv(inherited);
            if (value != null) {
                environment.put(inherited, value);
            }
        }
        // Both launchers on the harness's own JDK: ./creor runs $JAVA_HOME/bin/java.
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.putAll(workspace.environment());
        environment.put("LC_ALL", "C.UTF-8");
        environment.put("OPENROUTER_API_KEY", sandbox.apiKey().reveal());
        return environment;
    }

    /**
     * Times each command {@code runs} times, interleaved (a, b, a, b, ...) so that every launcher
     * meets the same background load, after one unmeasured run of each.
     */
    private static Map<String, Object> measure(Map<String, List<String>> commands, BenchWorkspace workspace,
                                               Map<String, String> environment, int runs, boolean firstToken) {
        Map<String, long[]> walls = new LinkedHashMap<>();
        Map<String, long[]> firstOutputs = new LinkedHashMap<>();
        commands.forEach((name, command) -> {
            log(String.join(" ", command.subList(Math.max(0, command.size() - 3), command.size())) + " x " + runs);
            once(command, workspace.project(), environment).requireSuccess(String.join(" ", command));
            walls.put(name, new long[runs]);
            firstOutputs.put(name, new long[runs]);
        });
        for (int i = 0; i < runs; i++) {
            for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                Timing timing = once(command.getValue(), workspace.project(), environment);
                timing.requireSuccess(String.join(" ", command.getValue()));
                walls.get(command.getKey())[i] = timing.wallNanos;
                firstOutputs.get(command.getKey())[i] = timing.firstOutputNanos;
            }
        }
        Map<String, Object> byCommand = new LinkedHashMap<>();
        long[] yardstick = walls.get(JAVA_VERSION);
        for (String name : commands.keySet()) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("wallMillis", summary(walls.get(name)));
            if (firstToken) {
                figures.put("firstTokenMillis", summary(firstOutputs.get(name)));
            }
            if (yardstick != null && !name.equals(JAVA_VERSION)) {
                // Paired run by run: the median of (this run / the java -version run next to it).
                figures.put("wallToJavaVersion", ratios(walls.get(name), yardstick));
                if (firstToken) {
                    figures.put("firstTokenToJavaVersion", ratios(firstOutputs.get(name), yardstick));
                }
            }
            byCommand.put(name, figures);
        }
        return byCommand;
    }

    private static Map<String, Object> summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("median", millis(median));
        summary.put("min", millis(sorted[0]));
        summary.put("max", millis(sorted[n - 1]));
        summary.put("all", Arrays.stream(nanos).mapToObj(value -> millis(value)).toList());
        return summary;
    }

    private static Map<String, Object> ratios(long[] measured, long[] yardstick) {
        double[] ratios = new double[measured.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = measured[i] / (double) yardstick[i];
        }
        Arrays.sort(ratios);
        int n = ratios.length;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("median", round2(n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2));
        summary.put("min", round2(ratios[0]));
        summary.put("max", round2(ratios[n - 1]));
        return summary;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double millis(double nanos) {
        return Math.round(nanos / 1e5) / 10.0;
    }

    /** One process: wall time, and when its standard output gave its first byte. */
    private record Timing(int exitCode, long wallNanos, long firstOutputNanos, String out, String err) {
        void requireSuccess(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " exited with " + exitCode + ":\n" + out + err);
            }
        }
    }

    private static Timing once(List<String> command, Path directory, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            long start = System.nanoTime();
            Process process = builder.start();
            process.getOutputStream().close();
            long[] firstOutput = {0};
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream(), firstOutput));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream(), null));
            if (!process.waitFor(PROCESS_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + PROCESS_LIMIT_SECONDS + " s");
            }
            long wall = System.nanoTime() - start;
            String stdout = out.get(10, TimeUnit.SECONDS);
            String stderr = err.get(10, TimeUnit.SECONDS);
            return new Timing(process.exitValue(), wall, firstOutput[0] == 0 ? 0 : firstOutput[0] - start, stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        } catch (Exception e) {
            throw new IllegalStateException("running " + command + " failed: " + e, e);
        }
    }

    private static String readAll(InputStream in, long[] firstByteAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                if (firstByteAt != null && firstByteAt[0] == 0 && read > 0) {
                    firstByteAt[0] = System.nanoTime();
                }
                bytes.write(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    static void log(String message) {
        System.err.println("[startup] " + message);
    }
}
