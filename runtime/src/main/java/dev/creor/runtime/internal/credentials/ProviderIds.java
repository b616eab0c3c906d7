package dev.creor.runtime.internal.credentials;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import java.util.Objects;
import java.util.regex.Pattern;

/** The provider-id rule the store and the auth commands share, and a safe way to echo ids. */
final class ProviderIds {
    /** The rule of {@code ProviderFactory.id()}, with a length bound so garbage is not echoed. */
    private static final Pattern PROVIDER_ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /**
     * Text at least this long is echoed masked: users do paste a key where the provider belongs
     * ({@code creor auth login sk-or-v1-...}), and an error message must not repeat it.
     */
    private static final int LONGEST_ECHOED = 15;

    private ProviderIds() {
    }

    static boolean isValid(String providerId) {
        return PROVIDER_ID.matcher(providerId).matches();
    }

    static String require(String providerId) {
        Objects.requireNonNull(providerId, "providerId is null");
        if (!isValid(providerId)) {
            throw CreorException.builder(ErrorCode.USAGE, quote(providerId) + " is not a provider id")
                    .hint("a provider id is lower-case letters, digits and dashes, starting with a letter, "
                            + "such as openrouter; `creor providers` lists them")
                    .build();
        }
        return providerId;
    }

    /** The text quoted when it is short, masked like a key when it could be one. */
    static String quote(String text) {
        String shown = text.length() <= LONGEST_ECHOED ? text : Secret.mask(text);
        return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
    }
}
