package dev.creor.runtime.internal.wiring;

import dev.creor.config.ConfigLoader;
import dev.creor.config.CreorConfig;
import dev.creor.config.LoadedConfig;
import dev.creor.config.ProjectTrust;
import dev.creor.config.ProviderConfig;
import dev.creor.config.trust.TrustStore;
import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import dev.creor.runtime.internal.credentials.ConfiguredKey;
import dev.creor.runtime.internal.credentials.ConfiguredKeys;
import dev.creor.runtime.internal.credentials.CredentialResolver;
import dev.creor.runtime.internal.credentials.FileCredentialStore;
import dev.creor.runtime.internal.plugins.DiscoveredProvider;
import dev.creor.runtime.internal.plugins.DiscoveredProviders;
import dev.creor.runtime.internal.plugins.ProviderDiscovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What must be known before anything is wired: which providers exist (their config schemas
 * shape the config's schema) and the validated configuration (which decides what is wired).
 * Neither needs Guice, and both fail before any thread is started.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /** Finds every provider, enabled or not, on the class path and in the plugin directories. */
    public static DiscoveredProviders discoverProviders(RuntimeOptions options) {
        return ProviderDiscovery.builder(options.environment(), options.homeDirectory()).build().discover();
    }

    /**
     * A config loader over every source of the options, validating provider sections against
     * the schemas of every discovered provider (disabled ones too, so that their sections stay
     * valid while they are switched off). Project files are trusted as the user's
     * {@code trust.json} says, or all of them when the options say so.
     */
    public static ConfigLoader configLoader(RuntimeOptions options, DiscoveredProviders providers) {
        Map<String, String> schemas = new LinkedHashMap<>();
        for (DiscoveredProvider provider : providers.providers()) {
            schemas.put(provider.id(), provider.descriptor().configSchema());
        }
        ConfigLoader.Builder loader = ConfigLoader.builder(options.workingDirectory(), options.homeDirectory())
                .environment(options.environment())
                .providerSchemas(schemas)
                .projectTrust(options.trustProjectConfig() ? ProjectTrust.all()
                        : TrustStore.forUser(options.environment(), options.homeDirectory()).asProjectTrust())
                .trustAdvice(options.trustAdvice());
        options.extraConfig().ifPresent(text -> loader.content("embedding", text));
        for (RuntimeOptions.ConfigFlag flag : options.flags()) {
            loader.flag(flag.label(), flag.pointer(), flag.value());
        }
        return loader.build();
    }

    /**
     * The providers the config leaves enabled, by id: the discovered ones, then each section of
     * the user's own name that a {@code type} gives to a discovered provider
     * ({@code provider.ollama} with {@code "type": "openai-compatible"}).
     *
     * @throws CreorException with {@code CONFIG_INVALID} when a provider's own section names
     *                        another provider as its type
     */
    public static Map<String, DiscoveredProvider> enabledProviders(DiscoveredProviders providers, CreorConfig config) {
        Map<String, DiscoveredProvider> enabled = new LinkedHashMap<>();
        for (DiscoveredProvider provider : providers.providers()) {
            if (config.isProviderEnabled(provider.id()) && !waitsForConfiguration(provider, config)) {
                enabled.put(provider.id(), provider);
            }
        }
        for (Map.Entry<String, ProviderConfig> section : config.providers().entrySet()) {
            String name = section.getKey();
            Optional<String> type = section.getValue().type();
            if (type.isEmpty() || type.get().equals(name)) {
                continue;
            }
            if (providers.provider(name).isPresent()) {
                throw CreorException.builder(ErrorCode.CONFIG_INVALID, "provider." + name + ".type is \"" + type.get()
                                + "\", but \"" + name + "\" is the id of an installed provider")
                        .hint("give the endpoint a name of its own, e.g. provider.my-" + type.get() + ", and remove"
                                + " \"type\" from provider." + name)
                        .build();
            }
            Optional<DiscoveredProvider> serving = providers.provider(type.get());
            if (serving.isPresent() && config.isProviderEnabled(name)) {
                enabled.put(name, serving.get().named(name));
            }
        }
        return enabled;
    }

    /**
     * Whether the provider is left out because it is of no use until configured and its own
     * section is absent (the built-in {@code openai-compatible}, whose endpoints are sections of
     * their own names): it is neither enabled nor switched off by the user.
     */
    public static boolean waitsForConfiguration(DiscoveredProvider provider, CreorConfig config) {
        return provider.descriptor().needsConfiguration() && config.provider(provider.id()).isEmpty();
    }

    /**
     * The resolver of the runtime these options describe: the config's {@code options.apiKey},
     * then the provider's environment variables, then the embedding program's store or, by
     * default, {@code auth.json} in the user's data directory.
     */
    public static CredentialResolver credentialResolver(RuntimeOptions options, CreorConfig config) {
        ConfiguredKeys configured = configuredKeys(config);
        Environment environment = options.environment();
        if (options.credentialStore().isPresent()) {
            return new CredentialResolver(environment, options.credentialStore().get(), "the embedding program's store",
                    configured);
        }
        return new CredentialResolver(environment, FileCredentialStore.forUser(environment, options.homeDirectory()),
                configured);
    }

    /** Each provider's {@code options.apiKey} from the config, with where it was written. */
    static ConfiguredKeys configuredKeys(CreorConfig config) {
        Map<String, ConfiguredKey> keys = new LinkedHashMap<>();
        for (Map.Entry<String, ProviderConfig> section : config.providers().entrySet()) {
            String pointer = "/provider/" + section.getKey() + "/options/apiKey";
            section.getValue().apiKey().ifPresent(key -> keys.put(section.getKey(),
                    new ConfiguredKey(key, config.provenance().describe(pointer))));
        }
        return ConfiguredKeys.of(keys);
    }

    /** Discovers, loads and validates: everything a runtime is built from. */
    public static Prepared prepare(RuntimeOptions options) {
        DiscoveredProviders providers = discoverProviders(options);
        try {
            LoadedConfig loaded = configLoader(options, providers).load();
            CreorConfig config;
            try {
                config = loaded.config();
            } catch (CreorException invalid) {
                throw withPluginDirectories(invalid, providers);
            }
            return new Prepared(options, providers, loaded, config, enabledProviders(providers, config));
        } catch (RuntimeException e) {
            providers.close();
            throw e;
        }
    }

    /**
     * An unknown provider is most often one whose plugin jar is not where this runtime looks:
     * say where it looked (an embedding program that passes no plugin directories may not know
     * that they exist), instead of only which providers are installed.
     */
    static CreorException withPluginDirectories(CreorException invalid, DiscoveredProviders providers) {
        if (!invalid.getMessage().contains("unknown provider \"")) {
            return invalid;
        }
        List<Path> directories = providers.pluginDirectories();
        String where = directories.isEmpty() ? "this runtime searched no plugin directory"
                : "this runtime searched the plugin directories " + directories.stream().map(Object::toString)
                        .collect(Collectors.joining(", "));
        return invalid.toBuilder()
                .hint(invalid.hint().map(hint -> hint + "; ").orElse("") + "a provider that is not built in comes from a"
                        + " plugin jar: " + where + " (the CLI looks in $XDG_DATA_HOME/creor/plugins and CREOR_PLUGIN_PATH;"
                        + " an embedding program passes its own with Creor.Builder.pluginDirectories)")
                .build();
    }

    /**
     * The outcome of {@link #prepare}.
     *
     * @param options   what the runtime is built from
     * @param providers every discovered provider and plugin problem
     * @param loaded    the loaded configuration with its report and provenance
     * @param config    the valid configuration
     * @param enabled   the providers the configuration enables, by id
     */
    public record Prepared(RuntimeOptions options, DiscoveredProviders providers, LoadedConfig loaded,
                           CreorConfig config, Map<String, DiscoveredProvider> enabled) {
        public Prepared {
            enabled = Map.copyOf(enabled);
        }

        /** The enabled providers' ids, in discovery order. */
        public List<String> enabledIds() {
            List<String> ids = new ArrayList<>(providers.providers().stream().map(DiscoveredProvider::id)
                    .filter(enabled::containsKey).toList());
            config.providers().keySet().stream().filter(enabled::containsKey).filter(id -> !ids.contains(id))
                    .forEach(ids::add);
            return List.copyOf(ids);
        }
    }
}
