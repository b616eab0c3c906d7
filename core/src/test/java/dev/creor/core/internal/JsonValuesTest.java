package dev.creor.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.Secret;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

    @Test
    void copiesDeeplyKeepingOrderAndSecrets() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", List.of(true, 2L, 1.5, new BigDecimal("0.1"), Secret.of("s3cr3t-value-long-enough")));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("inner", inner);

        Map<String, Object> copy = JsonValues.copyOf(source);
        inner.put("added", "later");

        assertThat(copy).isEqualTo(Map.of("inner", Map.of("z", 1, "a", List.of(true, 2L, 1.5, new BigDecimal("0.1"),
                Secret.of("s3cr3t-value-long-enough")))));
        assertThat(((Map<?, ?>) copy.get("inner")).keySet()).hasToString("[z, a]");
        assertThatThrownBy(() -> copy.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsNullsNonFiniteNumbersAndForeignTypesNamingThePath() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("a", null);
        List<Object> list = new ArrayList<>();
        list.add(Double.NaN);

        assertThatThrownBy(() -> JsonValues.copyOf(withNull)).hasMessage("$.a is null; leave the key out instead");
        assertThatThrownBy(() -> JsonValues.copyOf(Map.of("b", list))).hasMessageContaining("$.b[0] is NaN");
        assertThatThrownBy(() -> JsonValues.copyOf(Map.of("c", new StringBuilder()))).hasMessageContaining("$.c is a java.lang.StringBuilder");
    }
}
