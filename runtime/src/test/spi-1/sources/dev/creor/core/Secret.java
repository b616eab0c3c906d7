package dev.creor.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential, such as an API key, that must never be printed.
 *
 * <p>{@link #toString()} never shows the value; {@link #masked()} shows a short prefix and the
 * last four characters ({@code sk-or-v1-…9f3a}), enough for a person to tell two keys apart.
 * {@link #reveal()} is the one way to read the value, for the code that puts it on the wire.
 * {@link #equals} compares in constant time.
 */
public final class Secret {
    private static final int VISIBLE_SUFFIX = 4;
    private static final int MAX_VISIBLE_PREFIX = 9;
    private static final int SHORTEST_MASKABLE = 16;

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Wraps a credential.
     *
     * @throws IllegalArgumentException when the value is blank (the message never contains it)
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException("secret value is blank");
        }
        return new Secret(value);
    }

    /** The credential itself. Call it only where the value goes on the wire or into the store. */
    public String reveal() {
        return value;
    }

    /**
     * A form that identifies the key without disclosing it: the key's prefix up to its last
     * dash (at most nine characters, e.g. {@code sk-or-v1-}), an ellipsis, and the last four
     * characters. Keys shorter than sixteen characters show only {@code …} and their length.
     */
    public String masked() {
        return mask(value);
    }

    /**
     * Masks any text the way {@link #masked()} does, for places that hold a key as text
     * (for example a value echoed back in a server's error body).
     */
    public static String mask(String text) {
        Objects.requireNonNull(text, "text is null");
        if (text.length() < SHORTEST_MASKABLE) {
            return "…(" + text.length() + " chars)";
        }
        int prefixEnd = text.lastIndexOf('-', MAX_VISIBLE_PREFIX - 1) + 1;
        return text.substring(0, prefixEnd) + "…" + text.substring(text.length() - VISIBLE_SUFFIX);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                        secret.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        // A constant keeps the hash from leaking anything; secrets are not used as map keys.
        return 0x5ec7e7;
    }

    /** Always {@code Secret[redacted]}; the value never appears. */
    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
