package dev.creor.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs the packaged {@code creor} command ({@code java -jar cli/target/creor.jar}) as a real
 * process, with a controlled environment: a temporary home and XDG directories, no inherited
 * credentials, and the given working directory and standard input.
 */
final class CreorProcess {
    static final Path JAR = Path.of("target", "creor.jar").toAbsolutePath();
    /**
     * Start-up costs most of a short command's time: the client compiler alone and the serial
     * collector make each run about a third faster, and change nothing the tests look at.
     */
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    /** The classes a run loads, archived once per test JVM (class data sharing): another third off each start. */
    private static final Path CLASS_ARCHIVE = Path.of("target", "creor-it-classes.jsa").toAbsolutePath();
    private static List<String> classSharing;
    /** SIGINT's bit in the {@code SigIgn} mask of {@code /proc/PID/status}. */
    private static final long SIGINT_MASK = 1L << (2 - 1);

    private final Path home;
    private final Map<String, String> environment = new HashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private Path workingDirectory;
    private byte[] stdin = new byte[0];
    private Duration timeout = Duration.ofSeconds(60);
    private boolean underTerminal;

    private CreorProcess(Path home) {
        this.home = home;
        this.workingDirectory = home;
        environment.put("HOME", home.toString());
        environment.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        environment.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        environment.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        environment.put("PATH", Objects.requireNonNullElse(System.getenv("PATH"), "/usr/bin:/bin"));
        // As ./creor does: Java decodes arguments with the locale's charset.
        environment.put("LC_ALL", "C.UTF-8");
    }

