package dev.creor.cli;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.internal.Suggestions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code creor help [COMMAND...]}: the help of any command, however deep, as {@code git help}
 * and {@code kubectl help} give it: {@code creor help config validate} is
 * {@code creor config validate --help}. picocli's own help command looks at one word only, so
 * it showed {@code config}'s help for {@code config validate}.
 */
@Command(name = "help", helpCommand = true,
        description = "Show the help of a command, e.g. creor help config validate.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command and its subcommands.")
    private List<String> commands = new ArrayList<>();

    private CommandLine self;
    private CommandLine.Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter outWriter,
                     PrintWriter errWriter) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = outWriter;
    }

    @Override
    public Integer call() {
        CommandLine target = self.getParent();
        for (String name : commands) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                String parent = target.getCommandSpec().qualifiedName();
                throw CreorException.builder(ErrorCode.USAGE, "unknown command \"" + name + "\" for '" + parent + "'"
                                + Suggestions.didYouMean(name, target.getSubcommands().keySet()))
                        .hint("run '" + parent + " --help' to see its commands")
                        .build();
            }
            target = sub;
        }
        target.usage(out, colors);
        out.flush();
        return ExitCodes.OK;
    }
}
