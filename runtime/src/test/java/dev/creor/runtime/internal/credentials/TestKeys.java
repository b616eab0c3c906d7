package dev.creor.runtime.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.Secret;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Keys for tests, and the check that none of them leaked into text. */
final class TestKeys {
    /** Looks like a real OpenRouter key; tests assert it never shows up in clear. */
    static final String CANARY_TEXT = "sk-or-v1-" + "c4a7a12y".repeat(8);
    static final Secret CANARY = Secret.of(CANARY_TEXT);
    static final Secret OTHER = Secret.of("sk-or-v1-" + "0123456789abcdef".repeat(4));
    static final Secret THIRD = Secret.of("sk-or-v1-" + "fedcba9876543210".repeat(4));

    private TestKeys() {
    }

    /** The middle of every test key, which no masked form shows. */
    static void assertNoKeyIn(String text) {
        assertThat(text)
                .doesNotContain("c4a7a12yc4a7a12y")
                .doesNotContain("0123456789abcdef0123")
                .doesNotContain("fedcba9876543210fedc");
    }

    /** Checks the message, the hint, toString and the stack trace with every cause. */
    static void assertNoKeyIn(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        assertNoKeyIn(trace.toString());
        if (error instanceof CreorException creor) {
            assertNoKeyIn(creor.describe());
        }
    }
}
