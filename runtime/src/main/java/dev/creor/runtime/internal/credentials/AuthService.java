package dev.creor.runtime.internal.credentials;

import dev.creor.core.CredentialStore;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.core.internal.Suggestions;
import dev.creor.spi.KeyInfo;
import dev.creor.spi.KeyInspector;
import dev.creor.spi.ProviderDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * What {@code creor auth login|list|logout} and the settings page do, without the terminal:
 * the command line reads the key and renders the results.
 *
 * <p>{@link #login} is asynchronous because it asks the provider about the key; its file work
 * runs on the given blocking executor. {@link #list} and {@link #logout} do blocking file I/O
 * on the calling thread. No result, message or exception carries a key in clear; keys appear
 * only {@linkplain Secret#masked() masked}.
 */
public final class AuthService {
    private static final String GENERIC_KEY_PREFIX = "sk-";
    private static final int SHORTEST_KEY_LIKE_ARGUMENT = 40;

    private final CredentialResolver resolver;
    private final CredentialStore store;
    private final Map<String, ProviderDescriptor> providers;
    private final KeyInspectors keyInspectors;
    private final Executor blockingExecutor;

    /**
     * @param resolver         resolves credentials; its {@linkplain CredentialResolver#store() store}
     *                         is where keys are saved and removed
     * @param providers        the installed providers' descriptors, by id
     * @param keyInspectors    the providers' key checks
     * @param blockingExecutor where {@link #login} reads and writes the store
     */
    public AuthService(CredentialResolver resolver, Map<String, ProviderDescriptor> providers,
            KeyInspectors keyInspectors, Executor blockingExecutor) {
        this.resolver = Objects.requireNonNull(resolver, "resolver is null");
        this.store = resolver.store();
        this.providers = new TreeMap<>(Map.copyOf(providers));
        this.providers.keySet().forEach(ProviderIds::require);
        this.keyInspectors = Objects.requireNonNull(keyInspectors, "keyInspectors is null");
        this.blockingExecutor = Objects.requireNonNull(blockingExecutor, "blockingExecutor is null");
    }

    /**
     * Checks a key and stores it for a provider.
     *
     * <p>The key text is trimmed; an empty text ({@code AUTH_MISSING}), a control character,
     * inner white space or a non-ASCII character ({@code AUTH_INVALID}) is refused. A key that
     * does not start with the provider's {@linkplain ProviderDescriptor#keyPrefix() prefix} is
     * stored with a warning. Unless {@code options.verify()} is off, the provider's
     * {@link KeyInspector} is asked about the key first; when the provider rejects it the
     * result fails with {@code AUTH_INVALID}, and when the provider cannot be asked it fails
     * with the inspector's error, unless {@code options.force()} is on. An unusable store fails
     * with {@code CONFIG_INVALID} before the provider is asked, unless
     * {@code options.replaceCorrupt()} is on, which moves it to a backup first.
     *
     * @param keyText the key as typed or piped; never take it from a command-line argument
     * @return the outcome; completes exceptionally with a {@link CreorException} (possibly
     *         wrapped in a {@link CompletionException})
     */
    public CompletionStage<LoginResult> login(String providerId, String keyText, LoginOptions options) {
        Objects.requireNonNull(keyText, "keyText is null");
        Objects.requireNonNull(options, "options is null");
        ProviderDescriptor descriptor;
        Secret key;
        try {
            descriptor = installedProvider(providerId);
            key = KeyText.parse(keyText);
        } catch (CreorException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        List<String> warnings = new ArrayList<>();
        descriptor.keyPrefix()
                .filter(prefix -> !key.reveal().startsWith(prefix))
                .ifPresent(prefix -> warnings.add("the key " + key.masked() + " does not start with " + prefix
                        + " like " + descriptor.displayName() + " keys do; check that you pasted a key for "
                        + descriptor.displayName()));
        if (!descriptor.requiresCredential()) {
            warnings.add(descriptor.displayName() + " works without a key; it was stored anyway");
        }
        return CompletableFuture
                .runAsync(() -> {
                    if (!options.replaceCorrupt()) {
                        // Refuse before asking the provider: the key could not be stored anyway.
                        store.providerIds();
                    }
                }, blockingExecutor)
                .thenCompose(readable -> verify(providerId, descriptor, key, options))
                .thenApplyAsync(verification -> store(providerId, descriptor, key, options, verification, warnings),
                        blockingExecutor);
    }

    /**
     * Every installed provider, and every provider with a stored key, with the source in effect,
     * its key masked and warnings when sources disagree. A store that cannot be read is reported
     * as a warning, not thrown: the config and environment sources are still listed.
     */
    public CredentialListing list() {
        List<String> warnings = new ArrayList<>();
        fileStore().flatMap(FileCredentialStore::protectionWarning).ifPresent(warnings::add);
        Set<String> stored;
        try {
            stored = store.providerIds();
        } catch (CreorException unreadable) {
            warnings.add(unreadable.describe());
            stored = Set.of();
        }
        Set<String> ids = new TreeSet<>(providers.keySet());
        ids.addAll(stored);
        List<CredentialStatus> statuses = new ArrayList<>();
        for (String id : ids) {
            boolean installed = providers.containsKey(id);
            ResolvedCredential resolution = resolver.resolve(id, descriptorOrPlaceholder(id));
            List<String> providerWarnings = new ArrayList<>();
            resolution.disagreementWarning().ifPresent(providerWarnings::add);
            if (!installed) {
                providerWarnings.add("no installed provider is called " + id + "; `creor auth logout " + id
                        + "` removes its stored key");
            }
            statuses.add(new CredentialStatus(id, installed, resolution, providerWarnings));
        }
        return new CredentialListing(statuses, warnings);
    }

    /**
     * Removes the stored key of a provider, and says which sources still supply one. A provider
     * that is no longer installed can be logged out while the store holds its key.
     *
     * @throws CreorException {@code USAGE} for a provider that is neither installed nor stored,
     *                        the store's {@code CONFIG_INVALID} or {@code IO_ERROR}
     */
    public LogoutResult logout(String providerId) {
        ProviderDescriptor descriptor = providers.get(rejectKeyLikeArgument(providerId));
        if (descriptor == null) {
            ProviderIds.require(providerId);
            if (!store.providerIds().contains(providerId)) {
                throw unknownProvider(providerId);
            }
            descriptor = descriptorOrPlaceholder(providerId);
        }
        Optional<Secret> previous = store.get(providerId);
        boolean removed = store.remove(providerId);
        ResolvedCredential resolution = resolver.resolve(providerId, descriptor);
        String name = descriptor.displayName();
        List<String> messages = new ArrayList<>();
        messages.add(removed
                ? "removed the stored " + name + " key" + previous.map(key -> " " + key.masked()).orElse("") + " from "
                        + resolver.storeLocation()
                : "no " + name + " key was stored in " + resolver.storeLocation());
        for (FoundCredential still : resolution.found()) {
            messages.add("the " + still.describeMasked() + " still supplies a key for " + name + "; "
                    + howToStopUsing(still.source(), providerId) + " to stop using it");
        }
        return new LogoutResult(providerId, removed, resolver.storeLocation(), resolution, messages);
    }

    /** The descriptors of the installed providers, sorted by id. */
    public Map<String, ProviderDescriptor> providers() {
        return Collections.unmodifiableMap(providers);
    }

    private CompletionStage<KeyVerification> verify(String providerId, ProviderDescriptor descriptor, Secret key,
            LoginOptions options) {
        if (!options.verify()) {
            return CompletableFuture.completedFuture(new KeyVerification.Skipped());
        }
        Optional<KeyInspector> inspector = keyInspectors.forProvider(providerId);
        if (inspector.isEmpty()) {
            return CompletableFuture.completedFuture(new KeyVerification.NotOffered(descriptor.displayName()));
        }
        CompletionStage<KeyInfo> inspection;
        try {
            inspection = inspector.get().inspect(key);
        } catch (RuntimeException failedAtOnce) {
            inspection = CompletableFuture.failedFuture(failedAtOnce);
        }
        return inspection.handle((info, failure) -> {
            if (failure == null) {
                return new KeyVerification.Verified(info);
            }
            CreorException error = asCreorException(unwrap(failure), descriptor);
            String reason = scrub(error.getMessage(), key);
            if (options.force()) {
                return new KeyVerification.Forced(error.code(), reason);
            }
            throw verificationFailure(providerId, descriptor, key, error, reason);
        });
    }

    private LoginResult store(String providerId, ProviderDescriptor descriptor, Secret key, LoginOptions options,
            KeyVerification verification, List<String> warnings) {
        Path backup = null;
        if (options.replaceCorrupt()) {
            FileCredentialStore fileStore = fileStore().orElseThrow(() -> CreorException.of(ErrorCode.USAGE,
                    "the credential store " + resolver.storeLocation() + " cannot be replaced"));
            backup = fileStore.replaceCorrupt().orElse(null);
            if (backup != null) {
                warnings.add("the unusable credential store was moved to " + backup
                        + "; it may hold keys of other providers, so log in to them again");
            }
        }
        Optional<Secret> previous = store.get(providerId);
        store.put(providerId, key);
        boolean replacedOtherKey = previous.filter(old -> !old.equals(key)).isPresent();
        fileStore().flatMap(FileCredentialStore::protectionWarning).ifPresent(warnings::add);
        ResolvedCredential resolution = resolver.resolve(providerId, descriptor);
        resolution.effective()
                .filter(inEffect -> inEffect.source().kind() != CredentialSource.Kind.STORE)
                .filter(inEffect -> !inEffect.secret().equals(key))
                .ifPresent(inEffect -> warnings.add("the " + inEffect.describeMasked() + " takes precedence over "
                        + "the stored key, so " + descriptor.displayName() + " requests keep using it; "
                        + howToStopUsing(inEffect.source(), providerId) + " to use the stored key"));
        return new LoginResult(providerId, descriptor.displayName(), key.masked(), resolver.storeLocation(),
                verification, backup, replacedOtherKey, resolution, warnings);
    }

    private CreorException verificationFailure(String providerId, ProviderDescriptor descriptor, Secret key,
            CreorException error, String reason) {
        if (error.code() == ErrorCode.AUTH_INVALID) {
            CreorException.Builder rejected = CreorException.builder(ErrorCode.AUTH_INVALID,
                            descriptor.displayName() + " rejected the key " + key.masked() + ": " + reason)
                    .hint("check that you copied the whole key, or create a new one; `creor auth login " + providerId
                            + " --force` stores it anyway");
            error.httpStatus().ifPresent(rejected::httpStatus);
            return rejected.build();
        }
        CreorException.Builder builder = CreorException.builder(error.code(),
                        "could not verify the key with " + descriptor.displayName() + ": " + reason)
                .hint("try again, or run `creor auth login " + providerId
                        + " --no-verify` to store it without asking " + descriptor.displayName());
        if (!mentions(error, key)) {
            builder.cause(error);
        }
        return builder.build();
    }

    private ProviderDescriptor installedProvider(String providerId) {
        ProviderDescriptor descriptor = providers.get(rejectKeyLikeArgument(providerId));
        if (descriptor == null) {
            ProviderIds.require(providerId);
            throw unknownProvider(providerId);
        }
        return descriptor;
    }

    /**
     * Refuses an argument that looks like a key, without repeating it: pasting the key where
     * the provider belongs is an easy mistake, and the message must not echo the key again.
     */
    private String rejectKeyLikeArgument(String providerId) {
        Objects.requireNonNull(providerId, "providerId is null");
        if (providers.containsKey(providerId)) {
            return providerId;
        }
        boolean keyLike = providerId.startsWith(GENERIC_KEY_PREFIX)
                || providerId.length() >= SHORTEST_KEY_LIKE_ARGUMENT
                || providers.values().stream()
                        .flatMap(descriptor -> descriptor.keyPrefix().stream())
                        .anyMatch(providerId::startsWith);
        if (keyLike) {
            throw CreorException.builder(ErrorCode.USAGE, "the provider argument looks like an API key")
                    .hint("name the provider, e.g. `creor auth login openrouter`, and paste the key when asked or pipe "
                            + "it on standard input; a key given as an argument stays in your shell history, so "
                            + "consider revoking that one")
                    .build();
        }
        return providerId;
    }

    private CreorException unknownProvider(String providerId) {
        List<String> closest = Suggestions.closest(providerId, providers.keySet(), 3);
        String installed = providers.isEmpty() ? "none" : String.join(", ", providers.keySet());
        return CreorException.builder(ErrorCode.USAGE, "no provider called " + ProviderIds.quote(providerId)
                        + " is installed" + (closest.isEmpty() ? "" : "; did you mean " + String.join(" or ", closest)
                        + "?"))
                .hint("installed providers: " + installed + "; `creor providers` lists them")
                .build();
    }

    private ProviderDescriptor descriptorOrPlaceholder(String providerId) {
        ProviderDescriptor descriptor = providers.get(providerId);
        return descriptor != null ? descriptor : ProviderDescriptor.builder(providerId).build();
    }

    private Optional<FileCredentialStore> fileStore() {
        return store instanceof FileCredentialStore fileStore ? Optional.of(fileStore) : Optional.empty();
    }

    private static String howToStopUsing(CredentialSource source, String providerId) {
        return switch (source.kind()) {
            case CONFIG -> "remove provider." + providerId + ".options.apiKey from the config ("
                    + ((CredentialSource.Config) source).origin() + ")";
            case ENVIRONMENT -> "unset " + ((CredentialSource.EnvironmentVariable) source).name();
            case STORE -> "run `creor auth logout " + providerId + "`";
            case NONE -> "nothing to do";
        };
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static CreorException asCreorException(Throwable failure, ProviderDescriptor descriptor) {
        if (failure instanceof CreorException creor) {
            return creor;
        }
        // A foreign exception's message is the provider's text, which Creor cannot vouch for.
        return CreorException.of(ErrorCode.INTERNAL, "the key check of " + descriptor.displayName()
                + " failed unexpectedly with " + failure.getClass().getName());
    }

    private static boolean mentions(CreorException error, Secret key) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String message = cause instanceof CreorException creor ? creor.describe() : cause.getMessage();
            if (message != null && message.contains(key.reveal())) {
                return true;
            }
        }
        return false;
    }

    /** The provider's message with the key masked, should a careless provider echo it. */
    private static String scrub(String message, Secret key) {
        return message.replace(key.reveal(), key.masked());
    }
}
