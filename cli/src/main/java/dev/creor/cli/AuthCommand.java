package dev.creor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorCredentials;
import dev.creor.runtime.KeyChange;
import dev.creor.runtime.KeyListing;
import dev.creor.runtime.LoginOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code creor auth login|list|logout}: the credential stored for each provider. */
@Command(name = "auth", mixinStandardHelpOptions = true,
        description = {"Manage the keys Creor stores for providers.",
            "A key is taken from, highest first: the config's provider.<id>.options.apiKey, the provider's "
                + "environment variable (OPENROUTER_API_KEY), then the store these commands manage."},
        subcommands = {AuthCommand.Login.class, AuthCommand.ListKeys.class, AuthCommand.Logout.class})
final class AuthCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    @Command(name = "login", mixinStandardHelpOptions = true,
            description = {"Store a provider's key. The key is asked for without echo on a terminal, or read as one "
                    + "line from standard input (never from an argument, which would land in shell history).",
                "The key is checked with the provider (label, limit, remaining credit) unless --no-verify; a key the "
                    + "provider rejects is refused (exit 3) unless --force."})
    static final class Login implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", arity = "0..1", paramLabel = "PROVIDER",
                description = "The provider, e.g. openrouter; may be left out when only one provider needs a key.")
        private String provider;

        @Option(names = "--no-verify", negatable = false, description = "Store the key without asking the provider about it.")
        private boolean noVerify;

        @Option(names = "--force", description = "Store the key even when the provider rejects it or cannot be reached.")
        private boolean force;

        @Option(names = "--replace-corrupt",
                description = "If the key store is unreadable, move it to a backup beside it and start a new one.")
        private boolean replaceCorrupt;

        Login(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            try (Creor creor = CliRuntime.creor(context)) {
                CreorCredentials credentials = creor.credentials();
                String id = provider == null ? onlyProviderNeedingAKey(credentials) : provider;
                LoginOptions options = LoginOptions.defaults().withVerify(!noVerify).withForce(force)
                        .withReplaceCorrupt(replaceCorrupt);
                // Refuses a provider it cannot store a key for before the key is asked for.
                String prompt = credentials.keyPrompt(id);
                KeyReader reader = context.interactive() && System.console() != null
                        ? KeyReader.fromConsole(System.console()) : KeyReader.fromStream(context.in());
                String key = reader.read(prompt);
                KeyChange result = credentials.login(id, key, options).toCompletableFuture().get();
                result.warnings().forEach(warning -> context.err().println("creor: warning: " + warning));
                result.messages().forEach(context.out()::println);
                context.out().flush();
                context.err().flush();
                return ExitCodes.OK;
            }
        }

        private static String onlyProviderNeedingAKey(CreorCredentials credentials) {
            List<String> needing = credentials.providersNeedingAKey();
            if (needing.size() == 1) {
                return needing.get(0);
            }
            throw CreorException.builder(ErrorCode.USAGE, needing.isEmpty() ? "no installed provider needs a key"
                            : "say which provider the key is for: " + String.join(", ", needing))
                    .hint("creor auth login <provider>").build();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show, for every provider, which key is in effect (masked) and where it comes from; warns "
                    + "when two sources hold different keys.")
    static final class ListKeys implements Callable<Integer> {
        private final CliContext context;

        @Option(names = "--json", description = "Print one JSON object per provider.")
        private boolean json;

        ListKeys(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (Creor creor = CliRuntime.creor(context)) {
                KeyListing listing = creor.credentials().list();
                if (json) {
                    for (KeyListing.Entry status : listing.providers()) {
                        ObjectNode node = Json.object().put("provider", status.providerId())
                                .put("name", status.displayName())
                                .put("source", status.source());
                        status.maskedKey().ifPresent(masked -> node.put("key", masked));
                        ArrayNode warnings = node.putArray("warnings");
                        status.warnings().forEach(warnings::add);
                        context.out().println(Json.line(node));
                    }
                } else {
                    Table table = new Table("PROVIDER", "KEY", "SOURCE");
                    for (KeyListing.Entry status : listing.providers()) {
                        table.row(status.providerId(), status.maskedKey().orElse("-"), status.source());
                    }
                    table.print(context.out());
                    listing.providers().forEach(status -> status.warnings()
                            .forEach(warning -> context.err().println("creor: warning: " + warning)));
                }
                listing.warnings().forEach(warning -> context.err().println("creor: warning: " + warning));
                context.out().flush();
                context.err().flush();
                return ExitCodes.OK;
            }
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true,
            description = "Remove a provider's stored key; says when the environment or the config still supply one.")
    static final class Logout implements Callable<Integer> {
        private final CliContext context;

        @Parameters(index = "0", paramLabel = "PROVIDER", description = "The provider, e.g. openrouter.")
        private String provider;

        Logout(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            try (Creor creor = CliRuntime.creor(context)) {
                KeyChange result = creor.credentials().logout(provider);
                result.messages().forEach(context.out()::println);
                context.out().flush();
                return ExitCodes.OK;
            }
        }
    }
}
