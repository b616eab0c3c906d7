package dev.creor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretTest {
    private static final String KEY = "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab9f3a";

    @Test
    void neverPrintsItsValue() {
        Secret secret = Secret.of(KEY);

        assertThat(secret.toString()).doesNotContain(KEY).doesNotContain("9f3a").isEqualTo("Secret[redacted]");
        assertThat(String.valueOf(secret)).doesNotContain(KEY);
        assertThat(secret.reveal()).isEqualTo(KEY);
    }

    @Test
    void masksWithThePrefixUpToTheLastDashAndTheLastFourCharacters() {
        assertThat(Secret.of(KEY).masked()).isEqualTo("sk-or-v1-…9f3a");
        assertThat(Secret.mask("abcdefghijklmnopqrstuvwxyz")).isEqualTo("…wxyz");
        assertThat(Secret.mask("sk-ant-api03-abcdefghijklmnop")).isEqualTo("sk-ant-…mnop");
    }

    @Test
    void shortValuesRevealOnlyTheirLength() {
        assertThat(Secret.of("hunter2").masked()).isEqualTo("…(7 chars)").doesNotContain("hunter");
    }

    @Test
    void equalsComparesValuesAndHashDisclosesNothing() {
        assertThat(Secret.of(KEY)).isEqualTo(Secret.of(KEY)).isNotEqualTo(Secret.of(KEY + "x"));
        assertThat(Secret.of("a-long-enough-secret-1").hashCode()).isEqualTo(Secret.of("other-secret-value-2").hashCode());
    }

    @Test
    void rejectsBlankValuesWithoutEchoingThem() {
        assertThatThrownBy(() -> Secret.of("   ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret value is blank");
        assertThatThrownBy(() -> Secret.of(null)).isInstanceOf(NullPointerException.class);
    }
}
