package dev.creor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.config.CreorConfig;
import dev.creor.config.LoadedConfig;
import dev.creor.core.Secret;
import dev.creor.runtime.internal.credentials.CredentialResolver;
import dev.creor.runtime.internal.credentials.ResolvedCredential;
import dev.creor.runtime.internal.plugins.DiscoveredProvider;
import dev.creor.runtime.internal.plugins.DiscoveredProviders;
import dev.creor.runtime.internal.plugins.PluginProblem;
import dev.creor.runtime.internal.wiring.Bootstrap;
import dev.creor.runtime.internal.wiring.RuntimeOptions;
import java.util.Map;
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
        RuntimeOptions options = CliRuntime.options(context).build();
        try (DiscoveredProviders discovered = Bootstrap.discoverProviders(options)) {
            LoadedConfig loaded = Bootstrap.configLoader(options, discovered).load();
            // The list is worth showing even when the config is broken: it may be why.
            CreorConfig config = loaded.isValid() ? loaded.config() : null;
            Map<String, DiscoveredProvider> enabled = config == null ? Map.of()
                    : Bootstrap.enabledProviders(discovered, config);
            CredentialResolver credentials = config == null ? null : Bootstrap.credentialResolver(options, config);
            Table table = new Table("ID", "NAME", "ORIGIN", "SPI", "STATUS", "CREDENTIAL");
            for (DiscoveredProvider provider : discovered.providers()) {
                String status = config == null ? "unknown (config invalid)"
                        : enabled.containsKey(provider.id()) ? "enabled" : "disabled by config";
                String credential = "-";
                if (credentials != null && enabled.containsKey(provider.id())) {
                    credential = describe(credentials.resolve(provider.id(), provider.descriptor()));
                }
                if (json) {
                    ObjectNode node = Json.object().put("id", provider.id())
                            .put("name", provider.descriptor().displayName())
                            .put("origin", provider.origin().toString())
                            .put("spiVersion", provider.spiVersion())
                            .put("status", status)
                            .put("credential", credential);
                    context.out().println(Json.line(node));
                } else {
                    table.row(provider.id(), provider.descriptor().displayName(), provider.origin().toString(),
                            String.valueOf(provider.spiVersion()), status, credential);
                }
            }
            String configProblem = "the configuration is invalid; `creor config validate` lists why";
            if (json) {
                for (PluginProblem problem : discovered.problems()) {
                    ObjectNode node = Json.object().put("problem", problem.message())
                            .put("severity", problem.severity().label())
                            .put("origin", problem.origin().toString());
                    problem.providerId().ifPresent(id -> node.put("provider", id));
                    context.out().println(Json.line(node));
                }
                if (config == null) {
                    context.out().println(Json.line(Json.object().put("problem", configProblem)
                            .put("severity", "error").put("origin", "config")));
                }
            } else {
                if (table.isEmpty()) {
                    context.out().println("No provider found. Built-in providers ship with Creor; plugin jars go in "
                            + String.join(" or ", discovered.pluginDirectories().stream().map(Object::toString).toList())
                            + ".");
                } else {
                    table.print(context.out());
                }
                // Diagnostics, not the listing: standard error, like every other command's.
                discovered.problems().forEach(problem -> context.err().println("creor: " + problem));
                if (config == null) {
                    context.err().println("creor: error: " + configProblem);
                }
            }
            context.out().flush();
            context.err().flush();
            boolean failed = config == null || discovered.problems().stream().anyMatch(PluginProblem::isError);
            return failed ? ExitCodes.USAGE : ExitCodes.OK;
        }
    }

    static String describe(ResolvedCredential credential) {
        if (!credential.required() && credential.secret().isEmpty()) {
            return "not needed";
        }
        if (credential.secret().isEmpty()) {
            return "missing";
        }
        return credential.source().describe() + " (" + credential.secret().map(Secret::masked).orElse("") + ")"
                + (credential.sourcesDisagree() ? " (other sources differ)" : "");
    }
}
