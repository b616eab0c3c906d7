package dev.creor.runtime.internal.plugins;

import dev.creor.core.Environment;
import dev.creor.core.internal.Suggestions;
import dev.creor.runtime.internal.plugins.PluginProblem.Severity;
import dev.creor.spi.ProviderFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Finds the providers Creor can use: the {@link ProviderFactory}s on the application class
 * path ("built-in") and in the plugin jars of {@code $XDG_DATA_HOME/creor/plugins/} (by default
 * {@code ~/.local/share/creor/plugins/}) and of each directory listed in
 * {@code CREOR_PLUGIN_PATH} (separated like {@code PATH}).
 *
 * <pre>{@code
 * try (DiscoveredProviders providers = ProviderDiscovery.builder(environment, home)
 *         .disabledProviders(Set.of("legacy"))
 *         .build()
 *         .discover()) {
 *     providers.problems().forEach(problem -> System.err.println(problem));
 *     Provider echo = providers.require("echo").create(settings, context);
 *     ...
 * }
 * }</pre>
 *
 * <p>Each plugin jar gets its own class loader (see the package documentation), and every
 * factory is checked before it is offered. Nothing broken is used and nothing broken stops the
 * rest: each failure becomes a {@link PluginProblem} naming the jar and the reason, and the
 * other providers keep working. Two factories claiming one id are both refused: picking one
 * would silently route requests, and credentials, to an implementation the user did not
 * choose.
 *
 * <p>{@link #discover()} reads files and runs plugin code (factory constructors, {@code id()},
 * {@code descriptor()}), so call it at start-up, never on an event loop. Plugin code runs on a
 * thread of its own with a time limit ({@value #TIME_LIMIT_VARIABLE}): whatever it throws,
 * errors such as {@link StackOverflowError} included, is a problem of its jar, and a jar whose
 * code does not return in time is skipped, so no plugin can stop discovery.
 */
public final class ProviderDiscovery {
    /** The environment variable that lists more plugin directories. */
    public static final String PLUGIN_PATH_VARIABLE = PluginDirectories.PLUGIN_PATH;

    /**
     * The environment variable that sets, in milliseconds, how long one call into a plugin's
     * factory (its constructor, {@code id()}, {@code descriptor()}, {@code create(...)}, and a
     * provider's {@code close()}) may take; 10000 by default.
     */
    public static final String TIME_LIMIT_VARIABLE = "CREOR_PLUGIN_TIMEOUT_MS";

    /**
     * The oldest provider SPI version this Creor still loads; the newest is
     * {@link ProviderFactory#spiVersion()}. It follows the SPI version, because a version is
     * raised for changes a plugin built for the previous one cannot survive (SPI 2 removed
     * {@code ProviderFactory.sandbox()}). Should a raise ever be compatible (only types or default
     * methods added), write the previous version here, so that its plugins keep loading.
     */
    static final int OLDEST_SUPPORTED_SPI_VERSION = ProviderFactory.spiVersion();

    private static final System.Logger LOGGER = System.getLogger(ProviderDiscovery.class.getName());

    private final Environment environment;
    private final Path home;
    private final Set<String> enabledProviders;
    private final Set<String> disabledProviders;
    private final ClassLoader hostClassLoader;
    private final int oldestSpiVersion;
    private final int newestSpiVersion;
    private final Optional<Duration> callTimeLimit;

    private ProviderDiscovery(Builder builder) {
        this.environment = builder.environment;
        this.home = builder.home;
        this.enabledProviders = Set.copyOf(builder.enabledProviders);
        this.disabledProviders = Set.copyOf(builder.disabledProviders);
        this.hostClassLoader = builder.hostClassLoader;
        this.oldestSpiVersion = builder.oldestSpiVersion;
        this.newestSpiVersion = builder.newestSpiVersion;
        this.callTimeLimit = builder.callTimeLimit;
    }

    /**
     * Starts a discovery that reads {@code XDG_DATA_HOME} and {@code CREOR_PLUGIN_PATH} from
     * the given environment and puts the default data directory under {@code home}.
     */
    public static Builder builder(Environment environment, Path home) {
        return new Builder(environment, home);
    }

    /**
     * Looks for providers, checks them and filters them by {@code enabled_providers} and
     * {@code disabled_providers}. Never throws for a broken plugin: see
     * {@link DiscoveredProviders#problems()}.
     */
    public DiscoveredProviders discover() {
        List<PluginProblem> problems = new ArrayList<>();
        Duration timeLimit = callTimeLimit.orElseGet(() -> timeLimitFromEnvironment(problems));
        ProviderFactoryLoader loader = new ProviderFactoryLoader(hostClassLoader, oldestSpiVersion, newestSpiVersion,
                timeLimit);
        PluginDirectories.Resolved resolved = PluginDirectories.resolve(environment, home);
        problems.addAll(resolved.problems());
        List<DiscoveredProvider> found = new ArrayList<>();
        List<PluginClassLoader> classLoaders = new ArrayList<>();

        ProviderFactoryLoader.Loaded builtIns = loader.loadBuiltIns();
        found.addAll(builtIns.providers());
        problems.addAll(builtIns.problems());
        for (PluginDirectories.Directory directory : resolved.directories()) {
            for (Path jar : PluginDirectories.jarsIn(directory, problems)) {
                ProviderFactoryLoader.Loaded loaded = loader.loadJar(jar);
                found.addAll(loaded.providers());
                problems.addAll(loaded.problems());
                loaded.classLoader().ifPresent(classLoaders::add);
            }
        }

        Map<String, List<DiscoveredProvider>> byId = new LinkedHashMap<>();
        for (DiscoveredProvider provider : found) {
            byId.computeIfAbsent(provider.id(), id -> new ArrayList<>()).add(provider);
        }
        List<DiscoveredProvider> usable = new ArrayList<>();
        List<DiscoveredProvider> switchedOff = new ArrayList<>();
        for (Map.Entry<String, List<DiscoveredProvider>> claim : byId.entrySet()) {
            List<DiscoveredProvider> claimants = claim.getValue();
            if (claimants.size() > 1) {
                problems.add(conflict(claim.getKey(), claimants));
            } else if (isSwitchedOff(claim.getKey())) {
                switchedOff.add(claimants.get(0));
            } else {
                usable.add(claimants.get(0));
            }
        }
        problems.addAll(unknownIds("enabled_providers", enabledProviders, byId.keySet()));
        problems.addAll(unknownIds("disabled_providers", disabledProviders, byId.keySet()));

        List<PluginClassLoader> kept = keepInUse(classLoaders, usable, switchedOff);
        usable.forEach(provider -> LOGGER.log(System.Logger.Level.DEBUG, "provider {0} from {1}", provider.id(),
                provider.origin()));
        problems.forEach(problem -> LOGGER.log(System.Logger.Level.DEBUG, problem.toString()));
        return new DiscoveredProviders(usable, switchedOff, disabledProviders, problems,
                resolved.directories().stream().map(PluginDirectories.Directory::path).toList(), kept);
    }

    private Duration timeLimitFromEnvironment(List<PluginProblem> problems) {
        Optional<String> value = environment.get(TIME_LIMIT_VARIABLE).map(String::strip).filter(text -> !text.isEmpty());
        if (value.isEmpty()) {
            return PluginCalls.DEFAULT_TIME_LIMIT;
        }
        try {
            long millis = Long.parseLong(value.get());
            if (millis > 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException notANumber) {
            // Reported below, like zero or a negative number.
        }
        problems.add(PluginProblem.of(Severity.WARNING, new Origin.Setting(TIME_LIMIT_VARIABLE), TIME_LIMIT_VARIABLE
                + " is \"" + value.get() + "\", which is not a positive number of milliseconds, so it is ignored and "
                + PluginCalls.DEFAULT_TIME_LIMIT.toMillis() + " is used"));
        return PluginCalls.DEFAULT_TIME_LIMIT;
    }

    private boolean isSwitchedOff(String id) {
        return disabledProviders.contains(id) || (!enabledProviders.isEmpty() && !enabledProviders.contains(id));
    }

    private static PluginProblem conflict(String id, List<DiscoveredProvider> claimants) {
        String names = claimants.stream()
                .map(provider -> provider.factoryClassName() + " (" + provider.origin() + ")")
                .collect(Collectors.joining(" and "));
        return PluginProblem.about(id, Severity.ERROR, claimants.get(0).origin(), "provider id \"" + id
                + "\" is claimed by " + claimants.size() + " factories: " + names + "; neither is used, so that "
                + "requests and credentials never reach an implementation you did not choose; remove all but one "
                + "of them");
    }

    private static List<PluginProblem> unknownIds(String setting, Set<String> ids, Set<String> known) {
        List<PluginProblem> problems = new ArrayList<>();
        for (String id : new TreeSet<>(ids)) {
            if (!known.contains(id)) {
                problems.add(PluginProblem.of(Severity.WARNING, new Origin.Setting(setting), setting + " names \"" + id
                        + "\", which is not a known provider" + Suggestions.didYouMean(id, known)
                        + (known.isEmpty() ? "; no provider was found at all"
                        : "; known providers: " + String.join(", ", new TreeSet<>(known)))));
            }
        }
        return problems;
    }

    /** Closes the class loaders of jars none of whose providers is offered, and keeps the rest. */
    private static List<PluginClassLoader> keepInUse(List<PluginClassLoader> classLoaders,
                                                     List<DiscoveredProvider> usable,
                                                     List<DiscoveredProvider> switchedOff) {
        Set<ClassLoader> inUse = new LinkedHashSet<>();
        usable.forEach(provider -> inUse.add(provider.factory().getClass().getClassLoader()));
        switchedOff.forEach(provider -> inUse.add(provider.factory().getClass().getClassLoader()));
        List<PluginClassLoader> kept = new ArrayList<>();
        for (PluginClassLoader classLoader : classLoaders) {
            if (inUse.contains(classLoader)) {
                kept.add(classLoader);
            } else {
                ProviderFactoryLoader.close(classLoader);
            }
        }
        return kept;
    }

    /** Builds a {@link ProviderDiscovery}. */
    public static final class Builder {
        private final Environment environment;
        private final Path home;
        private Set<String> enabledProviders = Set.of();
        private Set<String> disabledProviders = Set.of();
        private ClassLoader hostClassLoader = ProviderDiscovery.class.getClassLoader();
        private int oldestSpiVersion = OLDEST_SUPPORTED_SPI_VERSION;
        private int newestSpiVersion = ProviderFactory.spiVersion();
        private Optional<Duration> callTimeLimit = Optional.empty();

        private Builder(Environment environment, Path home) {
            this.environment = Objects.requireNonNull(environment, "environment is null");
            this.home = Objects.requireNonNull(home, "home is null");
        }

        /**
         * The {@code enabled_providers} setting: when not empty, only these providers are offered.
         * Ids that no factory claims are reported as warnings.
         */
        public Builder enabledProviders(Set<String> ids) {
            this.enabledProviders = Set.copyOf(ids);
            return this;
        }

        /**
         * The {@code disabled_providers} setting: these providers are not offered, even when
         * {@code enabled_providers} names them. Ids that no factory claims are reported as warnings.
         */
        public Builder disabledProviders(Set<String> ids) {
            this.disabledProviders = Set.copyOf(ids);
            return this;
        }

        /**
         * Where built-in providers are looked for, and what plugin classes fall back to for
         * libraries they do not bring; by default the class loader that loaded Creor. It must see
         * the same {@code dev.creor.spi} classes as Creor.
         *
         * @throws IllegalArgumentException when it sees other SPI classes than Creor's
         */
        public Builder hostClassLoader(ClassLoader hostClassLoader) {
            Objects.requireNonNull(hostClassLoader, "hostClassLoader is null");
            Class<?> seen;
            try {
                seen = Class.forName(ProviderFactory.class.getName(), false, hostClassLoader);
            } catch (ClassNotFoundException missing) {
                throw new IllegalArgumentException("the host class loader does not see " + ProviderFactory.class
                        .getName(), missing);
            }
            if (seen != ProviderFactory.class) {
                throw new IllegalArgumentException("the host class loader sees another copy of "
                        + ProviderFactory.class.getName() + " than Creor's");
            }
            this.hostClassLoader = hostClassLoader;
            return this;
        }

        /**
         * How long one call into a plugin's factory, or a provider's {@code close()}, may take;
         * by default {@value ProviderDiscovery#TIME_LIMIT_VARIABLE} from the environment, else 10 seconds.
         *
         * @throws IllegalArgumentException when it is not positive
         */
        public Builder callTimeLimit(Duration limit) {
            Objects.requireNonNull(limit, "limit is null");
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("the time limit must be positive, got " + limit);
            }
            this.callTimeLimit = Optional.of(limit);
            return this;
        }

        /** Narrows the supported SPI versions, so that tests can reach the "too old" branch. */
        Builder supportedSpiVersions(int oldest, int newest) {
            if (oldest <= 0 || newest < oldest) {
                throw new IllegalArgumentException("not a version range: " + oldest + ".." + newest);
            }
            this.oldestSpiVersion = oldest;
            this.newestSpiVersion = newest;
            return this;
        }

        /** Creates the discovery; {@link ProviderDiscovery#discover()} does the work. */
        public ProviderDiscovery build() {
            return new ProviderDiscovery(this);
        }
    }
}
