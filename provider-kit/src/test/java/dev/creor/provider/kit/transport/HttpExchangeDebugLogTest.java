package dev.creor.provider.kit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the debug log shows of a request's headers: harmless values, the key masked, the names of the rest. */
class HttpExchangeDebugLogTest {
    private static final String KEY = "sk-or-v1-" + "0123456789abcdef".repeat(4);

    @Test
    void theAuthorizationHeaderIsMaskedOthersAreHiddenAndTheStandardOnesShown() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Authorization", "Bearer " + KEY)
                .add("Accept", "text/event-stream")
                .add("X-Title", "Creor");

        String shown = HttpExchange.headers(headers, Set.of());

        assertThat(shown).isEqualTo("[Authorization: Bearer sk-or-v1-…cdef, Accept: text/event-stream, X-Title: (hidden)]");
        assertThat(shown).doesNotContain(KEY.substring(9, 25));
    }

    @Test
    void headersTheServiceDeclaresHarmlessAreShownWhateverTheirCase() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Authorization", "Bearer " + KEY)
                .add("X-Title", "Creor")
                .add("api-key", KEY);

        String shown = HttpExchange.headers(headers, Set.of("x-title"));

        assertThat(shown).isEqualTo("[Authorization: Bearer sk-or-v1-…cdef, X-Title: Creor, api-key: (hidden)]");
        assertThat(shown).doesNotContain(KEY.substring(9, 25));
    }

    @Test
    void anAuthorizationHeaderWithoutASchemeIsMaskedWhole() {
        assertThat(HttpExchange.headers(MultiMap.caseInsensitiveMultiMap().add("authorization", KEY), Set.of()))
                .isEqualTo("[authorization: sk-or-v1-…cdef]");
    }
}
