package dev.creor.serve;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The bearer token every request to the gateway must carry: one the user chose
 * ({@code CREOR_SERVER_TOKEN}), or a random 256-bit one made for this run. Its
 * {@link #toString()} never shows it.
 */
public final class GatewayToken {
    private static final int GENERATED_BYTES = 32;
    private static final int MIN_CHOSEN_LENGTH = 16;

    private final String value;
    private final boolean generated;

    private GatewayToken(String value, boolean generated) {
        this.value = value;
        this.generated = generated;
    }

    /**
     * A token the user chose.
     *
     * @throws CreorException {@code USAGE} when it is shorter than 16 characters or holds
     *                        whitespace or control characters (it must fit in a header)
     */
    public static GatewayToken chosen(String value) {
        Objects.requireNonNull(value, "value is null");
        if (value.length() < MIN_CHOSEN_LENGTH || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw CreorException.builder(ErrorCode.USAGE, "the gateway token (CREOR_SERVER_TOKEN) must be at least "
                            + MIN_CHOSEN_LENGTH + " printable ASCII characters without spaces; the one given has "
                            + value.length() + " characters" + (value.chars().allMatch(c -> c > 0x20 && c < 0x7f)
                            ? "" : ", some of them not printable ASCII"))
                    .hint("make one with: openssl rand -hex 32").build();
        }
        return new GatewayToken(value, false);
    }

    /** A random 256-bit token for this run. */
    public static GatewayToken generate(SecureRandom random) {
        byte[] bytes = new byte[GENERATED_BYTES];
        random.nextBytes(bytes);
        return new GatewayToken("creor-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), true);
    }

    /** Whether the token was made for this run (and must be printed for the user to see). */
    public boolean generated() {
        return generated;
    }

    /** The token itself, to print once or hand to a client. */
    public String reveal() {
        return value;
    }

    /** Whether an {@code Authorization} header carries this token; compares in constant time. */
    boolean acceptsHeader(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the token was chosen or generated; never the token. */
    @Override
    public String toString() {
        return generated ? "GatewayToken[generated]" : "GatewayToken[chosen]";
    }
}
