package dev.creor.runtime;

import dev.creor.core.CreorException;
import dev.creor.runtime.internal.credentials.AuthService;
import dev.creor.runtime.internal.credentials.CredentialListing;
import dev.creor.runtime.internal.credentials.KeyInspectors;
import dev.creor.runtime.internal.credentials.LogoutResult;
import dev.creor.runtime.internal.wiring.CreorRuntime;
import dev.creor.runtime.internal.wiring.ProviderHandle;
import dev.creor.spi.ProviderDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The keys a {@link Creor} runtime's providers use: list where each comes from, store a key
 * (checked with the provider first), remove a stored one. Keys go in as text read from a person
 * or a pipe and never come out except masked.
 *
 * <p>A key is taken from, highest first: the config's {@code provider.<id>.options.apiKey}, the
 * provider's environment variable, then the store these methods manage ({@code auth.json} in
 * the user's data directory, or the builder's {@link Creor.Builder#credentialStore}). A runtime
 * resolves its keys when it starts: a key stored here applies to runtimes started afterwards.
 */
public final class CreorCredentials {
    private final CreorRuntime runtime;
    private final AuthService auth;

    CreorCredentials(CreorRuntime runtime) {
        this.runtime = runtime;
        Map<String, ProviderDescriptor> descriptors = new LinkedHashMap<>();
        runtime.providers().forEach((id, handle) -> descriptors.put(id, handle.descriptor()));
        KeyInspectors inspectors = id -> Optional.ofNullable(runtime.providers().get(id))
                .flatMap(ProviderHandle::keyInspector);
        this.auth = new AuthService(runtime.credentials(), descriptors, inspectors, runtime.blockingExecutor());
    }

    /** The enabled providers that need a key, by id. */
    public List<String> providersNeedingAKey() {
        return runtime.providers().values().stream().filter(handle -> handle.descriptor().requiresCredential())
                .map(ProviderHandle::id).toList();
    }

    /**
     * What to ask a person for a provider's key, e.g. {@code OpenRouter key (sk-or-...): }.
     *
     * @throws CreorException the error {@link #login} would fail with for this provider before
     *                        any key is read: a provider the config disables ({@code CONFIG_INVALID}),
     *                        one that is not installed ({@code USAGE}, with did-you-mean), or a key
     *                        pasted in the provider's place (recognised without echoing it)
     */
    public String keyPrompt(String providerId) {
        Objects.requireNonNull(providerId, "providerId is null");
        ProviderDescriptor descriptor = auth.providers().get(providerId);
        if (descriptor == null) {
            throw refusal(providerId);
        }
        return descriptor.displayName() + " key" + descriptor.keyPrefix().map(prefix -> " (" + prefix + "...)")
                .orElse("") + ": ";
    }

    private RuntimeException refusal(String providerId) {
        if (runtime.discovered().providers().stream().anyMatch(installed -> installed.id().equals(providerId))) {
            runtime.provider(providerId);
        }
        try {
            auth.login(providerId, "", dev.creor.runtime.internal.credentials.LoginOptions.defaults().withVerify(false))
                    .toCompletableFuture().join();
        } catch (java.util.concurrent.CompletionException refused) {
            return refused.getCause() instanceof CreorException creor ? creor
                    : new IllegalStateException("the login was refused unexpectedly", refused.getCause());
        }
        return new IllegalStateException("the credential service accepted the unknown provider " + providerId);
    }

    /**
     * Checks a key and stores it for a provider. The text is trimmed; an empty text
     * ({@code AUTH_MISSING}), a control character, inner white space or a non-ASCII character
     * ({@code AUTH_INVALID}) is refused; a key without the provider's prefix is stored with a
     * warning. Unless {@code options.verify()} is off, the provider is asked about the key first
     * and a rejected key fails with {@code AUTH_INVALID} unless {@code options.force()}.
     *
     * @param keyText the key as typed or piped; never take it from a command-line argument
     * @return completes with what was stored, or exceptionally with a {@link CreorException}
     */
    public CompletionStage<KeyChange> login(String providerId, String keyText, LoginOptions options) {
        Objects.requireNonNull(providerId, "providerId is null");
        Objects.requireNonNull(keyText, "keyText is null");
        Objects.requireNonNull(options, "options is null");
        return auth.login(providerId, keyText, new dev.creor.runtime.internal.credentials.LoginOptions(options.verify(),
                        options.force(), options.replaceCorrupt()))
                .thenApply(result -> new KeyChange(result.providerId(), List.of(result.summary()), result.warnings()))
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(Blocking.asCreorException(failure)));
    }

    /**
     * Every installed provider, and every provider with a stored key, with the source in
     * effect and its key masked. A store that cannot be read is a warning, not an error.
     */
    public KeyListing list() {
        CredentialListing listing = auth.list();
        return new KeyListing(listing.providers().stream().map(status -> new KeyListing.Entry(status.providerId(),
                status.displayName(), status.installed(), status.source().describe(), status.maskedKey(),
                status.warnings())).toList(), listing.warnings());
    }

    /**
     * Removes a provider's stored key, and says which sources still supply one.
     *
     * @throws CreorException {@code USAGE} for a provider that is neither installed nor stored,
     *                        the store's {@code CONFIG_INVALID} or {@code IO_ERROR}
     */
    public KeyChange logout(String providerId) {
        LogoutResult result = auth.logout(Objects.requireNonNull(providerId, "providerId is null"));
        return new KeyChange(result.providerId(), result.messages(), List.of());
    }

    /** The providers whose keys it manages. */
    @Override
    public String toString() {
        return "CreorCredentials" + auth.providers().keySet();
    }

}
