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
    void debugIsAcceptedAfterASubcommand() {
        assertThat(run("demo", "--debug")).isZero();
    }
}
