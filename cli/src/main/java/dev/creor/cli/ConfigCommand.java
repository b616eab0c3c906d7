package dev.creor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.agents.AgentProblem;
import dev.creor.config.ValidationReport;
import dev.creor.runtime.Creor;
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
                "Each problem is printed as file:line:col: /json/pointer: message. Without FILE, the agents' "
                    + "models are checked too, as `creor agents` checks them but against the cached or bundled "
                    + "model lists (nothing is sent): a model no provider offers or the whitelist excludes is a "
                    + "problem naming where it was set.",
                "Exit code 0 when valid (warnings allowed), 2 when not."})
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
            ValidationReport report;
            List<AgentProblem> agentProblems = List.of();
            try (CreorSetup setup = CliRuntime.builder(context).inspect()) {
                report = files.isEmpty() ? setup.validation() : setup.validateFiles(files);
                if (files.isEmpty() && report.isValid()) {
                    // Agents are checked on the merged config only: one file alone need not name them all.
                    // The setup's own providers and config: no runtime is started for it.
                    agentProblems = setup.offlineAgentProblems();
                }
            }
            context.out().print(json ? renderJson(report, agentProblems) + System.lineSeparator()
                    : renderText(report, agentProblems));
            context.out().flush();
            return agentProblems.isEmpty() ? ExitCodes.of(report) : ExitCodes.USAGE;
        }

        private static String renderText(ValidationReport report, List<AgentProblem> agentProblems) {
            if (agentProblems.isEmpty()) {
                return report.renderText();
            }
            StringBuilder text = new StringBuilder();
            report.problems().forEach(problem -> text.append(problem.render()).append('\n'));
            // Standard output is not redacted as diagnostics are: a key pasted as a model must not show.
            agentProblems.forEach(problem -> text.append(Creor.redact(problem.message())).append('\n'));
            int warnings = report.warnings().size();
            return text.append("configuration is invalid: ").append(agentProblems.size())
                    .append(agentProblems.size() == 1 ? " problem" : " problems").append(" with the agents' models")
                    .append(warnings == 0 ? "" : ", " + warnings + (warnings == 1 ? " warning" : " warnings"))
                    .append('\n').toString();
        }

        private static String renderJson(ValidationReport report, List<AgentProblem> agentProblems) {
            if (agentProblems.isEmpty()) {
                return report.renderJson();
            }
            ObjectNode node;
            try {
                node = (ObjectNode) Json.MAPPER.readTree(report.renderJson());
            } catch (java.io.IOException impossible) {
                throw new java.io.UncheckedIOException(impossible);
            }
            node.put("valid", false);
            ArrayNode agents = node.putArray("agentProblems");
            agentProblems.forEach(problem -> agents.addObject().put("agent", problem.agent())
                    .put("setting", problem.setting()).put("code", problem.code().name())
                    .put("message", Creor.redact(problem.message())));
            return Json.line(node);
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
