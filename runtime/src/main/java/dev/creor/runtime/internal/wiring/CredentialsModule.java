package dev.creor.runtime.internal.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.creor.config.CreorConfig;
import dev.creor.core.CredentialStore;
import dev.creor.runtime.internal.credentials.CredentialResolver;
import jakarta.inject.Singleton;

/**
 * Credentials: the store (the embedder's, or {@code auth.json} under the user's data
 * directory) and the resolver that picks, per provider, the config's {@code options.apiKey},
 * the provider's environment variable or the stored key, in that order.
 */
final class CredentialsModule extends AbstractModule {

    @Provides
    @Singleton
    CredentialResolver resolver(RuntimeOptions options, CreorConfig config) {
        return Bootstrap.credentialResolver(options, config);
    }

    @Provides
    @Singleton
    CredentialStore store(CredentialResolver resolver) {
        return resolver.store();
    }
}
