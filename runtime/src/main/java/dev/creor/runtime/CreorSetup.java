package dev.creor.runtime;

import dev.creor.agents.AgentCatalog;
import dev.creor.agents.AgentProblem;
import dev.creor.agents.ModelChoice;
import dev.creor.config.ConfigSource;
import dev.creor.config.CreorConfig;
import dev.creor.config.LoadedConfig;
import dev.creor.config.Origin;
import dev.creor.config.ValidationReport;
import dev.creor.core.CreorException;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.runtime.internal.credentials.CredentialResolver;
import dev.creor.runtime.internal.plugins.DiscoveredProvider;
import dev.creor.runtime.internal.plugins.DiscoveredProviders;
import dev.creor.runtime.internal.wiring.Bootstrap;
import dev.creor.runtime.internal.wiring.OfflineAgentChecks;
import dev.creor.runtime.internal.wiring.RuntimeOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;


/**
 * Creor's setup as the builder would start it, looked at without starting it: the config with
 * its problems and origins, the providers found with their problems, and the plugin
 * directories. It is what a program shows while the config is invalid ({@code creor config
 * validate}, {@code config show}, {@code providers}, {@code doctor}): nothing is wired, no
 * thread is started and nothing is sent. {@link #close()} releases the plugin jars it opened.
 * A running {@link Creor} gives one too ({@link Creor#inspect()}): its config as the files are
 * now, for a program that edits them while it runs.
 *
 * <pre>{@code
 * try (CreorSetup setup = Creor.builder().inspect()) {
 *     System.out.print(setup.validation().renderText());
 * }
 * }</pre>
 */
public final class CreorSetup implements AutoCloseable {
    private final RuntimeOptions options;
    private final DiscoveredProviders discovered;
    private final LoadedConfig loaded;
    private final boolean ownsPlugins;

    private CreorSetup(RuntimeOptions options, DiscoveredProviders discovered, LoadedConfig loaded,
                       boolean ownsPlugins) {
        this.options = options;
        this.discovered = discovered;
        this.loaded = loaded;
        this.ownsPlugins = ownsPlugins;
    }

    static CreorSetup inspect(RuntimeOptions options) {
        DiscoveredProviders discovered = Bootstrap.discoverProviders(options);
        try {
            return new CreorSetup(options, discovered, Bootstrap.configLoader(options, discovered).load(), true);
        } catch (RuntimeException failure) {
            discovered.close();
            throw failure;
        }
    }

    /** The config of a running runtime's options as the files are now, with the runtime's plugins. */
    static CreorSetup reload(RuntimeOptions options, DiscoveredProviders discovered) {
        return new CreorSetup(options, discovered, Bootstrap.configLoader(options, discovered).load(), false);
    }

    /** Every problem of the merged config (the files, environment and builder text), in one report. */
    public ValidationReport validation() {
        return loaded.report();
    }

    /** Whether the merged config has no error (warnings allowed): whether {@link Creor.Builder#build()} may start. */
    public boolean configValid() {
        return loaded.isValid();
    }

    /**
     * Checks each file on its own against the schema (the core keys plus every provider's),
     * whatever the merged config says.
     */
    public ValidationReport validateFiles(List<Path> files) {
        return Bootstrap.configLoader(options, discovered).validateFiles(List.copyOf(files));
    }

    /**
     * Checks config text on its own against the schema (the core keys plus every provider's)
     * and Creor's config rules, as {@link #validateFiles} checks a file: for a program that
     * writes values into a config file and wants to refuse, with the schema's own message, what
     * Creor would not load. The text counts as trusted; problems name it by {@code label}.
     */
    public ValidationReport validateText(String label, String json) {
        return Bootstrap.configLoader(options, discovered).validateText(label, json);
    }

    /**
     * The merged config as text, credentials redacted; with {@code origins}, where each value
     * came from ({@code file:line:col}, environment variable, default). Shown even when invalid.
     */
    public String configText(boolean origins) {
        return loaded.showText(origins);
    }

    /** The merged config as one JSON object ({@code {"config":..., "origins":...}} with origins). */
    public String configJson(boolean origins) {
        return loaded.showJson(origins);
    }

    /** The config sources read, lowest precedence first, by their display names. */
    public List<String> configSources() {
        return loaded.sources().stream().map(ConfigSource::displayName).toList();
    }

    /**
     * The project files read but not trusted (see {@link Creor.Builder#trustProjectConfig()}),
     * by their display names.
     */
    public List<String> untrustedConfigSources() {
        return loaded.sources().stream().filter(source -> !source.trusted()).map(ConfigSource::displayName).toList();
    }

