package dev.creor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.runtime.CreorSetup;
import dev.creor.runtime.PluginIssue;
import dev.creor.runtime.ProviderCredential;
import dev.creor.runtime.ProviderInfo;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code creor providers}: every provider found, where it came from, and whether it can be used. */
@Command(name = "providers", mixinStandardHelpOptions = true,
        description = {"List every provider: built in or from a plugin jar, its SPI version, whether the config "
                + "enables it, and where its credential comes from.",
            "Plugin jars that could not be loaded follow on standard error with the reason; the exit code is then 2 "
                + "(also when the configuration is invalid)."})
final class ProvidersCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--json", description = "Print one JSON object per provider, then one per problem.")
    private boolean json;

    ProvidersCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (CreorSetup setup = CliRuntime.builder(context).inspect()) {
            // The list is worth showing even when the config is broken: it may be why.
            boolean configValid = setup.configValid();
            Table table = new Table("ID", "NAME", "ORIGIN", "SPI", "STATUS", "CREDENTIAL");
            for (ProviderInfo provider : setup.providers()) {
                String status = switch (provider.status()) {
                    case UNKNOWN -> "unknown (config invalid)";
                    case ENABLED -> "enabled";
                    case DISABLED -> "disabled by config";
                    case NOT_CONFIGURED -> "not configured";
                };
                String credential = provider.credential().map(ProvidersCommand::describe).orElse("-");
                if (json) {
                    ObjectNode node = Json.object().put("id", provider.id())
                            .put("name", provider.displayName())
                            .put("origin", provider.origin())
                            .put("spiVersion", provider.spiVersion())
                            .put("status", status)
                            .put("credential", credential);
                    context.out().println(Json.line(node));
                } else {
                    table.row(provider.id(), provider.displayName(), provider.origin(),
                            String.valueOf(provider.spiVersion()), status, credential);
                }
            }
            List<PluginIssue> problems = setup.pluginProblems();
            String configProblem = "the configuration is invalid; `creor config validate` lists why";
            if (json) {
                for (PluginIssue problem : problems) {
                    ObjectNode node = Json.object().put("problem", problem.message())
                            .put("severity", problem.severity())
                            .put("origin", problem.origin());
                    problem.providerId().ifPresent(id -> node.put("provider", id));
                    context.out().println(Json.line(node));
                }
                if (!configValid) {
                    context.out().println(Json.line(Json.object().put("problem", configProblem)
                            .put("severity", "error").put("origin", "config")));
                }
            } else {
                if (table.isEmpty()) {
                    context.out().println("No provider found. Built-in providers ship with Creor; plugin jars go in "
                            + String.join(" or ", setup.pluginDirectories().stream().map(Object::toString).toList())
                            + ".");
                } else {
                    table.print(context.out());
                }
                // Diagnostics, not the listing: standard error, like every other command's.
                problems.forEach(problem -> context.err().println("creor: " + problem));
                if (!configValid) {
                    context.err().println("creor: error: " + configProblem);
                }
            }
            context.out().flush();
            context.err().flush();
            boolean failed = !configValid || problems.stream().anyMatch(PluginIssue::error);
            return failed ? ExitCodes.USAGE : ExitCodes.OK;
        }
    }

    static String describe(ProviderCredential credential) {
        if (credential.notNeeded()) {
            return "not needed";
        }
        if (credential.maskedKey().isEmpty()) {
            return "missing";
        }
        return credential.source() + " (" + credential.maskedKey().get() + ")"
                + (credential.sourcesDisagree() ? " (other sources differ)" : "");
    }
}
