package dev.creor.cli;

import dev.creor.runtime.Creor;
import java.io.IOException;
import java.io.Writer;
import java.util.Objects;

/**
 * Masks credentials in everything written through it, a line at a time, so that a key that
 * reaches a diagnostic by any road (an exception message, a server's error body, a stack
 * trace) never reaches the terminal. Text without a line end yet is held until the line ends
 * or the writer is flushed.
 */
final class RedactingWriter extends Writer {
    private final Writer target;
    private final StringBuilder pending = new StringBuilder();

    RedactingWriter(Writer target) {
        this.target = Objects.requireNonNull(target, "target is null");
    }

    @Override
    public synchronized void write(char[] characters, int offset, int length) throws IOException {
        for (int index = offset; index < offset + length; index++) {
            char character = characters[index];
            pending.append(character);
            if (character == '\n') {
                emitPending();
            }
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        emitPending();
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        target.close();
    }

    private void emitPending() throws IOException {
        if (!pending.isEmpty()) {
            target.write(Creor.redact(pending.toString()));
            pending.setLength(0);
        }
    }
}
