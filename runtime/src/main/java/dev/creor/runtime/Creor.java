package dev.creor.runtime;

import dev.creor.agents.AgentDefinition;
import dev.creor.core.CredentialStore;
import dev.creor.core.ModelRef;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.runtime.internal.credentials.ResolvedCredential;
import dev.creor.runtime.internal.plugins.DiscoveredProvider;
import dev.creor.runtime.internal.plugins.PluginProblem;
import dev.creor.runtime.internal.wiring.CreorRuntime;
import dev.creor.runtime.internal.wiring.ProviderHandle;
import dev.creor.runtime.internal.wiring.RuntimeOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
    private final CreorRuntime runtime;

    private Creor(CreorRuntime runtime) {
        this.runtime = runtime;
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

    /** Every enabled provider's models, each filtered by the provider's whitelist and blacklist. */
    public CompletionStage<List<ModelInfo>> models() {
        return runtime.models(Optional.empty(), false);
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
        return runtime.models(Optional.of(Objects.requireNonNull(providerId, "providerId is null")), refresh);
    }

    /** Every discovered provider, enabled or not, with its origin and credential status. */
    public List<ProviderInfo> providers() {
        Map<String, ProviderHandle> enabled = runtime.providers();
        List<ProviderInfo> infos = new ArrayList<>();
        for (DiscoveredProvider provider : runtime.discovered().providers()) {
            ProviderHandle handle = enabled.get(provider.id());
            List<String> problems = new ArrayList<>();
            runtime.discovered().problems().stream()
                    .filter(problem -> problem.providerId().filter(provider.id()::equals).isPresent())
                    .map(PluginProblem::toString).forEach(problems::add);
            String credential = "not resolved: the provider is disabled";
            String masked = "";
            if (handle != null) {
                ResolvedCredential resolved = handle.credential();
                credential = !resolved.required() && resolved.secret().isEmpty() ? "not needed"
                        : resolved.source().describe();
                masked = resolved.secret().map(dev.creor.core.Secret::masked).orElse("");
                resolved.disagreementWarning().ifPresent(problems::add);
                resolved.storeProblem().map(Throwable::getMessage).ifPresent(problems::add);
                if (resolved.missing()) {
                    problems.add(dev.creor.runtime.internal.credentials.CredentialResolver
                            .missingCredential(provider.id(), provider.descriptor()).describe());
                }
            }
            infos.add(new ProviderInfo(provider.id(), provider.descriptor().displayName(), provider.origin().toString(),
                    provider.spiVersion(), handle != null, credential, masked, problems));
        }
        return infos;
    }

    /**
     * The config's {@code server} section, for a gateway in front of this runtime such as
     * {@code creor serve}: its token (from trusted sources only) and limits.
     */
    public ServerSettings serverSettings() {
        return ServerSettings.of(runtime.config().asMap().get("server"));
    }

    /** Problems found while loading plugins (broken jars, conflicts), each naming its jar. */
    public List<String> pluginProblems() {
        return runtime.discovered().problems().stream().map(PluginProblem::toString).toList();
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
         * Starts the runtime.
         *
         * @throws dev.creor.core.CreorException with {@code CONFIG_INVALID} listing every config
         *                                       problem (among them keys refused from an untrusted
         *                                       project file; see {@link #trustProjectConfig()}),
         *                                       or another code when Creor cannot start
         */
        public Creor build() {
            RuntimeOptions.Builder options = RuntimeOptions.builder(workingDirectory, homeDirectory)
                    .environment(environment == null ? System.getenv() : environment)
                    .pluginDirectories(pluginDirectories)
                    .userAgent(CreorVersion.userAgent())
                    .clock(clock)
                    .trustProjectConfig(trustProjectConfig)
                    .trustAdvice("call Creor.builder().trustProjectConfig() if this folder's config is your program's"
                            + " own, or run \"creor trust\" in it if you trust it");
            if (config != null) {
                options.extraConfig(config);
            }
            if (credentialStore != null) {
                options.credentialStore(credentialStore);
            }
            return new Creor(CreorRuntime.start(options.build()));
        }
    }
}
