package dev.creor.runtime.internal.plugins;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.internal.Suggestions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What {@link ProviderDiscovery#discover()} found: the providers to use, the providers that
 * {@code enabled_providers} or {@code disabled_providers} switched off, and every problem.
 *
 * <p>The lists never change. {@link #byId()} suits a dependency-injection map binding:
 * <pre>{@code
 * MapBinder<String, ProviderFactory> factories = MapBinder.newMapBinder(binder(), String.class, ProviderFactory.class);
 * discovered.byId().forEach((id, provider) -> factories.addBinding(id).toInstance(provider.factory()));
 * }</pre>
 *
 * <p>{@link #close()} closes the plugin jars' class loaders. Close it last, after every
 * {@link dev.creor.spi.Provider} created from these factories: a closed class loader can no
 * longer load the classes a provider still needs.
 */
public final class DiscoveredProviders implements AutoCloseable {
    private final List<DiscoveredProvider> providers;
    private final Map<String, DiscoveredProvider> byId;
    private final List<DiscoveredProvider> switchedOff;
    private final List<PluginProblem> problems;
    private final List<Path> pluginDirectories;
    private final Set<String> disabledProviders;
    private final List<PluginClassLoader> classLoaders;
    private boolean closed;

    DiscoveredProviders(List<DiscoveredProvider> providers, List<DiscoveredProvider> switchedOff,
                        Set<String> disabledProviders, List<PluginProblem> problems, List<Path> pluginDirectories,
                        List<PluginClassLoader> classLoaders) {
        this.providers = providers.stream().sorted(Comparator.comparing(DiscoveredProvider::id)).toList();
        Map<String, DiscoveredProvider> index = new LinkedHashMap<>();
        this.providers.forEach(provider -> index.put(provider.id(), provider));
        this.byId = Collections.unmodifiableMap(index);
        this.switchedOff = switchedOff.stream().sorted(Comparator.comparing(DiscoveredProvider::id)).toList();
        this.disabledProviders = Set.copyOf(disabledProviders);
        this.problems = List.copyOf(problems);
        this.pluginDirectories = List.copyOf(pluginDirectories);
        this.classLoaders = List.copyOf(classLoaders);
    }

    /** The providers to use, by id. */
    public List<DiscoveredProvider> providers() {
        return providers;
    }

    /** The providers to use, keyed and ordered by id. */
    public Map<String, DiscoveredProvider> byId() {
        return byId;
    }

    /** The provider with the given id, if it is to be used. */
    public Optional<DiscoveredProvider> provider(String id) {
        return Optional.ofNullable(byId.get(Objects.requireNonNull(id, "id is null")));
    }

    /**
     * The provider with the given id.
     *
     * @throws CreorException when it is not to be used, saying why: {@link ErrorCode#CONFIG_INVALID}
     *                        when {@code enabled_providers} or {@code disabled_providers} switched it
     *                        off or no provider has that id (with a did-you-mean), and
     *                        {@link ErrorCode#PLUGIN_INVALID} with the load errors when its plugin
     *                        is broken
     */
    public DiscoveredProvider require(String id) {
        Optional<DiscoveredProvider> usable = provider(id);
        if (usable.isPresent()) {
            return usable.get();
        }
        if (switchedOff.stream().anyMatch(provider -> provider.id().equals(id))) {
            throw switchedOffError(id);
        }
        List<PluginProblem> broken = problems.stream()
                .filter(problem -> problem.isError() && problem.providerId().filter(id::equals).isPresent())
                .toList();
        if (!broken.isEmpty()) {
            throw CreorException.builder(ErrorCode.PLUGIN_INVALID, "provider \"" + id + "\" cannot be used: "
                            + broken.stream().map(PluginProblem::message).collect(Collectors.joining("; ")))
                    .hint("run `creor providers` to see every provider and plugin problem")
                    .build();
        }
        TreeSet<String> known = new TreeSet<>(byId.keySet());
        List<String> hintParts = new ArrayList<>();
        hintParts.add("to add a provider, drop its jar into " + pluginDirectories.get(0)
                + " or a directory listed in " + ProviderDiscovery.PLUGIN_PATH_VARIABLE);
        long errors = problems.stream().filter(PluginProblem::isError).count();
        if (errors > 0) {
            hintParts.add(errors + " plugin" + (errors == 1 ? "" : "s") + " failed to load; `creor providers` shows why");
        }
        throw CreorException.builder(ErrorCode.CONFIG_INVALID, "unknown provider \"" + id + "\""
                        + Suggestions.didYouMean(id, known)
                        + (known.isEmpty() ? "; no provider is available" : "; available: " + String.join(", ", known)))
                .hint(String.join("; ", hintParts))
                .build();
    }

    private CreorException switchedOffError(String id) {
        boolean disabled = disabledProviders.contains(id);
        return CreorException.builder(ErrorCode.CONFIG_INVALID, "provider \"" + id + "\" is switched off by "
                        + (disabled ? "disabled_providers" : "enabled_providers, which does not name it"))
                .hint(disabled ? "remove \"" + id + "\" from disabled_providers" : "add \"" + id + "\" to enabled_providers")
                .build();
    }

    /** The providers that loaded fine but that {@code enabled_providers} or {@code disabled_providers} switched off, by id. */
    public List<DiscoveredProvider> switchedOff() {
        return switchedOff;
    }

    /** Every problem found, in the order found. */
    public List<PluginProblem> problems() {
        return problems;
    }

    /** Whether any problem is an {@link PluginProblem.Severity#ERROR}. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(PluginProblem::isError);
    }

    /** The plugin directories searched, in order, including those that do not exist. */
    public List<Path> pluginDirectories() {
        return pluginDirectories;
    }

    /** Closes the plugin jars' class loaders; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        classLoaders.forEach(ProviderFactoryLoader::close);
    }

    /** The provider ids and the number of problems. */
    @Override
    public String toString() {
        return "DiscoveredProviders[" + byId.keySet() + ", switched off " + switchedOff.stream()
                .map(DiscoveredProvider::id).toList() + ", " + problems.size() + " problems]";
    }
}
