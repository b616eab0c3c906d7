package dev.creor.runtime.internal.credentials;

import dev.creor.core.CredentialStore;
import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.core.internal.Checks;
import dev.creor.spi.ProviderDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds the credential in effect for a provider. The sources, highest precedence first:
 * <ol>
 *   <li>the config's {@code provider.<id>.options.apiKey} (after {@code {env:}} and
 *       {@code {file:}} substitution), through {@link ConfiguredKeys};</li>
 *   <li>the provider's environment variables ({@link ProviderDescriptor#credentialEnvironmentVariables()}),
 *       in the order the descriptor lists them; surrounding white space is ignored;</li>
 *   <li>the {@link CredentialStore}.</li>
 * </ol>
 * Every source is consulted, so the result also says which other sources hold a key and whether
 * they disagree. A store that cannot be read does not stop a higher source from supplying the
 * key; it is reported in {@link ResolvedCredential#storeProblem()}.
 *
 * <p>Resolution reads the store: it does blocking file I/O for {@link FileCredentialStore}.
 */
public final class CredentialResolver {
    private final Environment environment;
    private final CredentialStore store;
    private final String storeLocation;
    private final ConfiguredKeys configuredKeys;

    /** A resolver over a file store, named by its path in results. */
    public CredentialResolver(Environment environment, FileCredentialStore store, ConfiguredKeys configuredKeys) {
        this(environment, store, store.path().toString(), configuredKeys);
    }

    /**
     * A resolver over any store.
     *
     * @param storeLocation how results name the store, such as its path
     */
    public CredentialResolver(Environment environment, CredentialStore store, String storeLocation,
            ConfiguredKeys configuredKeys) {
        this.environment = Objects.requireNonNull(environment, "environment is null");
        this.store = Objects.requireNonNull(store, "store is null");
        this.storeLocation = Checks.requireText(storeLocation, "storeLocation");
        this.configuredKeys = Objects.requireNonNull(configuredKeys, "configuredKeys is null");
    }

    /**
     * Resolves the credential of a provider.
     *
     * @throws CreorException with {@code USAGE} when the provider id is malformed
     */
    public ResolvedCredential resolve(String providerId, ProviderDescriptor descriptor) {
        ProviderIds.require(providerId);
        Objects.requireNonNull(descriptor, "descriptor is null");
        List<FoundCredential> found = new ArrayList<>();
        configuredKeys.find(providerId)
                .ifPresent(configured -> found.add(new FoundCredential(
                        new CredentialSource.Config(configured.origin()), configured.key())));
        for (String variable : descriptor.credentialEnvironmentVariables()) {
            environment.get(variable)
                    .map(String::strip)
                    .filter(value -> !value.isEmpty())
                    .ifPresent(value -> found.add(new FoundCredential(
                            new CredentialSource.EnvironmentVariable(variable), Secret.of(value))));
        }
        CreorException storeProblem = null;
        try {
            store.get(providerId)
                    .ifPresent(stored -> found.add(new FoundCredential(new CredentialSource.Store(storeLocation), stored)));
        } catch (CreorException unreadable) {
            storeProblem = unreadable;
        }
        return new ResolvedCredential(providerId, descriptor, found, storeProblem);
    }

    /** The store this resolver reads. */
    public CredentialStore store() {
        return store;
    }

    /** How results name the store. */
    public String storeLocation() {
        return storeLocation;
    }

    /**
     * The {@code AUTH_MISSING} error for a provider without a credential, with a hint naming
     * both ways to give it one: {@code creor auth login <id>} or the settings page, or the
     * provider's environment variable (its config option when it declares no variable).
     */
    public static CreorException missingCredential(String providerId, ProviderDescriptor descriptor) {
        Objects.requireNonNull(providerId, "providerId is null");
        Objects.requireNonNull(descriptor, "descriptor is null");
        List<String> variables = descriptor.credentialEnvironmentVariables();
        String otherWay = variables.isEmpty()
                ? "set provider." + providerId + ".options.apiKey in creor.json"
                : "set " + String.join(" or ", variables);
        return CreorException.builder(ErrorCode.AUTH_MISSING,
                        "no API key is set for " + descriptor.displayName() + " (provider " + providerId + ")")
                .hint("run `creor auth login " + providerId + "` or save one on the settings page (`creor settings`), "
                        + "or " + otherWay)
                .build();
    }
}
