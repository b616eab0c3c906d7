package dev.creor.app.cli;

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

/**
 * Runs the packaged {@code creor} command ({@code java -jar app/target/creor.jar}) as a real
 * process, with a controlled environment: a temporary home and XDG directories, no inherited
 * credentials, and the given working directory and standard input.
 */
final class CreorProcess {
    static final Path JAR = Path.of("target", "creor.jar").toAbsolutePath();

    private final Path home;
    private final Map<String, String> environment = new HashMap<>();
    private Path workingDirectory;
    private String stdin = "";
    private Duration timeout = Duration.ofSeconds(60);

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

    CreorProcess in(Path directory) {
        this.workingDirectory = directory;
        return this;
    }

    CreorProcess stdin(String text) {
        this.stdin = text;
        return this;
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
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
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
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
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
}
