package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

/** What the debug log shows of a request's headers: everything but the key. */
class HttpExchangeDebugLogTest {
    private static final String KEY = "sk-or-v1-" + "0123456789abcdef".repeat(4);

    @Test
    void theAuthorizationHeaderIsMaskedAndTheOthersAreShown() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Authorization", "Bearer " + KEY)
                .add("X-Title", "Creor");

        String shown = HttpExchange.headers(headers);

        assertThat(shown).isEqualTo("[Authorization: Bearer sk-or-v1-…cdef, X-Title: Creor]");
        assertThat(shown).doesNotContain(KEY.substring(9, 25));
    }

    @Test
    void aHeaderWithoutASchemeIsMaskedWhole() {
        assertThat(HttpExchange.headers(MultiMap.caseInsensitiveMultiMap().add("authorization", KEY)))
                .isEqualTo("[authorization: sk-or-v1-…cdef]");
    }
}
