package dev.creor.app.cli;

import dev.creor.app.CreorVersion;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code creor} command. */
@Command(name = "creor",
        mixinStandardHelpOptions = true,
        versionProvider = CreorCli.VersionProvider.class,
        description = "Reach hundreds of language models through one config, one key per provider, "
                + "named agents and routing that survives outages.",
        subcommands = {CreorCli.DemoCommand.class, CommandLine.HelpCommand.class})
public final class CreorCli implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    static CommandLine newCommandLine() {
        return new CommandLine(new CreorCli());
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Prints the version with the Java runtime it runs on. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "creor " + CreorVersion.version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Route real requests through the whole stack against the built-in offline sandbox.")
    static final class DemoCommand implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println("creor " + CreorVersion.version()
                    + ": the offline demo arrives with the OpenRouter sandbox and the CLI.");
            return 0;
        }
    }
}
