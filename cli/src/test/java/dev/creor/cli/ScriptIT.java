package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./creor} script of a clone, as a new user runs it (issue 19). */
class ScriptIT {
    private static final Path CLONE = CreorProcess.JAR.getParent().getParent().getParent();

    @TempDir
    Path scratch;

    private record Outcome(int exitCode, String stdout, String stderr) {
    }

    private Outcome sh(Path script, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\"", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(scratch.toFile());
        builder.environment().clear();
        builder.environment().put("HOME", scratch.resolve("home").toString());
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("LC_ALL", "C.UTF-8");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        var out = CreorProcess.drain(process.getInputStream());
        var err = CreorProcess.drain(process.getErrorStream());
        assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Outcome(process.exitValue(), out.get(), err.get());
    }

    @Test
    void aSymlinkOnThePathRunsTheCloneItPointsTo() throws Exception {
        Path bin = Files.createDirectories(scratch.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("creor"), CLONE.resolve("creor"));

        Outcome outcome = sh(bin.resolve("creor"), Map.of("PATH", bin + ":" + System.getenv("PATH")), "--version");

        assertThat(outcome.exitCode()).as(outcome.toString()).isZero();
        assertThat(outcome.stdout()).startsWith("creor ");
        assertThat(outcome.stderr()).isEmpty();
        try (Stream<Path> files = Files.list(bin)) {
            assertThat(files).as("nothing written next to the link").containsExactly(bin.resolve("creor"));
        }
    }

    @Test
    void withoutMavenTheBuildSaysWhatToInstall() throws Exception {
        Path clone = Files.createDirectories(scratch.resolve("clone"));
        for (String file : List.of("creor", "mvnw", "pom.xml", ".mvn/wrapper/maven-wrapper.properties")) {
            Files.createDirectories(clone.resolve(file).getParent());
            Files.copy(CLONE.resolve(file), clone.resolve(file), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        // Every command of the machine but mvn, and no cached Maven.
        Path bin = Files.createDirectories(scratch.resolve("bin-without-maven"));
        for (String directory : System.getenv("PATH").split(":")) {
            try (Stream<Path> commands = Files.list(Path.of(directory))) {
                for (Path command : (Iterable<Path>) commands::iterator) {
                    Path link = bin.resolve(command.getFileName());
                    if (!command.getFileName().toString().equals("mvn") && Files.notExists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(link, command);
                    }
                }
            } catch (IOException notADirectory) {
                // skip it
            }
        }

        Outcome outcome = sh(clone.resolve("creor"), Map.of("PATH", bin.toString(),
                "MAVEN_USER_HOME", scratch.resolve("m2").toString()), "--version");

        assertThat(outcome.exitCode()).as(outcome.toString()).isEqualTo(1);
        assertThat(outcome.stderr()).as(outcome.toString())
                .startsWith("creor: building the command line with Maven")
                .contains("any Maven 3 on PATH (e.g. the 'maven' package", "MVNW_REPOURL set to the base URL",
                        "creor: the build failed; the whole log is in ");
    }
}
