package dev.creor.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.Secret;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SecretShapesTest {
    private static final String OPENROUTER_KEY = "sk-or-v1-" + "0f3a9c".repeat(10) + "9f3a";
    private static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    @Test
    void masksAKeyPastedWhereNoKeyBelongs() {
        assertThat(SecretShapes.mask("openrouter/" + OPENROUTER_KEY)).isEqualTo("openrouter/sk-or-v1-…9f3a");
        assertThat(SecretShapes.mask("You are " + OPENROUTER_KEY + ", helpful.")).isEqualTo("You are sk-or-v1-…9f3a, helpful.");
        assertThat(SecretShapes.mask("{\"openrouter\":{\"type\":\"api\",\"key\":\"" + OPENROUTER_KEY + "\"}}"))
                .isEqualTo("{\"openrouter\":{\"type\":\"api\",\"key\":\"sk-or-v1-…9f3a\"}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z",
        "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe",
        "sk-4f9a2b7c1d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e",
        "sk_live_51Hx9aB2cD3eF4gH5iJ6kL7mN",
        "gsk_8fK2mQ9xR4tY7wZ1aB3cD5eF6gH0jK2lM4nP6qR8sT",
        "xai-7Qw2Er4Ty6Ui8Op0As1Df3Gh5Jk7Lz9Xc",
        "hf_aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV",
        "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R",
        "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
        "glpat-x1Y2z3A4b5C6d7E8f9G0",
        "xoxb-1234567890-abcdefghij",
        "AIzaSyD-1a2B3c4D5e6F7g8H9i0J1k2L3m4N5oP",
        "AKIAIOSFODNN7EXAMPLE",
        "ya29.a0AfH6SMBx3k9Qw2Er4Ty6Ui8Op0As1Df",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "Zk3Qp9Lx2Vb7Nc4Mw8Rt1Yh6Gd5Sa0Jf3Ke9Ui",
    })
    void masksKnownAndRandomLookingKeys(String key) {
        String masked = SecretShapes.mask("key: " + key + " end");

        assertThat(masked).startsWith("key: ").endsWith(" end").contains("…")
                .doesNotContain(key.substring(key.length() / 3, key.length() / 3 + 8));
    }

    @Test
    void masksTheCredentialOfAnAuthorizationHeaderButNotTheWordsAround() {
        assertThat(SecretShapes.mask("Authorization: Bearer abcdefghijklmnopqrstuvwxyz"))
                .isEqualTo("Authorization: Bearer " + Secret.mask("abcdefghijklmnopqrstuvwxyz"));
        assertThat(SecretShapes.mask("authorization: bearer tok3n-value-1234"))
                .isEqualTo("authorization: bearer " + Secret.mask("tok3n-value-1234"));
        assertThat(SecretShapes.mask("Authorization: Basic dXNlcjpwYXNzd29yZA=="))
                .isEqualTo("Authorization: Basic " + Secret.mask("dXNlcjpwYXNzd29yZA=="));
        assertThat(SecretShapes.mask("the bearer of bad news; the basic configuration; Basic Configuration"))
                .isEqualTo("the bearer of bad news; the basic configuration; Basic Configuration");
    }

    @Test
    void masksThePasswordOfAUrlAndCredentialsInItsQuery() {
        assertThat(SecretShapes.mask("https://user:pa55w0rd-Secret99@127.0.0.1:9/api/v1"))
                .isEqualTo("https://user:…(17 chars)@127.0.0.1:9/api/v1");
        assertThat(SecretShapes.mask("https://:hunter2@proxy.example/v1 and more"))
                .isEqualTo("https://:…(7 chars)@proxy.example/v1 and more");
        assertThat(SecretShapes.mask("http://u:p@ss@host/x")).isEqualTo("http://u:…(4 chars)@host/x");
        assertThat(SecretShapes.mask("https://api.example/v1?api-key=hunter2&model=x&access_token=abc123"))
                .isEqualTo("https://api.example/v1?api-key=…(7 chars)&model=x&access_token=…(6 chars)");
        assertThat(SecretShapes.mask("http://127.0.0.1:38471/?token=Xq2yZ9")).isEqualTo("http://127.0.0.1:38471/?token=…(6 chars)");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "openrouter/sk-or-v1-0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c9f3a",
        "Authorization: Bearer sk-or-v1-0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c9f3a",
        "Authorization: Basic dXNlcjpwYXNzd29yZA==",
        "https://ada:hunter2@host/v1?key=AIzaSyD-1a2B3c4D5e6F7g8H9i0J1k2L3m4N5oP&x=1",
        "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R and Zk3Qp9Lx2Vb7Nc4Mw8Rt1Yh6Gd5Sa0Jf3Ke9Ui",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    })
    void maskingTwiceChangesNothing(String text) {
        String masked = SecretShapes.mask(text);

        assertThat(masked).isNotEqualTo(text);
        assertThat(SecretShapes.mask(masked)).isEqualTo(masked);
    }

    @Test
    void aKeyCutShortIsStillMasked() {
        // Messages cut long values with an ellipsis; what is left of a key must not pass for a masked one.
        assertThat(SecretShapes.mask("got \"sk-or-v1-0f3a9c0f3a9c0f3a9c0f3a9c…\""))
                .isEqualTo("got \"sk-or-v1-…3a9c…\"");
        assertThat(SecretShapes.mask("Bearer 0f3a9c0f3a9c0f3a9c…")).isEqualTo("Bearer …3a9c…");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "openrouter/anthropic/claude-sonnet-4",
        "openrouter/meta-llama/llama-3.3-70b-instruct:free",
        "openrouter/openrouter/auto",
        "https://openrouter.ai/api/v1",
        "http://127.0.0.1:8080/api/v1",
        "http://user@host/path",
        "https://api.example/v1?model=x&max_tokens=100&id=gen-1764000000-sbx00000000000000001",
        "gen-1752345678-AbCdEfGhIjKlMnOpQrSt",
        "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "commit 53c1717a9e1c8f0e3b2d4a6c8e0f1a3b5c7d9e1f",
        "123e4567-e89b-12d3-a456-426614174000",
        "at io.netty.handler.codec.http2.Http2ServerConnectionHandlerBuilder.build",
        "X509TrustManagerFactorySpiImplementation and DefaultHttp2ConnectionDecoderWrapper1",
        "the task-manager uses sk-learn style names like sk-learning-rate-schedule",
        "/provider/openrouter/options/apiKey: {env:OPENROUTER_API_KEY}: the variable is not set",
        "creor.json:4:7: /agent/build/modle: unknown key \"modle\" (did you mean \"model\"?)",
        "sk-or-v1-…9f3a",
        "Bearer sk-or-v1-…9f3a",
        "",
    })
    void leavesOrdinaryTextAlone(String text) {
        assertThat(SecretShapes.mask(text)).isEqualTo(text);
    }

    @Test
    void randomKeysOfEveryKnownPrefixAreMaskedOnceAndStayMasked() {
        SplittableRandom random = new SplittableRandom(14);
        List<String> prefixes = List.of("sk-or-v1-", "sk-proj-", "sk-ant-api03-", "sk-", "gsk_", "xai-", "hf_", "pplx-",
                "nvapi-", "ghp_", "glpat-");
        for (int i = 0; i < 2_000; i++) {
            String prefix = prefixes.get(random.nextInt(prefixes.size()));
            String key = prefix + (random.nextBoolean() ? hex(random, 64) : base62(random, 40 + random.nextInt(20)));
            String text = "before " + key + " after";

            String masked = SecretShapes.mask(text);

            assertThat(masked).as(key).doesNotContain(key.substring(prefix.length(), prefix.length() + 16))
                    .startsWith("before ").endsWith(" after");
            assertThat(SecretShapes.mask(masked)).as("masking twice changes nothing: " + key).isEqualTo(masked);
        }
    }

    private static String hex(SplittableRandom random, int length) {
        byte[] bytes = new byte[length / 2];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String base62(SplittableRandom random, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return out.toString();
    }
}
