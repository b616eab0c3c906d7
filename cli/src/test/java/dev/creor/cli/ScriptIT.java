package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
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

    /**
     * A clone in the scratch folder with this build's launcher, jar and libraries, and no sources:
     * never stale. The real clone's jar can be: Maven keeps a jar whose own classes did not change
     * as it was, older than a source changed since in a module the jar only runs on, and the
     * launcher would then build (and print so) before doing what the test asks.
     */
    private Path builtClone() throws IOException {
        Path clone = Files.createDirectories(scratch.resolve("clone"));
        Files.copy(CLONE.resolve("creor"), clone.resolve("creor"), StandardCopyOption.COPY_ATTRIBUTES);
        Path target = Files.createDirectories(clone.resolve("cli/target"));
        Files.copy(CreorProcess.JAR, target.resolve("creor.jar"));
        Files.createSymbolicLink(target.resolve("lib"), CreorProcess.JAR.resolveSibling("lib"));
        return clone;
    }

    @Test
    void aSymlinkOnThePathRunsTheCloneItPointsTo() throws Exception {
        Path bin = Files.createDirectories(scratch.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("creor"), builtClone().resolve("creor"));

        Outcome outcome = sh(bin.resolve("creor"), Map.of("PATH", bin + ":" + System.getenv("PATH")), "--version");

        assertThat(outcome.exitCode()).as(outcome.toString()).isZero();
        assertThat(outcome.stdout()).startsWith("creor ");
        assertThat(outcome.stderr()).isEmpty();
        try (Stream<Path> files = Files.list(bin)) {
            assertThat(files).as("nothing written next to the link").containsExactly(bin.resolve("creor"));
        }
    }

    /**
     * A source newer than the jar makes the launcher build; a build after which Maven kept the jar
     * as it was (its own classes unchanged) must still leave the jar fresh, or every later run
     * builds again. Maven is a stand-in here that counts its builds and, like the real one with an
     * up-to-date jar, leaves the jar untouched; the jar and java are real.
     */
    @Test
    void aSourceNewerThanTheJarMakesOneBuildNotOneARun() throws Exception {
        Path clone = builtClone();
        Files.copy(CLONE.resolve("pom.xml"), clone.resolve("pom.xml"));
        Path builds = scratch.resolve("builds.log");
        Path mvnw = Files.writeString(clone.resolve("mvnw"), "#!/bin/sh\n"
                + "echo \"$*\" >> '" + builds + "'\n"
                + "echo '[INFO] Building Creor command line 0.1.0-SNAPSHOT [1/1]'\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = clone.resolve("cli/target/creor.jar");
        Path source = Files.createDirectories(clone.resolve("core/src/main/java")).resolve("Changed.java");
        Files.writeString(source, "class Changed {}\n");
        FileTime now = Files.getLastModifiedTime(source);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(now.toMillis() - 3_600_000));

        Outcome first = sh(clone.resolve("creor"), Map.of(), "--version");
        Outcome second = sh(clone.resolve("creor"), Map.of(), "--version");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stderr()).as(first.toString()).startsWith("creor: building the command line with Maven");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.stdout()).startsWith("creor ");
        assertThat(second.stderr()).as("the second run builds nothing").isEmpty();
        assertThat(Files.readAllLines(builds)).as("builds").containsExactly("-B -f " + clone.toRealPath().resolve("pom.xml")
                + " -DskipTests -pl cli -am package");
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
