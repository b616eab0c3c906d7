package dev.creor.cli;

import dev.creor.config.ValidationReport;
import dev.creor.runtime.CreorSetup;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code creor config validate|show}. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Check or show the configuration.",
        subcommands = {ConfigCommand.Validate.class, ConfigCommand.Show.class})
final class ConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Check config files against the schema (the core keys plus every installed provider's).",
                "Without FILE, checks the merged configuration of this directory: the global file, CREOR_CONFIG, "
                    + "project files up to the git root and CREOR_CONFIG_CONTENT.",
                "Each problem is printed as file:line:col: /json/pointer: message. Exit code 0 when valid "
                    + "(warnings allowed), 2 when not."})
    static final class Validate implements Callable<Integer> {
        private final CliContext context;

        @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to check, each on its own.")
        private List<Path> files = List.of();

        @Option(names = "--json", description = "Print the report as one JSON object.")
        private boolean json;

        Validate(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (CreorSetup setup = CliRuntime.builder(context).inspect()) {
                ValidationReport report = files.isEmpty() ? setup.validation() : setup.validateFiles(files);
                context.out().print(json ? report.renderJson() + System.lineSeparator() : report.renderText());
                context.out().flush();
                return ExitCodes.of(report);
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print the merged configuration, with credentials redacted.",
                "--origin adds where each value came from (file:line:col, environment variable, flag or default). "
                    + "When the configuration is invalid, it is still printed and the problems follow on "
                    + "standard error (exit code 2)."})
    static final class Show implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--origin", description = "Show where each value came from.")
        private boolean origin;

        @Option(names = "--json", description = "Print one JSON object ({\"config\":..., \"origins\":...}).")
        private boolean json;

        Show(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (CreorSetup setup = CliRuntime.builder(context).inspect()) {
                String shown = json ? setup.configJson(origin) : setup.configText(origin);
                context.out().print(shown.endsWith("\n") ? shown : shown + System.lineSeparator());
                context.out().flush();
                if (!setup.configValid()) {
                    context.err().print(setup.validation().renderText());
                }
                setup.untrustedConfigSources().forEach(source -> context.err().println(
                        "creor: " + source + " is a project file that is not trusted: keys that decide"
                                + " where requests go or what they carry, and {env:}/{file:} references, are refused"
                                + " from it (`creor trust` trusts its folder)"));
                context.err().flush();
                return ExitCodes.of(setup.validation());
            }
        }
    }
}
