package dev.creor.runtime;

import dev.creor.core.Secret;
import dev.creor.runtime.internal.credentials.CredentialResolver;
import dev.creor.runtime.internal.credentials.ResolvedCredential;
import dev.creor.runtime.internal.plugins.DiscoveredProvider;
import dev.creor.runtime.internal.plugins.DiscoveredProviders;
import dev.creor.runtime.internal.plugins.PluginProblem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Turns the runtime's internal views of providers and credentials into the facade's values. */
final class Credentials {
    private Credentials() {
    }

    static ProviderCredential of(ResolvedCredential resolved) {
        return new ProviderCredential(resolved.source().describe(), resolved.secret().map(Secret::masked),
                resolved.required(), resolved.sourcesDisagree(), resolved.disagreementWarning().stream().toList(),
                resolved.storeProblem(),
                resolved.missing() ? Optional.of(CredentialResolver.missingCredential(resolved.providerId(),
                        resolved.descriptor())) : Optional.empty());
    }

    /**
     * Every discovered provider with its status and, when enabled, its credential.
     *
     * @param status     each provider's status
     * @param credential the credential of an enabled provider
     */
    static List<ProviderInfo> providers(DiscoveredProviders discovered,
                                        Function<DiscoveredProvider, ProviderInfo.Status> status,
                                        Function<DiscoveredProvider, ResolvedCredential> credential) {
        return providers(discovered, List.of(), status, credential);
    }

    /**
     * Every discovered provider, then each named endpoint (a section of the user's own name with a
     * {@code type}), with its status and, when enabled, its credential.
     */
    static List<ProviderInfo> providers(DiscoveredProviders discovered, Collection<DiscoveredProvider> endpoints,
                                        Function<DiscoveredProvider, ProviderInfo.Status> status,
                                        Function<DiscoveredProvider, ResolvedCredential> credential) {
        List<ProviderInfo> infos = new ArrayList<>();
        List<DiscoveredProvider> all = new ArrayList<>(discovered.providers());
        endpoints.stream().filter(endpoint -> endpoint.type().isPresent()).forEach(all::add);
        for (DiscoveredProvider provider : all) {
            List<String> problems = new ArrayList<>();
            discovered.problems().stream()
                    .filter(problem -> problem.providerId().filter(provider.id()::equals).isPresent())
                    .map(PluginProblem::toString).forEach(problems::add);
            ProviderInfo.Status state = status.apply(provider);
            Optional<ProviderCredential> shown = Optional.empty();
            if (state == ProviderInfo.Status.ENABLED) {
                ProviderCredential resolved = of(credential.apply(provider));
                problems.addAll(resolved.warnings());
                resolved.storeProblem().map(Throwable::getMessage).ifPresent(problems::add);
                resolved.missing().map(dev.creor.core.CreorException::describe).ifPresent(problems::add);
                shown = Optional.of(resolved);
            }
            String origin = provider.type().map(type -> provider.origin() + ", type " + type)
                    .orElse(provider.origin().toString());
            infos.add(new ProviderInfo(provider.id(), provider.descriptor().displayName(), origin,
                    provider.spiVersion(), state, shown, problems));
        }
        return infos;
    }
}
