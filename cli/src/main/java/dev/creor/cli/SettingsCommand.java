package dev.creor.cli;

import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.runtime.AgentInfo;
import dev.creor.runtime.Creor;
import dev.creor.runtime.CreorSetup;
import dev.creor.settings.BrowserLauncher;
import dev.creor.settings.DefaultSettingsBackend;
import dev.creor.settings.GlobalConfigFile;
import dev.creor.settings.SettingsServer;
import dev.creor.settings.SettingsSources;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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
        ExecutorService fileWork = Executors.newCachedThreadPool(daemonThreads("creor-settings-files-"));
        try (Creor creor = CliRuntime.creor(context)) {
            GlobalConfigFile file = GlobalConfigFile.forUser(context.env(), context.homeDirectory());
            DefaultSettingsBackend backend = new DefaultSettingsBackend(creor.credentials(), file,
                    new LiveSources(creor), fileWork);
            SettingsServer server = SettingsServer.builder(backend).port(port).build();
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
                BrowserLauncher.forSystem(context.env()).open(url)
                        .ifPresent(reason -> context.err().println("creor: " + reason));
                context.err().flush();
            }
            stopped.await();
            return ExitCodes.INTERRUPTED;
        } finally {
            fileWork.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The runtime's catalogs, with agents and model filters read from the configuration as it is
     * now: the page changes the global file while it runs.
     */
    private static final class LiveSources implements SettingsSources {
        private final Creor creor;

        LiveSources(Creor creor) {
            this.creor = creor;
        }

        private <T> T current(Function<CreorSetup, T> question) {
            try (CreorSetup setup = creor.inspect()) {
                return question.apply(setup);
            }
        }

        /** Asks the config as it is now; a file broken by hand meanwhile: what the runtime started with. */
        private <T> T valid(Function<CreorSetup, T> question, Function<Creor, T> atStart) {
            try (CreorSetup setup = creor.inspect()) {
                return setup.configValid() ? question.apply(setup) : atStart.apply(creor);
            }
        }

        @Override
        public Optional<ModelCatalog> catalog(String providerId) {
            return creor.catalog(providerId);
        }

        @Override
        public List<AgentInfo> agents() {
            return valid(CreorSetup::agents, started -> started.agents().stream().map(agent -> new AgentInfo(agent.name(),
                    agent.description(), agent.builtIn(), agent.model(), agent.modelSourceKind(), agent.modelSource()))
                    .toList());
        }

        @Override
        public ModelFilter modelFilter(String providerId) {
            return valid(setup -> setup.modelFilter(providerId), started -> started.modelFilter(providerId));
        }

        @Override
        public Optional<String> overridingSource(String jsonPointer) {
            return current(setup -> setup.overridingSource(jsonPointer));
        }

        @Override
        public List<String> configErrors(String json) {
            return current(setup -> setup.validateText("the settings page", json).errors().stream()
                    .map(problem -> problem.pointer() + ": " + problem.message()).toList());
        }
    }
}
