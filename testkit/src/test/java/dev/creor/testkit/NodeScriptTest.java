package dev.creor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real {@code node} processes on scripts in a temporary folder. */
class NodeScriptTest {
    private static final Duration PATIENCE = Duration.ofMinutes(1);
    private static final String ONE_PACKAGE_LOCKED = """
            {"name": "probe", "lockfileVersion": 3, "packages": {
              "": {"name": "probe", "dependencies": {"left-pad": "1.3.0"}},
              "node_modules/left-pad": {"version": "1.3.0"}
            }}
            """;

    @TempDir
    Path folder;

    @BeforeEach
    void writeScripts() throws IOException {
        Files.writeString(folder.resolve("probe.mjs"), """
                console.log("cwd " + process.cwd());
                console.error("argument " + process.argv[2]);
                process.exit(3);
                """);
        Files.writeString(folder.resolve("forever.mjs"), "setInterval(() => {}, 1000);\n");
    }

    @Test
    void runsTheScriptInItsFolderAndCapturesBothStreamsAndTheExitCode() throws IOException {
        Files.writeString(folder.resolve("package-lock.json"), """
                {"name": "probe", "lockfileVersion": 3, "packages": {"": {"name": "probe"}}}
                """);

        Subprocess.Result result = NodeScript.of(folder, "probe.mjs").run(PATIENCE, "hello world");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(3);
        assertThat(result.output()).contains("cwd " + folder.toRealPath(), "argument hello world");
    }

    @Test
    void aMissingPackageIsInstalledByNpmCiOnceThenTheScriptRuns() throws IOException {
        Files.writeString(folder.resolve("package-lock.json"), ONE_PACKAGE_LOCKED);
        NodeScript script = NodeScript.of(folder, "probe.mjs").withNpm(fakeNpm("""
                echo "$*" >> npm-calls.txt
                mkdir -p node_modules/left-pad
                echo '{"name": "left-pad", "version": "1.3.0"}' > node_modules/left-pad/package.json
                """).toString());

        assertThat(script.run(PATIENCE).exitCode()).isEqualTo(3);
        assertThat(script.run(PATIENCE).exitCode()).isEqualTo(3);

        assertThat(Files.readAllLines(folder.resolve("npm-calls.txt")))
                .containsExactly("ci --no-audit --no-fund --ignore-scripts");
    }

    @Test
    void aFailingNpmCiFailsTheTestNamingTheCommandAndWhatNpmSaid() throws IOException {
        Files.writeString(folder.resolve("package-lock.json"), ONE_PACKAGE_LOCKED);
        NodeScript script = NodeScript.of(folder, "probe.mjs").withNpm(fakeNpm("""
                echo "npm ERR! the registry cannot be reached" >&2
                exit 1
                """).toString());

        assertThatThrownBy(() -> script.run(PATIENCE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("npm ci --prefix " + folder.toAbsolutePath().normalize())
                .hasMessageContaining("failed (exit 1)")
                .hasMessageContaining("npm ERR! the registry cannot be reached");
    }

    @Test
    void aPackageThatNpmCiLeavesInAnotherVersionThanTheLockfilesFails() throws IOException {
        Files.writeString(folder.resolve("package-lock.json"), ONE_PACKAGE_LOCKED);
        Path installed = Files.createDirectories(folder.resolve("node_modules/left-pad"));
        Files.writeString(installed.resolve("package.json"), "{\"name\": \"left-pad\", \"version\": \"1.2.0\"}");
        NodeScript script = NodeScript.of(folder, "probe.mjs").withNpm(fakeNpm("exit 0\n").toString());

        assertThatThrownBy(() -> script.run(PATIENCE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("node_modules/left-pad is installed in version 1.2.0, not 1.3.0");

        Files.writeString(installed.resolve("package.json"), "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}");
        assertThat(script.run(PATIENCE).exitCode()).isEqualTo(3);
    }

    /** An executable standing in for npm: a shell script run in the package folder. */
    private Path fakeNpm(String body) throws IOException {
        Path npm = folder.resolve("fake-npm.sh");
        Files.writeString(npm, "#!/bin/sh\n" + body);
        npm.toFile().setExecutable(true);
        return npm;
    }

    @Test
    void aScriptThatOutlivesItsTimeLimitIsKilledAndFails() {
        assertThatThrownBy(() -> NodeScript.of(folder, "forever.mjs").run(Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("forever.mjs did not end within 500 ms");
    }

    @Test
    void withoutNodeTheFailureSaysWhatToInstall() {
        NodeScript script = NodeScript.of(folder, "probe.mjs").withNode(folder.resolve("no-such-node").toString());

        assertThatThrownBy(() -> script.run(PATIENCE))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Node.js 20 or newer on the PATH to run probe.mjs");
    }
}
