package dev.creor.runtime;

import dev.creor.agents.AgentDefinition;
import dev.creor.core.CredentialStore;
import dev.creor.core.CreorException;
import dev.creor.core.ModelRef;
import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.internal.Checks;
import dev.creor.runtime.internal.logging.Redaction;
import dev.creor.runtime.internal.plugins.Origin;
import dev.creor.runtime.internal.plugins.PluginProblem;
import dev.creor.runtime.internal.wiring.Bootstrap;
import dev.creor.runtime.internal.wiring.WiredRuntime;
import dev.creor.runtime.internal.wiring.ProviderHandle;
import dev.creor.runtime.internal.wiring.RuntimeOptions;
import dev.creor.spi.KeyInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Creor embedded in a Java program: the config, the providers, the router and the agents of
 * one runtime, behind a handful of methods that take and return Creor's core types.
 *
 * <pre>{@code
 * try (Creor creor = Creor.builder()
 *         .workingDirectory(Path.of("/srv/project"))
 *         .environment(Map.of("OPENROUTER_API_KEY", key))
 *         .build()) {
 *     ChatResponse answer = creor.agent("plan").chat("How should I split this module?")
 *             .toCompletableFuture().get();
 *     System.out.println(answer.text());
 *     System.out.println(answer.route().summary());
 * }
 * }</pre>
 *
 * <p>Building reads the config files that apply to the working directory (exactly as the
 * {@code creor} command does), discovers providers on the class path and in the plugin
 * directories, and resolves credentials; it fails with a {@link dev.creor.core.CreorException}
 * listing every config problem.
 *
 * <p><b>Trust.</b> Config given to the builder ({@link Builder#config}) and the user's global
 * file are trusted. A project {@code creor.json} found from the working directory is not,
 * unless the user trusted its folder with {@code creor trust} or the program says it is its own
 * with {@link Builder#trustProjectConfig()}: from an untrusted project file, keys that decide
 * where requests go or what they carry ({@code baseURL}, {@code apiKey}, headers) and
 * {@code {env:...}}/{@code {file:...}} references fail {@link Builder#build()} with
 * {@code CONFIG_INVALID}, naming the file, the line and both ways out. A {@code Creor} is thread-safe. {@link #close()} releases every
 * connection and thread it started; do not call it from a callback of one of its own streams.
 */
public final class Creor implements AutoCloseable {
    private final WiredRuntime runtime;

    private Creor(WiredRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * The text with every credential masked: each key a runtime of this process has resolved,
     * wherever it appears and whatever its shape, and everything shaped like a credential (API
     * keys, bearer tokens, passwords in URLs). For text on its way out of the program, such as
     * log lines, a server's error body or a message shown to a person.
     */
    public static String redact(String text) {
        return Redaction.redact(Objects.requireNonNull(text, "text is null"));
    }

    /**
     * The plugin jar the class of a stack frame was loaded from, when it came from one: names
     * the plugin behind a call a program did not expect (the command line names the plugin that
     * calls {@code System.exit}).
     */
    public static Optional<Path> pluginJarOf(StackTraceElement frame) {
        return Origin.pluginJarOf(Objects.requireNonNull(frame, "frame is null")).map(Origin.PluginJar::jar);
    }

    /** Starts a builder with the process's working directory, home and environment. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The named agent ({@code build}, {@code plan}, {@code explore} or one the config defines).
     *
     * @throws dev.creor.core.CreorException with {@code USAGE} when there is no such agent
     *                                       (with did-you-mean candidates) or it is disabled
     */
    public CreorAgent agent(String name) {
        return new CreorAgent(runtime, runtime.agents().resolve(name));
    }

    /** The named agent, using {@code model} whatever the config says (like {@code --model}). */
    public CreorAgent agent(String name, ModelRef model) {
        return new CreorAgent(runtime, runtime.agents().resolve(name, model, "the embedding program"));
    }

    /** Every agent that is not disabled: the built-in ones first. */
    public List<CreorAgent> agents() {
        return runtime.agents().agents().stream().map(AgentDefinition::name).map(this::agent).toList();
    }

    /**
     * Every enabled provider's models, each filtered by the provider's whitelist and blacklist.
     * A provider whose list is unavailable is left out with a warning in the log.
     */
    public CompletionStage<List<ModelInfo>> models() {
        return models(false);
    }

    /**
     * Every enabled provider's models, as {@link #models()} lists them.
     *
     * @param refresh fetch the lists anew instead of using cached ones
     */
    public CompletionStage<List<ModelInfo>> models(boolean refresh) {
        return runtime.models().models(Optional.empty(), refresh);
    }

    /**
     * One provider's models, filtered by its whitelist and blacklist.
     *
     * @param refresh fetch the list anew instead of using a cached one
     * @throws dev.creor.core.CreorException at once, with {@code CONFIG_INVALID} (or
     *                                       {@code PLUGIN_INVALID} for a broken plugin), when no
     *                                       enabled provider has that id
     */
    public CompletionStage<List<ModelInfo>> models(String providerId, boolean refresh) {
        return runtime.models().models(Optional.of(Objects.requireNonNull(providerId, "providerId is null")), refresh);
    }

    /** Every discovered provider, enabled or not, with its origin and credential status. */
    public List<ProviderInfo> providers() {
        Map<String, ProviderHandle> enabled = runtime.providers();
        return Credentials.providers(runtime.discovered(),
                enabled.values().stream().map(ProviderHandle::discovered).toList(),
                provider -> enabled.containsKey(provider.id()) ? ProviderInfo.Status.ENABLED
                        : Bootstrap.waitsForConfiguration(provider, runtime.config()) ? ProviderInfo.Status.NOT_CONFIGURED
                        : ProviderInfo.Status.DISABLED,
                provider -> enabled.get(provider.id()).credential());
    }

    /**
     * Asks a provider about the key in effect (label, limit, remaining credit, usage), when the
     * provider can tell and has a key; the key itself never leaves the runtime.
     *
     * @throws dev.creor.core.CreorException at once when the provider is not enabled, or with
     *                                       {@code PLUGIN_INVALID} when it cannot be created
     */
    public Optional<CompletionStage<KeyInfo>> inspectKey(String providerId) {
        ProviderHandle handle = runtime.provider(Objects.requireNonNull(providerId, "providerId is null"));
        Optional<dev.creor.core.Secret> key = handle.credential().secret();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return handle.keyInspector().map(inspector -> inspector.inspect(key.get()).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            // A rejected key's hint names where the key came from: a stored key does not apply while another source wins.
            return CompletableFuture.failedFuture(cause instanceof CreorException error
                    ? handle.credential().explainRejection(error) : cause);
        }));
    }

    /**
     * Fetches a provider's model list anew: completes with how many models it offers (before
     * the config's whitelist and blacklist), or fails with the provider's error. A cheap proof
     * that the provider answers with the key in effect.
     *
     * @throws dev.creor.core.CreorException at once when the provider is not enabled
     */
    public CompletionStage<Integer> checkReachable(String providerId) {
        return runtime.provider(Objects.requireNonNull(providerId, "providerId is null")).catalog().refresh()
                .thenApply(List::size);
    }

    /**
     * The config as the files are now, for a program that changes them while this runtime runs
     * (the settings page): its agents, model filters and problems, read afresh with this
     * runtime's providers and plugins. This runtime keeps running with the config it started
     * with. Closing the setup leaves the runtime's plugins open.
     *
     * @throws dev.creor.core.CreorException when a config file cannot be read at all
     */
    public CreorSetup inspect() {
        return CreorSetup.reload(runtime.options(), runtime.discovered());
    }

    /**
     * A provider's own model list, before the config's whitelist and blacklist: for a program
     * that edits those lists. Empty when the provider is not enabled.
     */
    public Optional<ModelCatalog> catalog(String providerId) {
        return Optional.ofNullable(runtime.providers().get(Objects.requireNonNull(providerId, "providerId is null")))
                .map(ProviderHandle::catalog);
    }

    /**
     * The whitelist and blacklist this runtime holds a provider's models to, as its config set
     * them when it started; allows every model when the config sets none.
     */
    public ModelFilter modelFilter(String providerId) {
        Objects.requireNonNull(providerId, "providerId is null");
        return runtime.config().provider(providerId).map(section -> section.modelFilter()).orElse(ModelFilter.ALLOW_ALL);
    }

    /** The keys of this runtime's providers: list them, store one, remove one. */
    public CreorCredentials credentials() {
        return new CreorCredentials(runtime);
    }

    /**
     * The config's {@code server} section, for a gateway in front of this runtime such as
     * {@code creor serve}: its token (from trusted sources only) and limits.
     */
    public ServerSettings serverSettings() {
        return ServerSettings.of(runtime.config().asMap().get("server"));
    }

    /** Problems found while loading plugins (broken jars, conflicts), each naming its jar. */
    public List<PluginIssue> pluginProblems() {
        return runtime.discovered().problems().stream().map(Creor::issue).toList();
    }

    static PluginIssue issue(PluginProblem problem) {
        return new PluginIssue(problem.isError(), problem.origin().toString(), problem.providerId(), problem.message());
    }

    /**
     * Where a provider's requests go when the config moved them away from the provider's
     * default endpoint, as a sentence for people: {@code OpenRouter requests go to
     * http://127.0.0.1:8787/api/v1 (provider.openrouter.options.baseURL at
     * ~/.config/creor/creor.json:4:20), not to its default https://openrouter.ai/api/v1}. Empty
     * when the provider is not enabled or its endpoint is the default. Show it before keys are
     * sent somewhere the user may not expect.
     */
    public Optional<String> customEndpoint(String providerId) {
        ProviderHandle handle = runtime.providers().get(Objects.requireNonNull(providerId, "providerId is null"));
        if (handle == null) {
            return Optional.empty();
        }
        Optional<String> configured = handle.settings().stringOption("baseURL");
        Optional<String> standard = handle.descriptor().defaultBaseUrl().map(Object::toString);
        if (configured.isEmpty() || configured.map(Creor::withoutTrailingSlash)
                .equals(standard.map(Creor::withoutTrailingSlash))) {
            return Optional.empty();
        }
        String pointer = "/provider/" + providerId + "/options/baseURL";
        return Optional.of(handle.descriptor().displayName() + " requests go to " + configured.get() + " (provider."
                + providerId + ".options.baseURL at " + runtime.config().provenance().describe(pointer) + ")"
                + standard.map(url -> ", not to its default " + url).orElse(""));
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Routes a request built by hand (or from {@link CreorAgent#request}): retries, fallbacks and
     * circuit breakers apply; the answer's metadata carries the route taken.
     */
    public CompletionStage<ChatResponse> chat(ChatRequest request) {
        return runtime.router().chat(request);
    }

    /**
     * Routes a request and streams the answer as it is written. The publisher is cold and
     * single-use; it honours demand, and cancelling closes the connection. The stream ends with
     * one {@link ChatEvent.Completed} or {@link ChatEvent.Failed}, then {@code onComplete}.
     */
    public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
        return runtime.router().stream(request);
    }

    /**
     * Closes every provider and stops every thread of this runtime; requests still under way end
     * with {@code CANCELLED}. Safe to call twice.
     */
    @Override
    public void close() {
        runtime.close();
    }

    /** The enabled providers and agents, e.g. {@code Creor[WiredRuntime[providers=[openrouter], ...]]}. */
    @Override
    public String toString() {
        return "Creor[" + runtime + "]";
    }

    /** Builds a {@link Creor}; every setting is optional. */
    public static final class Builder {
        private Path workingDirectory = Path.of("").toAbsolutePath();
        private Path homeDirectory = Path.of(System.getProperty("user.home"));
        private Map<String, String> environment;
        private String config;
        private final List<Path> pluginDirectories = new ArrayList<>();
        private CredentialStore credentialStore;
        private Clock clock = Clock.systemUTC();
        private boolean trustProjectConfig;
        private String trustAdvice = "call Creor.builder().trustProjectConfig() if this folder's config is your"
                + " program's own, or run \"creor trust\" in it if you trust it";

        private Builder() {
        }

        /** Where project config files are looked for; the process's working directory by default. */
        public Builder workingDirectory(Path workingDirectory) {
            this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory is null");
            return this;
        }

        /** What {@code ~} means, and where the default config and data directories are. */
        public Builder homeDirectory(Path homeDirectory) {
            this.homeDirectory = Objects.requireNonNull(homeDirectory, "homeDirectory is null");
            return this;
        }

        /**
         * The environment variables Creor may read ({@code OPENROUTER_API_KEY},
         * {@code XDG_CONFIG_HOME}, {@code CREOR_CONFIG}, ...); the process's environment by
         * default. Pass a map to keep the runtime independent of the process.
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /**
         * Config text (JSON or JSONC) layered above the config files and
         * {@code CREOR_CONFIG_CONTENT}; messages name it {@code embedding}.
         */
        public Builder config(String json) {
            this.config = Objects.requireNonNull(json, "json is null");
            return this;
        }

        /** More directories to load provider plugin jars from. */
        public Builder pluginDirectories(List<Path> directories) {
            pluginDirectories.addAll(List.copyOf(directories));
            return this;
        }

        /** Where stored credentials come from, instead of {@code auth.json} in the user's data directory. */
        public Builder credentialStore(CredentialStore credentialStore) {
            this.credentialStore = Objects.requireNonNull(credentialStore, "credentialStore is null");
            return this;
        }

        /** The clock for timeouts, back-off and reports; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock is null");
            return this;
        }

        /**
         * Trusts the project config files found from the working directory ({@code creor.json}
         * and {@code creor.jsonc} from the git root down), as if the user had run
         * {@code creor trust} there: keys that decide where requests go and what they carry, and
         * {@code {env:...}}/{@code {file:...}} references, then apply from them too. Call it when
         * the working directory is your program's own, never for a folder a user or a repository
         * supplies (a cloned repository's file could then send keys, files and variables to a
         * server of its choosing). Config text passed to {@link #config} needs no trust.
         */
        public Builder trustProjectConfig() {
            this.trustProjectConfig = true;
            return this;
        }

        /**
         * What the error about a key refused from an untrusted project file tells the user to
         * do. By default it names {@link #trustProjectConfig()} and {@code creor trust}; an
         * application with its own way of trusting a folder says that instead.
         */
        public Builder trustAdvice(String advice) {
            this.trustAdvice = Checks.requireText(advice, "advice");
            return this;
        }

        /**
         * Looks at the setup this builder describes without starting it: the config and its
         * problems, the providers and plugins. Works while the config is invalid.
         *
         * @throws dev.creor.core.CreorException when a config file cannot be read at all
         */
        public CreorSetup inspect() {
            return CreorSetup.inspect(options());
        }

        /**
         * The project folders the user trusts, for this builder's home and environment, with
         * {@link CreorTrust#defaultFolder()} found from its working directory. Starts nothing.
         */
        public CreorTrust trust() {
            return new CreorTrust(workingDirectory, homeDirectory, environment == null ? System.getenv() : environment);
        }

        /**
         * Starts the runtime.
         *
         * @throws dev.creor.core.CreorException with {@code CONFIG_INVALID} listing every config
         *                                       problem (among them keys refused from an untrusted
         *                                       project file; see {@link #trustProjectConfig()}),
         *                                       or another code when Creor cannot start
         */
        public Creor build() {
            return new Creor(WiredRuntime.start(options()));
        }

        private RuntimeOptions options() {
            RuntimeOptions.Builder options = RuntimeOptions.builder(workingDirectory, homeDirectory)
                    .environment(environment == null ? System.getenv() : environment)
                    .pluginDirectories(pluginDirectories)
                    .userAgent(CreorVersion.userAgent())
                    .clock(clock)
                    .trustProjectConfig(trustProjectConfig)
                    .trustAdvice(trustAdvice);
            if (config != null) {
                options.extraConfig(config);
            }
            if (credentialStore != null) {
                options.credentialStore(credentialStore);
            }
            return options.build();
        }
    }
}
