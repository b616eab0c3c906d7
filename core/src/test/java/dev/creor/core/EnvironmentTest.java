package dev.creor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

    @Test
    void emptyValuesCountAsUnset() {
        Environment environment = Environment.of(Map.of("SET", "value", "EMPTY", ""));

        assertThat(environment.get("SET")).hasValue("value");
        assertThat(environment.get("EMPTY")).isEmpty();
        assertThat(environment.get("MISSING")).isEmpty();
        assertThat(Environment.empty().get("SET")).isEmpty();
    }
}
