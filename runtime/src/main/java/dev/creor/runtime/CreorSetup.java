package dev.creor.runtime;

import dev.creor.config.ConfigSource;
import dev.creor.config.CreorConfig;
import dev.creor.config.LoadedConfig;
import dev.creor.config.ValidationReport;
import dev.creor.runtime.internal.credentials.CredentialResolver;
import dev.creor.runtime.internal.plugins.DiscoveredProvider;
import dev.creor.runtime.internal.plugins.DiscoveredProviders;
import dev.creor.runtime.internal.wiring.Bootstrap;
import dev.creor.runtime.internal.wiring.RuntimeOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;


/**
 * Creor's setup as the builder would start it, looked at without starting it: the config with
 * its problems and origins, the providers found with their problems, and the plugin
 * directories. It is what a program shows while the config is invalid ({@code creor config
 * validate}, {@code config show}, {@code providers}, {@code doctor}): nothing is wired, no
 * thread is started and nothing is sent. {@link #close()} releases the plugin jars it opened.
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

    private CreorSetup(RuntimeOptions options, DiscoveredProviders discovered, LoadedConfig loaded) {
        this.options = options;
        this.discovered = discovered;
        this.loaded = loaded;
    }

    static CreorSetup inspect(RuntimeOptions options) {
        DiscoveredProviders discovered = Bootstrap.discoverProviders(options);
        try {
            return new CreorSetup(options, discovered, Bootstrap.configLoader(options, discovered).load());
        } catch (RuntimeException failure) {
            discovered.close();
            throw failure;
        }
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
        discovered.close();
    }

    /** The sources read and whether the config is valid. */
    @Override
    public String toString() {
        return "CreorSetup[" + configSources() + (loaded.isValid() ? ", valid" : ", invalid") + "]";
    }

}
