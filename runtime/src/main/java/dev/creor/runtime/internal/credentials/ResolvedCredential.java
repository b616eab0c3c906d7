package dev.creor.runtime.internal.credentials;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.spi.ProviderDescriptor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The credential in effect for a provider, where it came from, and which other sources also
 * hold one: the answer to "which key is Creor using, and why?".
 *
 * <p>Its {@code toString()} names sources only; keys are reachable through {@link #secret()}
 * and shown elsewhere only {@linkplain Secret#masked() masked}.
 */
public final class ResolvedCredential {
    private final String providerId;
    private final ProviderDescriptor descriptor;
    private final List<FoundCredential> found;
    private final CreorException storeProblem;

    /** Only the resolver creates these; {@code storeProblem} is null when the store was read. */
    ResolvedCredential(String providerId, ProviderDescriptor descriptor, List<FoundCredential> found,
            CreorException storeProblem) {
        this.providerId = Objects.requireNonNull(providerId, "providerId is null");
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor is null");
        this.found = List.copyOf(found);
        this.storeProblem = storeProblem;
    }

    /** The provider's id. */
    public String providerId() {
        return providerId;
    }

    /** The provider's descriptor, as given to the resolver. */
    public ProviderDescriptor descriptor() {
        return descriptor;
    }

    /** The credential in effect: the one from the highest-precedence source that holds one. */
    public Optional<Secret> secret() {
        return effective().map(FoundCredential::secret);
    }

    /** The source of the credential in effect, or {@link CredentialSource.None}. */
    public CredentialSource source() {
        return effective().<CredentialSource>map(FoundCredential::source).orElseGet(CredentialSource.None::new);
    }

    /** The credential in effect with its source. */
    public Optional<FoundCredential> effective() {
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every other source that also holds a credential, highest precedence first; they are not used. */
    public List<FoundCredential> shadowed() {
        return found.isEmpty() ? List.of() : found.subList(1, found.size());
    }

    /** Every source that holds a credential, highest precedence (the one in effect) first. */
    public List<FoundCredential> found() {
        return found;
    }

    /** Whether a shadowed source holds a different key than the one in effect (compared in constant time). */
    public boolean sourcesDisagree() {
        return !disagreeing().isEmpty();
    }

    /**
     * A warning for people when {@link #sourcesDisagree()}: which key is in effect and which
     * different ones are ignored, all masked.
     */
    public Optional<String> disagreementWarning() {
        List<FoundCredential> disagreeing = disagreeing();
        if (disagreeing.isEmpty()) {
            return Optional.empty();
        }
        String ignored = disagreeing.stream().map(FoundCredential::describeMasked).collect(Collectors.joining(", "));
        return Optional.of("different " + descriptor.displayName() + " keys are set: the "
                + found.get(0).describeMasked() + " is in effect; the " + ignored
                + (disagreeing.size() == 1 ? " is" : " are") + " ignored");
    }

    /** Whether the provider needs a credential at all (see {@link ProviderDescriptor#requiresCredential()}). */
    public boolean required() {
        return descriptor.requiresCredential();
    }

    /** Whether the provider needs a credential and no source holds one. */
    public boolean missing() {
        return required() && found.isEmpty();
    }

    /**
     * Why the credential store could not be read, if it could not. A higher-precedence source
     * may still have supplied the credential; the store's problem is reported, not fatal.
     */
    public Optional<CreorException> storeProblem() {
        return Optional.ofNullable(storeProblem);
    }

    /**
     * The credential in effect.
     *
     * @throws CreorException the {@linkplain #storeProblem() store's problem} when no other source
     *                        holds a credential and the store could not be read, else
     *                        {@code AUTH_MISSING} as {@link CredentialResolver#missingCredential}
     */
    public Secret requireSecret() {
        if (!found.isEmpty()) {
            return found.get(0).secret();
        }
        if (storeProblem != null) {
            throw storeProblem;
        }
        throw CredentialResolver.missingCredential(providerId, descriptor);
    }

    /** Names the provider and the sources; never a key. */
    @Override
    public String toString() {
        return "ResolvedCredential[" + providerId + " from " + source().describe()
                + (shadowed().isEmpty() ? "" : ", also in " + shadowed().stream()
                        .map(other -> other.source().describe()).collect(Collectors.joining(", ")))
                + (sourcesDisagree() ? ", sources disagree" : "") + "]";
    }

    private List<FoundCredential> disagreeing() {
        if (found.isEmpty()) {
            return List.of();
        }
        Secret inEffect = found.get(0).secret();
        return shadowed().stream().filter(other -> !other.secret().equals(inEffect)).toList();
    }

    /**
     * The error with a hint that fits where the rejected key came from. A provider's own hint
     * says how to set a key (usually {@code creor auth login}), but a stored key does not take
     * effect while the configuration or an environment variable supplies one: then the hint
     * names that source instead. Other errors are returned as they are.
     */
    public CreorException explainRejection(CreorException error) {
        if (error.code() != ErrorCode.AUTH_INVALID) {
            return error;
        }
        String fix = switch (source().kind()) {
            case CONFIG -> "correct it there, or remove it to use the provider's environment variable or the key "
                    + "stored with `creor auth login " + providerId + "`";
            case ENVIRONMENT -> "set the variable to a valid key, or unset it to use the key stored with "
                    + "`creor auth login " + providerId + "`";
            case STORE, NONE -> null;
        };
        if (fix == null) {
            return error;
        }
        return error.toBuilder()
                .hint("the rejected key comes from " + source().describe() + ", which takes precedence over a "
                        + "stored key; " + fix)
                .build();
    }
}