    /**
     * Every provider found, enabled or not, with its origin, its status under the config
     * ({@link ProviderInfo.Status#UNKNOWN} when the config is invalid) and an enabled one's
     * credential.
     */
    public List<ProviderInfo> providers() {
        if (!loaded.isValid()) {
            return Credentials.providers(discovered, provider -> ProviderInfo.Status.UNKNOWN, provider -> {
                throw new IllegalStateException("no credential is resolved while the config is invalid");
            });
        }
        CreorConfig config = loaded.config();
        Map<String, DiscoveredProvider> enabled = Bootstrap.enabledProviders(discovered, config);
        CredentialResolver credentials = Bootstrap.credentialResolver(options, config);
        return Credentials.providers(discovered, enabled.values(),
                provider -> enabled.containsKey(provider.id()) ? ProviderInfo.Status.ENABLED
                        : Bootstrap.waitsForConfiguration(provider, config) ? ProviderInfo.Status.NOT_CONFIGURED
                        : ProviderInfo.Status.DISABLED,
                provider -> credentials.resolve(provider.id(), provider.descriptor()));
    }

    /**
     * Every agent of the merged config that is not disabled, the built-in ones first, with the
     * model each resolves to and what decides it.
     *
     * @throws dev.creor.core.CreorException with {@code CONFIG_INVALID} listing the problems when
     *                                       the config is not {@linkplain #configValid() valid}
     */
    public List<AgentInfo> agents() {
        AgentCatalog catalog = loaded.config().agentCatalog();
        return catalog.agents().stream().map(agent -> {
            ModelChoice choice = catalog.resolve(agent.name()).model();
            return new AgentInfo(agent.name(), agent.description(), agent.builtIn(), choice.model(), choice.source(),
                    choice.describeSource(agent.name()));
        }).toList();
    }

    /**
     * A provider's whitelist and blacklist in the merged config; allows every model when the
     * config sets none or has no section for the provider.
     *
     * @throws dev.creor.core.CreorException as {@link #agents()}
     */
    public ModelFilter modelFilter(String providerId) {
        Objects.requireNonNull(providerId, "providerId is null");
        return loaded.config().provider(providerId).map(section -> section.modelFilter()).orElse(ModelFilter.ALLOW_ALL);
    }

    /**
     * The source that decides the value at a JSON pointer (such as
     * {@code /provider/openrouter/whitelist}) when it takes precedence over the user's global
     * config file: a project file, {@code CREOR_CONFIG}, {@code CREOR_CONFIG_CONTENT} or the
     * builder's config, with its position ({@code /home/ada/project/creor.json:7:18}). Empty when
     * the global file or a default decides, or nothing sets it. A program that writes the global
     * file warns with it that the value it wrote does not apply. Works while the config is invalid.
     */
    public Optional<String> overridingSource(String jsonPointer) {
        Objects.requireNonNull(jsonPointer, "jsonPointer is null");
        return loaded.provenance().originOf(jsonPointer)
                .filter(origin -> origin.source().kind() != ConfigSource.Kind.GLOBAL_FILE
                        && origin.kind() != Origin.Kind.DEFAULT)
                .map(Origin::describe);
    }

    /**
     * Every problem of every agent's models, agent by agent, the built-in agents first: the
     * check of {@link CreorAgent#offlineProblems()} for each agent of {@link Creor#agents()},
     * against the catalogs at hand (memory, a disk cache however old, a list bundled with the
     * provider), so nothing is sent. Unlike starting a {@link Creor} for it, this reuses the
     * providers and the config this setup has already found and loaded, and builds only what
     * the check needs: {@code creor config validate} runs it on every call.
     *
     * @throws CreorException with {@code CONFIG_INVALID} listing the problems when the config is
     *                        not {@linkplain #configValid() valid}, or as {@link Creor.Builder#build()}
     *                        when a provider's section makes the runtime impossible to start
     */
    public List<AgentProblem> offlineAgentProblems() {
        return OfflineAgentChecks.problems(options, discovered, loaded.config());
    }

    /** Problems found while loading plugins, each naming its jar. */
    public List<PluginIssue> pluginProblems() {
        return discovered.problems().stream().map(Creor::issue).toList();
    }

    /** The directories plugin jars are loaded from, in order. */
    public List<Path> pluginDirectories() {
        return discovered.pluginDirectories();
    }

    /** Releases the plugin jars opened to look at the providers. Safe to call twice. */
    @Override
    public void close() {
        if (ownsPlugins) {
            discovered.close();
        }
    }

    /** The sources read and whether the config is valid. */
    @Override
    public String toString() {
        return "CreorSetup[" + configSources() + (loaded.isValid() ? ", valid" : ", invalid") + "]";
    }

}
