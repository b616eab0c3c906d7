package dev.creor.app.cli;

import dev.creor.app.logging.Redaction;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Configures the JDK logging behind {@code System.Logger} for the command line: warnings only
 * by default, everything of Creor's with {@code --debug}, always on standard error, always
 * redacted.
 */
final class CliLogging {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private CliLogging() {
    }

    /** Warnings and errors only, one line each, on standard error. */
    static void configureDefaults(PrintStream err) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        Handler handler = new StreamHandlerOn(err);
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    /** Debug records of Creor (and warnings of its libraries) from now on. */
    static void enableDebug() {
        Logger.getLogger("dev.creor").setLevel(Level.ALL);
        Logger.getLogger("").setLevel(Level.WARNING);
    }

    /**
     * A handler writing redacted one-line records to the given stream. Not a ConsoleHandler:
     * replacing a StreamHandler's stream closes the old one, which would close System.err.
     */
    private static final class StreamHandlerOn extends Handler {
        private final PrintStream stream;

        StreamHandlerOn(PrintStream stream) {
            this.stream = stream;
            setFormatter(new RedactingFormatter());
        }

        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                stream.print(getFormatter().format(record));
                stream.flush();
            }
        }

        @Override
        public void flush() {
            stream.flush();
        }

        @Override
        public void close() {
            stream.flush();
        }
    }

    /** {@code 12:00:00.000 LEVEL logger: message}, with credentials masked. */
    static final class RedactingFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder()
                    .append(LocalTime.now().format(TIME)).append(' ')
                    .append(record.getLevel().getName()).append(' ')
                    .append(record.getLoggerName()).append(": ")
                    .append(formatMessage(record));
            if (record.getThrown() != null) {
                line.append(" (").append(record.getThrown()).append(')');
            }
            return Redaction.redact(line.toString()) + System.lineSeparator();
        }
    }
}
