package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command tree in-process: fast checks of wiring that the process tests then confirm end to end. */
class CreorCliTest {
    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CliContext context = new CliContext(Map.of(), home, home, new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true), false);
        return CreorCli.run(context, args);
    }

    @Test
    void everyCommandHasHelp() {
        var commandLine = CreorCli.newCommandLine(new CliContext(Map.of(), home, home,
                new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), false));

        commandLine.getSubcommands().forEach((name, command) -> {
            if (!name.equals("help")) {
                assertThat(command.getCommandSpec().mixinStandardHelpOptions()).as(name + " has --help").isTrue();
                assertThat(command.getCommandSpec().usageMessage().description()).as(name + " is described")
                        .isNotEmpty();
            }
        });
    }

    @Test
    void everyCommandIsKnownByTheNameItsAnnotationGives() {
        var commandLine = CreorCli.newCommandLine(new CliContext(Map.of(), home, home,
                new ByteArrayInputStream(new byte[0]), new PrintWriter(out), new PrintWriter(err), false));

        assertThat(commandLine.getSubcommands().keySet()).containsExactlyElementsOf(CreorCli.Commands.BY_NAME.keySet());
    }

    @Test
    void argumentsThatNameACommandBuildOnlyThatCommand() {
        assertThat(CreorCli.commandsFor("run", "hello", "--help")).containsExactly("run");
        assertThat(CreorCli.commandsFor("--debug", "config", "validate")).containsExactly("config");
        assertThat(CreorCli.commandsFor("--version")).isEmpty();
        assertThat(CreorCli.commandsFor("--debug", "-V")).isEmpty();
    }

    @Test
    void argumentsThatMayNeedEveryCommandBuildThemAll() {
        var every = CreorCli.Commands.BY_NAME.keySet();
        assertThat(CreorCli.commandsFor()).isEqualTo(every);
        assertThat(CreorCli.commandsFor("--help")).isEqualTo(every);
        assertThat(CreorCli.commandsFor("--debug")).isEqualTo(every);
        assertThat(CreorCli.commandsFor("rn", "hello")).as("a did-you-mean needs every name").isEqualTo(every);
        assertThat(CreorCli.commandsFor("help", "run")).isEqualTo(every);
        assertThat(CreorCli.commandsFor("completion", "bash")).isEqualTo(every);
        assertThat(CreorCli.commandsFor("--bogus", "run")).isEqualTo(every);
        assertThat(CreorCli.commandsFor("--version", "run")).isEqualTo(every);
        assertThat(CreorCli.commandsFor("@arguments.txt")).isEqualTo(every);
    }

    @Test
    void theCommandsTheArgumentsNameAnswerAsTheWholeTreeDoes() {
        for (String[] args : new String[][] {
            {"--version"}, {"-V"}, {"--debug", "--version"}, {"--version", "--debug"}, {"run", "--help"},
            {"config"}, {"config", "validate", "--help"}, {"config", "validate", "--jsn"}, {"config", "valdate"},
            {"models", "--bogus"}, {"auth", "list", "--help"}, {"--debug", "trust", "--help"}, {"run", "--version"},
            {"config", "validate"}, {"doctor", "--help"}}) {
            StringWriter wholeOut = new StringWriter();
            StringWriter wholeErr = new StringWriter();
            int whole = CreorCli.newCommandLine(new CliContext(Map.of(), home, home,
                            new ByteArrayInputStream(new byte[0]), new PrintWriter(wholeOut, true),
                            new PrintWriter(wholeErr, true), false))
                    .execute(args);
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);

            int shortened = run(args);

            assertThat(shortened).as(String.join(" ", args)).isEqualTo(whole);
            assertThat(out.toString()).as(String.join(" ", args)).isEqualTo(wholeOut.toString());
            assertThat(err.toString()).as(String.join(" ", args)).isEqualTo(wholeErr.toString());
        }
    }

    @Test
    void debugIsAcceptedAfterASubcommand() {
        assertThat(run("demo", "--debug")).isZero();
    }
}
