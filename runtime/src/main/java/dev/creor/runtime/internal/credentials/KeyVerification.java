package dev.creor.runtime.internal.credentials;

import dev.creor.core.ErrorCode;
import dev.creor.spi.KeyInfo;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What came of checking a key with its provider during {@code creor auth login}. */
public sealed interface KeyVerification
        permits KeyVerification.Verified, KeyVerification.Skipped, KeyVerification.NotOffered,
                KeyVerification.Forced {

    /** The outcome in words, for people. */
    String describe();

    /**
     * The provider accepted the key and described it.
     *
     * @param info what the provider said about the key
     */
    record Verified(KeyInfo info) implements KeyVerification {
        /** Checks the info is given. */
        public Verified {
            Objects.requireNonNull(info, "info is null");
        }

        /** {@code verified: label "laptop", limit 10 (monthly), 7.5 remaining}, with what the provider told. */
        @Override
        public String describe() {
            List<String> parts = new ArrayList<>();
            info.label().ifPresent(label -> parts.add("label \"" + label + "\""));
            parts.add(info.limit()
                    .map(limit -> "limit " + plain(limit) + info.limitReset().map(reset -> " (" + reset + ")").orElse(""))
                    .orElse("no limit"));
            info.limitRemaining().ifPresent(remaining -> parts.add(plain(remaining) + " remaining"));
            info.usage().ifPresent(usage -> parts.add(plain(usage) + " used"));
            if (info.freeTier()) {
                parts.add("free tier");
            }
            info.expiresAt().ifPresent(expiry -> parts.add("expires " + expiry));
            return "verified: " + String.join(", ", parts);
        }

        private static String plain(BigDecimal amount) {
            return amount.stripTrailingZeros().toPlainString();
        }
    }

    /** The user asked not to verify ({@code --no-verify}). */
    record Skipped() implements KeyVerification {
        @Override
        public String describe() {
            return "not verified (--no-verify)";
        }
    }

    /**
     * The provider offers no way to check a key.
     *
     * @param displayName the provider's name
     */
    record NotOffered(String displayName) implements KeyVerification {
        /** Checks the name is given. */
        public NotOffered {
            Objects.requireNonNull(displayName, "displayName is null");
        }

        @Override
        public String describe() {
            return "not verified: " + displayName + " offers no key check";
        }
    }

    /**
     * The check failed, and the key was stored anyway because of {@code --force}.
     *
     * @param code   why: {@code AUTH_INVALID} when the provider rejected the key, another code
     *               when it could not be asked
     * @param reason the failure's message, with the key masked should it appear
     */
    record Forced(ErrorCode code, String reason) implements KeyVerification {
        /** Checks both parts are given. */
        public Forced {
            Objects.requireNonNull(code, "code is null");
            Objects.requireNonNull(reason, "reason is null");
        }

        @Override
        public String describe() {
            return (code == ErrorCode.AUTH_INVALID ? "REJECTED by the provider" : "could not be verified")
                    + " (" + reason + "), stored anyway because of --force";
        }
    }
}
