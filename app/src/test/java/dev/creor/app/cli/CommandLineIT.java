package dev.creor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged command's basic contract: version, help, usage errors and exit codes. */
class CommandLineIT {
    @TempDir
    Path home;

    @Test
    void versionPrintsTheVersionAndJavaRuntime() {
        CreorProcess.Result result = CreorProcess.inHome(home).run("--version");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).startsWith("creor ").contains("Java ");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        CreorProcess.Result result = CreorProcess.inHome(home).run("--help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("demo", "Exit codes: 0 ok");
    }

    @Test
    void anUnknownCommandIsAUsageErrorWithASuggestion() {
        CreorProcess.Result result = CreorProcess.inHome(home).run("dmeo");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("creor: Unmatched argument at index 0: 'dmeo' (did you mean \"demo\"?)",
                "Run 'creor --help'");
    }
}
