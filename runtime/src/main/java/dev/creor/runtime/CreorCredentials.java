package dev.creor.runtime;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.runtime.internal.credentials.AuthService;
import dev.creor.runtime.internal.credentials.CredentialListing;
import dev.creor.runtime.internal.credentials.CredentialResolver;
import dev.creor.runtime.internal.credentials.CredentialSource;
import dev.creor.runtime.internal.credentials.CredentialStatus;
import dev.creor.runtime.internal.credentials.KeyInspectors;
import dev.creor.runtime.internal.credentials.KeyVerification;
import dev.creor.runtime.internal.credentials.LogoutResult;
import dev.creor.runtime.internal.credentials.ResolvedCredential;
import dev.creor.runtime.internal.wiring.WiredRuntime;
import dev.creor.runtime.internal.wiring.ProviderHandle;
import dev.creor.spi.KeyInfo;
import dev.creor.spi.KeyInspector;
import dev.creor.spi.ProviderDescriptor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

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
    private final AuthService auth;
    private final CredentialResolver resolver;
    private final KeyInspectors inspectors;
    private final Consumer<String> requireEnabled;

    CreorCredentials(WiredRuntime runtime) {
        this(new AuthService(runtime.credentials(), descriptors(runtime), inspectors(runtime),
                        runtime.blockingExecutor()), runtime.credentials(), inspectors(runtime),
                providerId -> {
                    if (runtime.discovered().providers().stream().anyMatch(installed -> installed.id().equals(providerId))) {
                        runtime.provider(providerId);
                    }
                });
    }

    /**
     * The keys of the providers {@code auth} knows, with no runtime behind them (the settings
     * page's tests build one this way, over fake providers).
     *
     * @param requireEnabled throws the error for a provider that is installed but disabled
     */
    CreorCredentials(AuthService auth, CredentialResolver resolver, KeyInspectors inspectors,
                     Consumer<String> requireEnabled) {
        this.auth = auth;
        this.resolver = resolver;
        this.inspectors = inspectors;
        this.requireEnabled = requireEnabled;
    }

    private static Map<String, ProviderDescriptor> descriptors(WiredRuntime runtime) {
        Map<String, ProviderDescriptor> descriptors = new LinkedHashMap<>();
        runtime.providers().forEach((id, handle) -> descriptors.put(id, handle.descriptor()));
        return descriptors;
    }

    private static KeyInspectors inspectors(WiredRuntime runtime) {
        return id -> Optional.ofNullable(runtime.providers().get(id)).flatMap(ProviderHandle::keyInspector);
    }

    /** The enabled providers that need a key, by id. */
    public List<String> providersNeedingAKey() {
        return auth.providers().entrySet().stream().filter(provider -> provider.getValue().requiresCredential())
                .map(Map.Entry::getKey).toList();
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
        requireEnabled.accept(providerId);
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
        return new KeyListing(listing.providers().stream().map(this::entry).toList(), listing.warnings());
    }

    private KeyListing.Entry entry(CredentialStatus status) {
        ResolvedCredential resolution = status.resolution();
        boolean stored = resolution.found().stream()
                .anyMatch(found -> found.source().kind() == CredentialSource.Kind.STORE);
        return new KeyListing.Entry(status.providerId(), status.displayName(), status.installed(),
                status.source().describe(), status.maskedKey(), status.warnings(), resolution.required(),
                KeyListing.SourceKind.valueOf(status.source().kind().name()), stored,
                status.installed() && inspectors.forProvider(status.providerId()).isPresent(),
                resolution.descriptor().credentialEnvironmentVariables());
    }

    /**
     * One provider's key as {@link #list()} lists it.
     *
     * @throws CreorException {@code USAGE} when the provider is neither installed nor has a stored key
     */
    public KeyListing.Entry status(String providerId) {
        Objects.requireNonNull(providerId, "providerId is null");
        return auth.list().providers().stream().filter(status -> status.providerId().equals(providerId))
                .findFirst().map(this::entry)
                .orElseThrow(() -> CreorException.builder(ErrorCode.USAGE, "no provider called \"" + providerId
                        + "\" is installed or has a stored key").hint("`creor auth list` lists them").build());
    }

    /** The installed (enabled) providers whose keys it manages: their names for people, by id. */
    public Map<String, String> providerNames() {
        Map<String, String> names = new LinkedHashMap<>();
        auth.providers().forEach((id, descriptor) -> names.put(id, descriptor.displayName()));
        return Collections.unmodifiableMap(names);
    }

    /** Where stored keys are kept, for people: {@code auth.json}'s path, or the builder's store. */
    public String storeLocation() {
        return resolver.storeLocation();
    }

    /**
     * Checks a key and stores it for a provider, as {@link #login} does, and tells what the
     * provider said about it.
     *
     * @param keyText the key as typed or piped; surrounding white space is dropped
     * @param verify  whether to ask the provider about the key first (a rejected key is not stored)
     * @return completes with what was stored, or exceptionally with a {@link CreorException}
     */
    public CompletionStage<KeyStored> store(String providerId, String keyText, boolean verify) {
        Objects.requireNonNull(providerId, "providerId is null");
        Objects.requireNonNull(keyText, "keyText is null");
        return auth.login(providerId, keyText, dev.creor.runtime.internal.credentials.LoginOptions.defaults()
                        .withVerify(verify))
                .thenApply(result -> new KeyStored(result.providerId(), result.maskedKey(),
                        verification(result.verification()), result.warnings()));
    }

    private static KeyStored.Verification verification(KeyVerification verification) {
        KeyStored.Outcome outcome;
        Optional<KeyInfo> info = Optional.empty();
        if (verification instanceof KeyVerification.Verified verified) {
            outcome = KeyStored.Outcome.VERIFIED;
            info = Optional.of(verified.info());
        } else if (verification instanceof KeyVerification.Skipped) {
            outcome = KeyStored.Outcome.SKIPPED;
        } else if (verification instanceof KeyVerification.NotOffered) {
            outcome = KeyStored.Outcome.NOT_OFFERED;
        } else {
            outcome = KeyStored.Outcome.FORCED;
        }
        return new KeyStored.Verification(outcome, verification.describe(), info);
    }

    /**
     * Asks a provider about the key in effect now (read afresh from its sources): its label,
     * limit, remaining credit and usage. The key never leaves the runtime; messages show it masked.
     *
     * @return completes with the answer, or exceptionally with a {@link CreorException}:
     *         {@code USAGE} when the provider offers no key check, {@code AUTH_MISSING} when it
     *         has no key, {@code AUTH_INVALID} when it rejects the key, another code when it
     *         cannot be asked
     */
    public CompletionStage<KeyInspection> check(String providerId) {
        Objects.requireNonNull(providerId, "providerId is null");
        try {
            ProviderDescriptor descriptor = auth.providers().get(providerId);
            if (descriptor == null) {
                throw refusal(providerId);
            }
            KeyInspector inspector = inspectors.forProvider(providerId).orElseThrow(() -> CreorException.of(
                    ErrorCode.USAGE, descriptor.displayName() + " offers no way to check a key"));
            ResolvedCredential resolution = resolver.resolve(providerId, descriptor);
            Secret key = resolution.requireSecret();
            CompletionStage<KeyInfo> inspection;
            try {
                inspection = inspector.inspect(key);
            } catch (RuntimeException failedAtOnce) {
                inspection = CompletableFuture.failedFuture(failedAtOnce);
            }
            return inspection.handle((info, failure) -> {
                if (failure != null) {
                    throw checkFailure(descriptor, key, unwrap(failure));
                }
                return new KeyInspection(providerId, key.masked(),
                        KeyListing.SourceKind.valueOf(resolution.source().kind().name()),
                        resolution.source().describe(), info);
            });
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private static CreorException checkFailure(ProviderDescriptor descriptor, Secret key, Throwable failure) {
        if (!(failure instanceof CreorException error)) {
            return CreorException.of(ErrorCode.INTERNAL, "the key check of " + descriptor.displayName()
                    + " failed unexpectedly with " + failure.getClass().getName());
        }
        String reason = error.getMessage().replace(key.reveal(), key.masked());
        if (error.code() == ErrorCode.AUTH_INVALID) {
            return CreorException.builder(ErrorCode.AUTH_INVALID, descriptor.displayName() + " rejected the key "
                            + key.masked() + ": " + reason)
                    .hint("enter a new key, or check that you copied the whole key").build();
        }
        return CreorException.builder(error.code(), "could not ask " + descriptor.displayName() + " about the key: "
                + reason).hint("try again later").build();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * Removes a provider's stored key, as {@link #logout} does, and says whether there was one.
     *
     * @throws CreorException as {@link #logout}
     */
    public KeyRemoval remove(String providerId) {
        LogoutResult result = auth.logout(Objects.requireNonNull(providerId, "providerId is null"));
        return new KeyRemoval(result.providerId(), result.removed(), result.messages());
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
