package com.example.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.testkit.MainCodeSize;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Issue 17's goal: a provider for an OpenAI-compatible service is under 150 lines of main code. */
class AcmeProviderSizeTest {
    @Test
    void theWholeProviderIsUnder150Lines() {
        assertThat(MainCodeSize.lines(Path.of(""))).as("lines of src/main/java").isLessThan(150);
    }
}
