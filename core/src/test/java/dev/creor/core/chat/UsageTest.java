package dev.creor.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UsageTest {

    @Test
    void sumsCountsAndKnownCosts() {
        Usage a = Usage.of(10, 5).withCost(new BigDecimal("0.001"));
        Usage b = Usage.of(1, 2);

        assertThat(a.plus(b)).isEqualTo(new Usage(11, 7, 0, 0, new BigDecimal("0.001")));
        assertThat(a.plus(a).cost()).hasValue(new BigDecimal("0.002"));
        assertThat(b.plus(b).cost()).isEmpty();
        assertThat(a.totalTokens()).isEqualTo(15);
    }

    @Test
    void rejectsNegativeCountsAndCosts() {
        assertThatThrownBy(() -> Usage.of(-1, 0)).hasMessage("promptTokens must not be negative: -1");
        assertThatThrownBy(() -> Usage.NONE.withCost(new BigDecimal("-1"))).hasMessageContaining("cost");
    }

    @Test
    void sumsCacheWritesUpstreamCostsAndSavings() {
        Usage byok = new Usage(100, 10, 0, 80, new BigDecimal("0.01")).withCacheWrites(20, new BigDecimal("0.002"))
                .withByok(new BigDecimal("0.009"));
        Usage plain = Usage.of(1, 1).withCacheWrites(5, null);

        Usage sum = byok.plus(plain);

        assertThat(sum.cacheWriteTokens()).isEqualTo(25);
        assertThat(sum.upstreamCost()).hasValue(new BigDecimal("0.009"));
        assertThat(sum.cacheSavings()).hasValue(new BigDecimal("0.002"));
        assertThat(sum.byok()).isTrue();
        assertThat(plain.byok()).isFalse();
        assertThatThrownBy(() -> Usage.NONE.withByok(new BigDecimal("-0.1"))).hasMessageContaining("upstream cost");
    }
}