    /** A process whose home (and XDG directories) live under {@code home}. */
    static CreorProcess inHome(Path home) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: command-line tests run after `package`");
        }
        return new CreorProcess(home);
    }

    CreorProcess env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    CreorProcess withoutEnv(String name) {
        environment.remove(name);
        return this;
    }

    /** Adds an option for the JVM, e.g. {@code -Xmx64m}. */
    CreorProcess jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    CreorProcess in(Path directory) {
        this.workingDirectory = directory;
        return this;
    }

    CreorProcess stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Standard input as raw bytes, e.g. text in another encoding. */
    CreorProcess stdin(byte[] bytes) {
        this.stdin = bytes.clone();
        return this;
    }

    /**
     * Runs the command under a pseudo-terminal made by {@code script}(1) from util-linux, as in a
     * terminal window: its standard input, output and error are the terminal, and both outputs
     * arrive merged (with the terminal's CR LF line ends) on the result's standard output.
     */
    CreorProcess underTerminal() {
        this.underTerminal = true;
        return this;
    }

    /** Whether {@code script}(1), which {@link #underTerminal()} needs, is on the PATH. */
    static boolean terminalAvailable() {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "/usr/bin:/bin");
        return java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, "script")));
    }

    CreorProcess timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    Path home() {
        return home;
    }

    /** Runs {@code creor args...} to completion. */
    Result run(String... args) {
        try {
            Process process = start(args);
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException closedEarly) {
                // The command did not read its input; what it printed says why.
            }
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("creor " + String.join(" ", args) + " did not finish within " + timeout
                        + "; stderr so far: " + err.getNow(""));
            }
            return new Result(process.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code creor args...} and returns the running process (standard input left open). */
    Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(FAST_START);
        command.addAll(classSharing());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        if (underTerminal) {
            String shellCommand = String.join(" ", command.stream()
                    .map(word -> "'" + word.replace("'", "'\\''") + "'").toList());
            // -e: script exits with the command's exit code; -q: no "Script started" lines.
            command = List.of("script", "-q", "-e", "-c", shellCommand, "/dev/null");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The options that use the class archive, made on first use by running {@code creor demo}
     * (which loads nearly every class a command needs); none when it cannot be made, which only
     * costs time. A stale archive is never used: it is made anew in each test JVM.
     */
    private static synchronized List<String> classSharing() {
        if (classSharing != null) {
            return classSharing;
        }
        classSharing = List.of();
        try {
            Files.deleteIfExists(CLASS_ARCHIVE);
            Path scratch = Files.createTempDirectory("creor-class-archive-");
            List<String> command = new ArrayList<>(List.of(java()));
            command.addAll(FAST_START);
            command.addAll(List.of("-XX:ArchiveClassesAtExit=" + CLASS_ARCHIVE, "-jar", JAR.toString(), "demo"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(scratch.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().clear();
            builder.environment().putAll(Map.of("HOME", scratch.toString(),
                    "XDG_CONFIG_HOME", scratch.resolve("config").toString(),
                    "XDG_DATA_HOME", scratch.resolve("data").toString(),
                    "XDG_CACHE_HOME", scratch.resolve("cache").toString(),
                    "PATH", Objects.requireNonNullElse(System.getenv("PATH"), "/usr/bin:/bin")));
            Process training = builder.start();
            boolean ended = training.waitFor(60, TimeUnit.SECONDS);
            if (ended && training.exitValue() == 0 && Files.isRegularFile(CLASS_ARCHIVE)) {
                // Silent when the archive cannot be mapped: the JVM then just loads classes as usual.
                classSharing = List.of("-XX:SharedArchiveFile=" + CLASS_ARCHIVE, "-Xlog:cds=off,cds+dynamic=off");
            } else {
                training.destroyForcibly();
            }
            try (var leftovers = Files.walk(scratch)) {
                leftovers.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        } catch (IOException e) {
            // No archive: slower starts, same results.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return classSharing;
    }

    /** Starts {@code creor args...} in the background, its input closed, collecting what it prints. */
    Running launch(String... args) {
        try {
            Process process = start(args);
            process.getOutputStream().close();
            return new Running(process, String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                return bytes.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** What a finished process printed, and its exit code. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** A command running in the background; its output is collected as it comes. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final String command;
        private final Collected out;
        private final Collected err;

        private Running(Process process, String command) {
            this.process = process;
            this.command = command;
            this.out = new Collected(process.getInputStream());
            this.err = new Collected(process.getErrorStream());
        }

        long pid() {
            return process.pid();
        }

        /** Waits until standard output says what the condition wants; fails with what was printed if not. */
        String awaitStdout(Predicate<String> condition, Duration limit) throws InterruptedException {
            return out.await(condition, limit, this);
        }

        /** Waits until standard error says what the condition wants. */
        String awaitStderr(Predicate<String> condition, Duration limit) throws InterruptedException {
            return err.await(condition, limit, this);
        }

        /**
         * Whether the process ignores SIGINT: a process started in the background by a
         * non-interactive shell does, and its children inherit it, so Ctrl-C cannot be tested there.
         */
        boolean ignoresInterrupts() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & SIGINT_MASK) != 0;
                }
            }
            return false;
        }

        /** Sends SIGINT, as Ctrl-C does ({@link Process#destroy()} would send SIGTERM). */
        void interrupt() throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -INT " + pid() + " failed");
            }
        }

        /** Waits for the process to end and returns what it printed. */
        Result await(Duration limit) throws InterruptedException {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("creor " + command + " did not end within " + limit + "\n--- stdout\n"
                        + out.text() + "--- stderr\n" + err.text());
            }
            return new Result(process.exitValue(), out.awaitEnd(), err.awaitEnd());
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }

        String describe() {
            return "creor " + command + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                    + "\n--- stdout\n" + out.text() + "--- stderr\n" + err.text();
        }
    }

    /** One output stream of a running process, read on its own thread. */
    private static final class Collected {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Void> ended = new CompletableFuture<>();

        Collected(InputStream stream) {
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (InputStream in = stream) {
                    for (int read; (read = in.read(buffer)) >= 0; ) {
                        synchronized (this) {
                            bytes.write(buffer, 0, read);
                            notifyAll();
                        }
                    }
                } catch (IOException closed) {
                    // The process is gone; what was read is all there is.
                } finally {
                    synchronized (this) {
                        ended.complete(null);
                        notifyAll();
                    }
                }
            }, "creor-process-output");
            reader.setDaemon(true);
            reader.start();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized String await(Predicate<String> condition, Duration limit, Running running)
                throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (!condition.test(text())) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || ended.isDone()) {
                    throw new AssertionError("waited " + limit + " in vain for the expected output of "
                            + running.describe());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return text();
        }

        String awaitEnd() {
            try {
                ended.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the output did not end", e);
            }
            return text();
        }
    }
}
