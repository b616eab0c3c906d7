package dev.creor.example.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.testkit.MainCodeSize;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Issue 17's goal for the example: the whole echo provider is under 150 lines of main code. */
class EchoProviderSizeTest {
    @Test
    void theWholeProviderIsUnder150Lines() {
        assertThat(MainCodeSize.lines(Path.of(""))).as("lines of src/main/java").isLessThan(150);
    }
}
