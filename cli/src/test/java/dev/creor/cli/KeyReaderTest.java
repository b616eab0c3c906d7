package dev.creor.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The standard-input path of {@link KeyReader}; the terminal path needs a real terminal. */
class KeyReaderTest {

    private static KeyReader reading(String input) {
        return KeyReader.fromStream(new ByteArrayInputStream(input.getBytes(UTF_8)));
    }

    @Test
    void readsTheFirstLineAndNothingAfterIt() throws IOException {
        ByteArrayInputStream input = new ByteArrayInputStream("sk-or-v1-first\nsecond line\n".getBytes(UTF_8));
        KeyReader reader = KeyReader.fromStream(input);

        assertThat(reader.read("OpenRouter API key: ")).isEqualTo("sk-or-v1-first");
        assertThat(new String(input.readAllBytes(), UTF_8)).isEqualTo("second line\n");
        assertThat(reader.interactive()).isFalse();
    }

    @Test
    void dropsAWindowsLineEnding() {
        assertThat(reading("sk-or-v1-key\r\n").read("key: ")).isEqualTo("sk-or-v1-key");
    }

    @Test
    void acceptsALastLineWithoutLineEnding() {
        assertThat(reading("sk-or-v1-key").read("key: ")).isEqualTo("sk-or-v1-key");
    }

    @Test
    void returnsTheLineAsTypedForLoginToCheck() {
        assertThat(reading("  sk-or-v1-key \t\n").read("key: ")).isEqualTo("  sk-or-v1-key \t");
        assertThat(reading("\n").read("key: ")).isEmpty();
        assertThat(reading("sk\u2010or\n").read("key: ")).isEqualTo("sk\u2010or");
    }

    @Test
    void anEmptyInputIsAMissingKey() {
        assertThatThrownBy(() -> reading("").read("key: ")).isInstanceOfSatisfying(CreorException.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.AUTH_MISSING);
            assertThat(error.getMessage()).isEqualTo("standard input ended before a key was read");
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("| creor auth login openrouter"));
        });
    }

    @Test
    void refusesAFirstLineLongerThanAnyKey() {
        String longLine = "a".repeat(KeyReader.LONGEST_LINE + 1) + "\n";

        assertThatThrownBy(() -> reading(longLine).read("key: ")).isInstanceOfSatisfying(CreorException.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.AUTH_INVALID);
            assertThat(error.getMessage()).isEqualTo(
                    "the first line of standard input is longer than 4096 bytes, which no key is");
        });
        assertThat(reading("a".repeat(KeyReader.LONGEST_LINE) + "\n").read("key: ")).hasSize(KeyReader.LONGEST_LINE);
    }

    @Test
    void refusesInputThatIsNotUtf8() {
        KeyReader reader = KeyReader.fromStream(new ByteArrayInputStream(new byte[] {'s', 'k', (byte) 0xff, '\n'}));

        assertThatThrownBy(() -> reader.read("key: ")).isInstanceOfSatisfying(CreorException.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.AUTH_INVALID);
            assertThat(error.getMessage()).isEqualTo("the key read from standard input is not UTF-8 text");
        });
    }

    @Test
    void aFailingStreamIsAnIoError() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("pipe broken");
            }
        };

        assertThatThrownBy(() -> KeyReader.fromStream(broken).read("key: "))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.IO_ERROR);
                    assertThat(error.getMessage()).isEqualTo("could not read the key from standard input (IOException)");
                });
    }
}
