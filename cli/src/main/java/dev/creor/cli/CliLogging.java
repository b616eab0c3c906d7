package dev.creor.cli;

import dev.creor.runtime.Creor;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * by default, as {@code creor: warning: ...} lines; everything of Creor's with {@code --debug}
 * (HTTP requests included), with time, level and logger. Always on standard error, always
 * redacted.
 */
final class CliLogging {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /**
     * Held strongly: JDK logging keeps loggers in weak references, and a collected logger would
     * take its level with it, silencing {@code --debug} half-way through a run.
     */
    private static final Logger CREOR = Logger.getLogger("dev.creor");
    /** Held strongly for the same reason: {@code creor serve}'s request log lines. */
    private static final Logger GATEWAY = Logger.getLogger("dev.creor.serve");
    private static volatile boolean debug;

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

    /** The gateway's request log lines (info) too, for {@code creor serve}. */
    static void enableRequestLog() {
        if (!debug) {
            GATEWAY.setLevel(Level.INFO);
        }
    }

    /** Debug records of Creor (and warnings of its libraries) from now on, with time and logger. */
    static void enableDebug() {
        debug = true;
        CREOR.setLevel(Level.ALL);
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

    /**
     * {@code creor: warning: message} normally; {@code 12:00:00.000 DEBUG logger: message} with
     * {@code --debug}, a thrown exception's stack trace included. Credentials are masked either way.
     */
    static final class RedactingFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder();
            if (debug) {
                line.append(LocalTime.now().format(TIME)).append(' ')
                        .append(levelName(record.getLevel())).append(' ')
                        .append(record.getLoggerName()).append(": ")
                        .append(formatMessage(record));
                if (record.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    record.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
                }
            } else {
                line.append("creor: ").append(levelName(record.getLevel()).toLowerCase(java.util.Locale.ROOT))
                        .append(": ").append(formatMessage(record));
                if (record.getThrown() != null) {
                    line.append(" (").append(record.getThrown()).append(')');
                }
            }
            return Creor.redact(line.toString()) + System.lineSeparator();
        }

        /** System.Logger's names for the JDK logging levels it maps to. */
        static String levelName(Level level) {
            int value = level.intValue();
            if (value >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (value >= Level.WARNING.intValue()) {
                return "WARNING";
            }
            if (value >= Level.INFO.intValue()) {
                return "INFO";
            }
            if (value >= Level.FINE.intValue()) {
                return "DEBUG";
            }
            return "TRACE";
        }
    }
}
