package dev.creor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.runtime.internal.credentials.AuthService;
import dev.creor.runtime.internal.credentials.CredentialListing;
import dev.creor.runtime.internal.credentials.CredentialStatus;
import dev.creor.runtime.internal.credentials.KeyInspectors;
import dev.creor.runtime.internal.credentials.KeyReader;
import dev.creor.runtime.internal.credentials.LoginOptions;
import dev.creor.runtime.internal.credentials.LoginResult;
import dev.creor.runtime.internal.credentials.LogoutResult;
import dev.creor.runtime.internal.wiring.CreorRuntime;
import dev.creor.runtime.internal.wiring.ProviderHandle;
import dev.creor.spi.ProviderDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
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

    static AuthService service(CreorRuntime runtime) {
        Map<String, ProviderDescriptor> descriptors = new LinkedHashMap<>();
        runtime.providers().forEach((id, handle) -> descriptors.put(id, handle.descriptor()));
        KeyInspectors inspectors = id -> Optional.ofNullable(runtime.providers().get(id))
                .flatMap(ProviderHandle::keyInspector);
        return new AuthService(runtime.credentials(), descriptors, inspectors, runtime.blockingExecutor());
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
            try (CreorRuntime runtime = CliRuntime.start(context)) {
                AuthService auth = service(runtime);
                String id = provider == null ? onlyProviderNeedingAKey(runtime) : provider;
                LoginOptions options = LoginOptions.defaults().withVerify(!noVerify).withForce(force)
                        .withReplaceCorrupt(replaceCorrupt);
                ProviderDescriptor descriptor = auth.providers().get(id);
                if (descriptor == null) {
                    throw refusal(runtime, auth, id, options);
                }
                KeyReader reader = context.interactive() && System.console() != null
                        ? KeyReader.fromConsole(System.console()) : KeyReader.fromStream(context.in());
                String key = reader.read(descriptor.displayName() + " key"
                        + descriptor.keyPrefix().map(prefix -> " (" + prefix + "...)").orElse("") + ": ");
                LoginResult result = auth.login(id, key, options).toCompletableFuture().get();
                result.warnings().forEach(warning -> context.err().println("creor: warning: " + warning));
                context.out().println(result.summary());
                context.out().flush();
                context.err().flush();
                return ExitCodes.OK;
            }
        }

        /**
         * Why a provider the service does not offer cannot get a key, found before the key is
         * asked for: one the config disables says so; for anything else the service explains,
         * and it recognises a key pasted in the provider's place without echoing it.
         */
        private static RuntimeException refusal(CreorRuntime runtime, AuthService auth, String id,
                                                LoginOptions options) throws InterruptedException {
            if (runtime.discovered().providers().stream().anyMatch(installed -> installed.id().equals(id))) {
                runtime.provider(id);
            }
            try {
                auth.login(id, "", options.withVerify(false)).toCompletableFuture().get();
            } catch (ExecutionException refused) {
                return refused.getCause() instanceof CreorException creor ? creor
                        : new IllegalStateException("the login was refused unexpectedly", refused.getCause());
            }
            return new IllegalStateException("the credential service accepted the unknown provider " + id);
        }

        private static String onlyProviderNeedingAKey(CreorRuntime runtime) {
            List<String> needing = runtime.providers().values().stream()
                    .filter(handle -> handle.descriptor().requiresCredential()).map(ProviderHandle::id).toList();
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
            try (CreorRuntime runtime = CliRuntime.start(context)) {
                CredentialListing listing = service(runtime).list();
                if (json) {
                    for (CredentialStatus status : listing.providers()) {
                        ObjectNode node = Json.object().put("provider", status.providerId())
                                .put("name", status.displayName())
                                .put("source", status.source().describe());
                        status.maskedKey().ifPresent(masked -> node.put("key", masked));
                        ArrayNode warnings = node.putArray("warnings");
                        status.warnings().forEach(warnings::add);
                        context.out().println(Json.line(node));
                    }
                } else {
                    Table table = new Table("PROVIDER", "KEY", "SOURCE");
                    for (CredentialStatus status : listing.providers()) {
                        table.row(status.providerId(), status.maskedKey().orElse("-"), status.source().describe());
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
            try (CreorRuntime runtime = CliRuntime.start(context)) {
                LogoutResult result = service(runtime).logout(provider);
                result.messages().forEach(context.out()::println);
                context.out().flush();
                return ExitCodes.OK;
            }
        }
    }
}
