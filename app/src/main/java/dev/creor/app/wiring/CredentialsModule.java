package dev.creor.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.creor.app.credentials.ConfiguredKeys;
import dev.creor.app.credentials.CredentialResolver;
import dev.creor.app.credentials.FileCredentialStore;
import dev.creor.config.CreorConfig;
import dev.creor.core.CredentialStore;
import dev.creor.core.Environment;
import jakarta.inject.Singleton;

/**
 * Credentials: the store (the embedder's, or {@code auth.json} under the user's data
 * directory) and the resolver that picks, per provider, the config's {@code options.apiKey},
 * the provider's environment variable or the stored key, in that order.
 */
final class CredentialsModule extends AbstractModule {

    @Provides
    @Singleton
    CredentialResolver resolver(RuntimeOptions options, Environment environment, CreorConfig config) {
        ConfiguredKeys configured = Bootstrap.configuredKeys(config);
        if (options.credentialStore().isPresent()) {
            return new CredentialResolver(environment, options.credentialStore().get(), "the embedding program's store",
                    configured);
        }
        return new CredentialResolver(environment, FileCredentialStore.forUser(environment, options.homeDirectory()),
                configured);
    }

    @Provides
    @Singleton
    CredentialStore store(CredentialResolver resolver) {
        return resolver.store();
    }
}
