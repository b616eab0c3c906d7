package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive of {@code ./creor} (issue 20): written by the first {@code run} or
 * {@code demo} after a build, used by every command after it, and never a reason for a command to
 * fail, whatever state it is in. Runs the script of a copy of the clone that holds only the script and
 * the built jar, so that its archives are its own.
 */
class LauncherIT {
    private static final Path CLONE = CreorProcess.JAR.getParent().getParent().getParent();

    @TempDir
    Path scratch;

    private Path clone;

    private record Outcome(int exitCode, String stdout, String stderr) {
    }

    @BeforeEach
    void copyTheClone() throws Exception {
        clone = Files.createDirectories(scratch.resolve("clone"));
        Files.copy(CLONE.resolve("creor"), clone.resolve("creor"), StandardCopyOption.COPY_ATTRIBUTES);
        Path target = Files.createDirectories(clone.resolve("cli/target"));
        Files.copy(CreorProcess.JAR, target.resolve("creor.jar"));
        Files.createSymbolicLink(target.resolve("lib"), CreorProcess.JAR.resolveSibling("lib"));
    }

    private Outcome creor(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(clone.resolve("creor").toString()));
        command.addAll(List.of(args));
        Path home = Files.createDirectories(scratch.resolve("home"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().clear();
        builder.environment().put("HOME", home.toString());
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        var out = CreorProcess.drain(process.getInputStream());
        var err = CreorProcess.drain(process.getErrorStream());
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Outcome(process.exitValue(), out.get(), err.get());
    }

    private Optional<Path> archive() throws Exception {
        Path archives = clone.resolve("cli/target/cds");
        if (!Files.isDirectory(archives)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(archives)) {
            return files.filter(file -> file.toString().endsWith(".jsa")).findFirst();
        }
    }

    /** Whether {@code creor --version} took its own main class from the archive. */
    private boolean versionUsesTheArchive() throws Exception {
        Path log = scratch.resolve("classes.log");
        Files.deleteIfExists(log);
        Outcome version = creor(Map.of("CREOR_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "--version");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.stdout()).startsWith("creor ");
        assertThat(version.stderr()).isEmpty();
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .anyMatch(line -> line.contains("dev.creor.cli.CreorCli source: shared objects file (top)"));
    }

    @Test
    void theFirstDemoWritesTheArchiveThatLaterCommandsUse() throws Exception {
        assertThat(versionUsesTheArchive()).isFalse();
        assertThat(archive()).as("only run and demo write one").isEmpty();

        Outcome demo = creor(Map.of(), "demo");

        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(archive()).isPresent();
        assertThat(versionUsesTheArchive()).isTrue();
    }

    @Test
    void anArchiveOlderThanTheJarOrDamagedIsPassedOver() throws Exception {
        assertThat(creor(Map.of(), "demo").exitCode()).isZero();
        Path archive = archive().orElseThrow();

        Files.setLastModifiedTime(clone.resolve("cli/target/creor.jar"), FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(versionUsesTheArchive()).as("stale").isFalse();

        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-------"));
        Files.write(archive, "not an archive".repeat(1000).getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plusSeconds(120)));
        assertThat(versionUsesTheArchive()).as("damaged").isFalse();
    }

    @Test
    void anArchiveCutShortWhileWrittenIsNotKept() throws Exception {
        // A java that lets the JVM write its archive, then cuts it in half, as a kill or a full disk would.
        Path bin = Files.createDirectories(scratch.resolve("jdk/bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                out=
                for arg in "$@"; do
                  case "$arg" in -XX:ArchiveClassesAtExit=*) out=${arg#*=} ;; esac
                done
                status=0
                "$REAL_JAVA" "$@" || status=$?
                if [ -n "$out" ] && [ -f "$out" ]; then
                  size=$(wc -c <"$out")
                  head -c $((size / 2)) "$out" >"$out.cut" && mv -f "$out.cut" "$out"
                fi
                exit "$status"
                """, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", scratch.resolve("jdk").toString());
        environment.put("REAL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());

        Outcome demo = creor(environment, "demo");
        assertThat(demo.exitCode()).as(demo.toString()).isZero();
        assertThat(archive()).as("the damaged archive").isEmpty();

        Outcome version = creor(environment, "--version");
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.stdout()).startsWith("creor ");
    }
}
