package dev.creor.runtime.internal.credentials;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns what a user typed or piped into a key: surrounding white space is dropped; an empty
 * text, a control character, inner white space or a character outside printable ASCII is
 * refused with a message that says what is wrong and where, without repeating the key.
 */
final class KeyText {
    private static final int LAST_PRINTABLE_ASCII = 0x7e;

    private KeyText() {
    }

    static Secret parse(String raw) {
        Objects.requireNonNull(raw, "raw is null");
        String key = raw.strip();
        if (key.isEmpty()) {
            throw CreorException.builder(ErrorCode.AUTH_MISSING, "the key is empty")
                    .hint("paste the whole key when asked, or pipe it on standard input")
                    .build();
        }
        for (int index = 0, position = 1; index < key.length(); position++) {
            int character = key.codePointAt(index);
            index += Character.charCount(character);
            if (Character.isISOControl(character)) {
                throw invalid("the key contains a control character (" + codePoint(character) + ") at position "
                        + position, "paste the key again; a terminal escape sequence or a stray key press may have "
                        + "slipped in");
            }
            if (Character.isWhitespace(character) || Character.isSpaceChar(character)) {
                throw invalid("the key contains white space at position " + position,
                        "a key is a single word: paste only the key, without a label or a second line");
            }
            if (character > LAST_PRINTABLE_ASCII) {
                throw invalid("the key contains the non-ASCII character " + codePoint(character) + " at position "
                        + position, "keys are plain ASCII; copy it again from the provider's page rather than "
                        + "from a formatted document, which may have replaced a dash or added an invisible character");
            }
        }
        return Secret.of(key);
    }

    private static CreorException invalid(String message, String hint) {
        return CreorException.builder(ErrorCode.AUTH_INVALID, message).hint(hint).build();
    }

    private static String codePoint(int character) {
        return String.format(Locale.ROOT, "U+%04X", character);
    }
}
