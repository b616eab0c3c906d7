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

    @Test
    void bashCompletionWorksInARealBash() throws Exception {
        CreorProcess.Result script = CreorProcess.inHome(home).run("completion", "bash");
        assertThat(script.exitCode()).as(script.toString()).isZero();
        java.nio.file.Path file = home.resolve("creor-completion.bash");
        java.nio.file.Files.writeString(file, script.stdout());

        // Complete "creor de" the way bash would, and print the candidates.
        Process bash = new ProcessBuilder("bash", "-c", "source " + file
                + " && COMP_WORDS=(creor de) && COMP_CWORD=1 && COMP_LINE='creor de' && COMP_POINT=8"
                + " && _complete_creor creor de creor && printf '%s\\n' \"${COMPREPLY[@]}\"")
                .redirectErrorStream(true).start();
        String candidates = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(bash.waitFor()).as(candidates).isZero();
        assertThat(candidates.lines()).contains("demo");
    }

    @Test
    void zshCompletionLoadsBashCompletionFirst() {
        CreorProcess.Result script = CreorProcess.inHome(home).run("completion", "zsh");

        assertThat(script.exitCode()).isZero();
        assertThat(script.stdout()).startsWith("autoload -U +X compinit").contains("complete -F _complete_creor");
    }
}
