package dev.creor.runtime.internal.logging;

import dev.creor.core.Secret;
import dev.creor.core.internal.SecretShapes;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Removes credentials from text on its way out of the process: log records, debug HTTP traces,
 * error bodies echoed by servers, error messages. It masks every secret the runtime has
 * resolved, wherever it appears and whatever its shape, and everything shaped like a credential
 * ({@link SecretShapes}: API keys, bearer tokens, passwords in URLs...).
 */
public final class Redaction {
    /**
     * Secrets shorter than this are not looked for: a dummy key such as {@code test} would
     * otherwise be masked inside every word that contains it. Real keys are far longer.
     */
    static final int SHORTEST_REGISTERED = 8;

    /** Each registered secret, with how many runtimes registered it. */
    private static final Map<String, Integer> KNOWN = new ConcurrentHashMap<>();

    private Redaction() {
    }

    /**
     * Remembers a secret so that it is masked wherever it appears, whatever its shape, until
     * as many {@link #forget} calls as {@code register} calls. Secrets shorter than eight
     * characters are ignored.
     */
    public static void register(Secret secret) {
        Objects.requireNonNull(secret, "secret is null");
        if (secret.reveal().length() >= SHORTEST_REGISTERED) {
            KNOWN.merge(secret.reveal(), 1, Integer::sum);
        }
    }

    /** Undoes one {@link #register} of the secret, e.g. when the runtime that resolved it closes. */
    public static void forget(Secret secret) {
        Objects.requireNonNull(secret, "secret is null");
        KNOWN.computeIfPresent(secret.reveal(), (value, count) -> count <= 1 ? null : count - 1);
    }

    /** The text with every credential masked. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : KNOWN.keySet()) {
            if (result.contains(secret)) {
                result = result.replace(secret, Secret.mask(secret));
            }
        }
        return SecretShapes.mask(result);
    }
}
