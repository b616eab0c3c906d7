package dev.creor.cli;

import dev.creor.agents.AgentCatalog;
import dev.creor.config.ConfigSource;
import dev.creor.config.CreorConfig;
import dev.creor.config.LoadedConfig;
import dev.creor.config.Origin;
import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.runtime.internal.credentials.AuthService;
import dev.creor.runtime.internal.credentials.KeyInspectors;
import dev.creor.runtime.internal.wiring.Bootstrap;
import dev.creor.runtime.internal.wiring.CreorRuntime;
import dev.creor.runtime.internal.wiring.ProviderHandle;
import dev.creor.runtime.internal.wiring.RuntimeOptions;
import dev.creor.runtime.CreorVersion;
import dev.creor.settings.BrowserLauncher;
import dev.creor.settings.DefaultSettingsBackend;
import dev.creor.settings.GlobalConfigFile;
import dev.creor.settings.SettingsServer;
import dev.creor.settings.SettingsSources;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code creor settings}: the providers, keys, OpenRouter whitelist and agents' models, in the browser. */
@Command(name = "settings", mixinStandardHelpOptions = true,
        description = {"Open the settings page: providers and their keys, OpenRouter's model whitelist and request "
                + "timeout, and each agent's model.",
            "It is served on 127.0.0.1 only, behind a one-time link, until Ctrl-C. Keys are saved like `creor auth "
                + "login` does; settings go to the global config file, keeping its comments."})
final class SettingsCommand implements Callable<Integer> {
    private final CliContext context;

    @Option(names = "--no-open", description = "Print the link only; do not open a browser.")
    private boolean noOpen;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "The port to listen on (default: a free one).")
    private int port;

    SettingsCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        // Not on the facade yet: the settings page is rebuilt on the runtime's public API by its own task.
        RuntimeOptions options = RuntimeOptions.builder(context.workingDirectory(), context.homeDirectory())
                .environment(context.environment()).userAgent(CreorVersion.userAgent()).build();
        try (CreorRuntime runtime = CreorRuntime.start(options)) {
            KeyInspectors inspectors = id -> Optional.ofNullable(runtime.providers().get(id))
                    .flatMap(ProviderHandle::keyInspector);
            java.util.Map<String, dev.creor.spi.ProviderDescriptor> descriptors = new java.util.LinkedHashMap<>();
            runtime.providers().forEach((id, handle) -> descriptors.put(id, handle.descriptor()));
            AuthService auth = new AuthService(runtime.credentials(), descriptors, inspectors,
                    runtime.blockingExecutor());
            GlobalConfigFile file = GlobalConfigFile.forUser(runtime.options().environment(),
                    runtime.options().homeDirectory());
            DefaultSettingsBackend backend = new DefaultSettingsBackend(auth, runtime.credentials(), inspectors, file,
                    new LiveSources(runtime), runtime.blockingExecutor());
            SettingsServer server = SettingsServer.builder(backend).port(port).vertx(runtime.vertx()).build();
            CountDownLatch stopped = new CountDownLatch(1);
            Thread onInterrupt = new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "creor-settings-stop");
            URI url = server.start();
            Runtime.getRuntime().addShutdownHook(onInterrupt);
            context.out().println("Creor settings: " + url);
            context.out().println("Open the link in a browser on this machine; press Ctrl-C to stop.");
            context.out().flush();
            if (!noOpen) {
                BrowserLauncher.forSystem(runtime.options().environment()).open(url)
                        .ifPresent(reason -> context.err().println("creor: " + reason));
                context.err().flush();
            }
            stopped.await();
            return ExitCodes.INTERRUPTED;
        }
    }

    /**
     * The runtime's catalogs, with agents and model filters read from the configuration as it is
     * now: the page changes the global file while it runs.
     */
    private static final class LiveSources implements SettingsSources {
        private final CreorRuntime runtime;

        LiveSources(CreorRuntime runtime) {
            this.runtime = runtime;
        }

        private LoadedConfig load() {
            return Bootstrap.configLoader(runtime.options(), runtime.discovered()).load();
        }

        private CreorConfig config() {
            LoadedConfig loaded = load();
            // A file broken by hand meanwhile: keep showing what was valid at start-up.
            return loaded.isValid() ? loaded.config() : runtime.config();
        }

        @Override
        public Optional<ModelCatalog> catalog(String providerId) {
            return Optional.ofNullable(runtime.providers().get(providerId)).map(ProviderHandle::catalog);
        }

        @Override
        public AgentCatalog agents() {
            return config().agentCatalog();
        }

        @Override
        public ModelFilter modelFilter(String providerId) {
            return config().provider(providerId).map(section -> section.modelFilter()).orElse(ModelFilter.ALLOW_ALL);
        }

        @Override
        public Optional<String> overridingSource(String jsonPointer) {
            return load().provenance().originOf(jsonPointer)
                    .filter(origin -> origin.source().kind() != ConfigSource.Kind.GLOBAL_FILE
                            && origin.kind() != Origin.Kind.DEFAULT)
                    .map(Origin::describe);
        }
    }
}
