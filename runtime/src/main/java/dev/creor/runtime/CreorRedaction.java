package dev.creor.runtime;

import dev.creor.runtime.internal.logging.Redaction;
import java.util.Objects;

/**
 * Masks credentials in text that leaves the process: a message shown on a web page, written to
 * a log or sent in an error body. Every key a runtime of this process has resolved is masked
 * wherever it appears and whatever its shape, and so is everything shaped like a credential
 * (API keys, bearer tokens, passwords in URLs), so a key pasted into the wrong field is not
 * echoed either.
 *
 * <pre>{@code
 * page.showError(CreorRedaction.redact(error.getMessage()));   // "... key sk-or-v1-…9f3a was rejected"
 * }</pre>
 */
public final class CreorRedaction {
    private CreorRedaction() {
    }

    /**
     * The text with every credential masked; the same text when it holds none.
     *
     * @param text the text to show; must not be null
     */
    public static String redact(String text) {
        return Redaction.redact(Objects.requireNonNull(text, "text is null"));
    }
}
