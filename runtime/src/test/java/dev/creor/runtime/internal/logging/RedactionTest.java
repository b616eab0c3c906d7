package dev.creor.runtime.internal.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.Secret;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void masksBearerTokensKeyShapedTextAndRegisteredSecrets() {
        Secret odd = Secret.of("vault-token-4f2a9b7c1d3e");
        Redaction.register(odd);
        try {
            assertThat(Redaction.redact("Authorization: Bearer abcdefghijklmnopqrstuvwxyz"))
                    .isEqualTo("Authorization: Bearer " + Secret.mask("abcdefghijklmnopqrstuvwxyz"));
            assertThat(Redaction.redact("key sk-or-v1-0123456789abcdef0123 leaked")).doesNotContain("0123456789abcdef");
            assertThat(Redaction.redact("token=vault-token-4f2a9b7c1d3e;")).doesNotContain("4f2a9b7c1d3e");
        } finally {
            Redaction.forget(odd);
        }
        assertThat(Redaction.redact("token=vault-token-4f2a9b7c1d3e;")).as("forgotten").contains("4f2a9b7c1d3e");
    }

    @Test
    void masksEverythingShapedLikeACredentialWhereverItWasPasted() {
        assertThat(Redaction.redact("could not reach https://ada:hunter2-pw@proxy.example/v1 for openrouter/"
                + "sk-or-v1-7c1d3e5f6a8b7c1d3e5f6a8b7c1d3e5f6a8b9f3a"))
                .isEqualTo("could not reach https://ada:…(10 chars)@proxy.example/v1 for openrouter/sk-or-v1-…9f3a");
    }

    @Test
    void aShortDummyKeyIsNotLookedForSoOrdinaryTextStaysReadable() {
        Secret dummy = Secret.of("test");
        Redaction.register(dummy);
        try {
            assertThat(Redaction.redact("openrouter/test-model answered the latest test"))
                    .isEqualTo("openrouter/test-model answered the latest test");
        } finally {
            Redaction.forget(dummy);
        }
    }

    @Test
    void aSecretRegisteredTwiceStaysUntilForgottenTwice() {
        Secret shared = Secret.of("shared-secret-value-1234");
        Redaction.register(shared);
        Redaction.register(shared);
        Redaction.forget(shared);

        assertThat(Redaction.redact("x shared-secret-value-1234 y")).doesNotContain("value-1234");
        Redaction.forget(shared);
        assertThat(Redaction.redact("x shared-secret-value-1234 y")).contains("value-1234");
    }
}
