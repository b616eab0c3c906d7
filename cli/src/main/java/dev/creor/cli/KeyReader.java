package dev.creor.cli;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads a key for {@code creor auth login}: from the terminal without echo when one is
 * attached, otherwise the first line of standard input (so {@code pass show openrouter | creor
 * auth login openrouter} works). Never from a command-line argument, which the shell would keep
 * in its history.
 *
 * <p>The text is returned as typed; the runtime's login trims and checks it.
 */
final class KeyReader {
    /** The longest first line accepted from a stream, in bytes; no key comes near it. */
    static final int LONGEST_LINE = 4096;

    private final Console console;
    private final InputStream input;

    private KeyReader(Console console, InputStream input) {
        this.console = console;
        this.input = input;
    }

    /**
     * The terminal when this process has one on both ends, else {@link System#in}.
     */
    static KeyReader forProcess() {
        Console console = System.console();
        return console != null && isTerminal(console) ? fromConsole(console) : fromStream(System.in);
    }

    /** Reads from the console, without echo. */
    static KeyReader fromConsole(Console console) {
        return new KeyReader(Objects.requireNonNull(console, "console is null"), null);
    }

    /** Reads the first line of the stream (UTF-8, up to {@value #LONGEST_LINE} bytes), and nothing after it. */
    static KeyReader fromStream(InputStream input) {
        return new KeyReader(null, Objects.requireNonNull(input, "input is null"));
    }

    /** Whether the key is typed at a terminal (and the prompt is shown), rather than piped. */
    boolean interactive() {
        return console != null;
    }

    /**
     * Reads the key.
     *
     * @param prompt what to ask on a terminal, e.g. {@code OpenRouter API key: }; not shown when
     *               reading from a stream, so piped output stays clean
     * @throws CreorException {@code AUTH_MISSING} when nothing is entered before the end of input,
     *                        {@code AUTH_INVALID} for a first line that is too long or not UTF-8,
     *                        {@code IO_ERROR} when the input cannot be read
     */
    String read(String prompt) {
        Objects.requireNonNull(prompt, "prompt is null");
        return console != null ? readFromConsole(prompt) : readFirstLine();
    }

    private String readFromConsole(String prompt) {
        char[] typed = console.readPassword("%s", prompt);
        if (typed == null) {
            throw noKey("no key was entered");
        }
        try {
            return new String(typed);
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    private String readFirstLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int next = input.read();
            if (next == -1) {
                throw noKey("standard input ended before a key was read");
            }
            // Byte by byte, so nothing after the first line is consumed.
            for (; next != -1 && next != '\n'; next = input.read()) {
                if (line.size() == LONGEST_LINE) {
                    throw CreorException.builder(ErrorCode.AUTH_INVALID,
                                    "the first line of standard input is longer than " + LONGEST_LINE
                                            + " bytes, which no key is")
                            .hint("pipe only the key, e.g. `pass show openrouter | creor auth login openrouter`")
                            .build();
                }
                line.write(next);
            }
        } catch (IOException e) {
            throw CreorException.builder(ErrorCode.IO_ERROR, "could not read the key from standard input ("
                    + e.getClass().getSimpleName() + ")").cause(e).build();
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            throw CreorException.builder(ErrorCode.AUTH_INVALID, "the key read from standard input is not UTF-8 text")
                    .hint("pipe the key as plain text")
                    .build();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static CreorException noKey(String message) {
        return CreorException.builder(ErrorCode.AUTH_MISSING, message)
                .hint("type or paste the key when asked, or pipe it: `pass show openrouter | creor auth login openrouter`")
                .build();
    }

    /** {@code Console.isTerminal()} exists from Java 22, where a console is offered even when redirected. */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException beforeJava22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
