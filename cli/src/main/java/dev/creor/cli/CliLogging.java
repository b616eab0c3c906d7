package dev.creor.cli;

import dev.creor.runtime.Creor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
    /**
     * Held strongly once set: JDK logging keeps loggers in weak references, and a collected logger
     * would take its level with it, silencing {@code --debug} half-way through a run.
     */
    private static Logger creor;
    /** Held strongly for the same reason: {@code creor serve}'s request log lines. */
    private static Logger gateway;
    private static volatile boolean debug;
    /** Where {@link Configuration} sends the records, once JDK logging starts. */
    private static volatile PrintStream destination = System.err;

    private CliLogging() {
    }

    /**
     * Warnings and errors only, one line each, on standard error, from the moment anything logs.
     * JDK logging starts only then: setting it up costs some 30 ms, which a command that logs
     * nothing (most, {@code creor --version} among them) should not pay. When it starts it reads
     * its configuration from {@link Configuration}, which {@code java.util.logging.config.class}
     * names (unless the JVM's options name a class of their own). Called first thing in
     * {@code main}, before anything can have started JDK logging.
     */
    static void configureDefaults(PrintStream err) {
        destination = err;
        if (System.getProperty(CONFIGURATION_CLASS) == null) {
            System.setProperty(CONFIGURATION_CLASS, Configuration.class.getName());
        }
    }

    /** The system property naming the class JDK logging asks for its configuration as it starts. */
    static final String CONFIGURATION_CLASS = "java.util.logging.config.class";

    /**
     * The configuration JDK logging instantiates when it starts, as its
     * {@code java.util.logging.config.class} (hence public, with a public constructor). It hands
     * JDK logging properties, as that property's documentation asks: JDK logging is half-made
     * while it runs, its root logger not there yet.
     */
    public static final class Configuration {
        /** Replaces JDK logging's defaults with creor's: warnings and up, one redacted line each. */
        public Configuration() throws IOException {
            String properties = "handlers=" + StreamHandlerOn.class.getName() + "\n.level=WARNING\n";
            LogManager.getLogManager().readConfiguration(
                    new ByteArrayInputStream(properties.getBytes(StandardCharsets.ISO_8859_1)));
        }
    }

    /** The gateway's request log lines (info) too, for {@code creor serve}. */
    static void enableRequestLog() {
        if (!debug) {
            gateway = Logger.getLogger("dev.creor.serve");
            gateway.setLevel(Level.INFO);
        }
    }

    /** Debug records of Creor (and warnings of its libraries) from now on, with time and logger. */
    static void enableDebug() {
        debug = true;
        creor = Logger.getLogger("dev.creor");
        creor.setLevel(Level.ALL);
        Logger.getLogger("").setLevel(Level.WARNING);
    }

    /**
     * A handler writing redacted one-line records to the given stream. Not a ConsoleHandler:
     * replacing a StreamHandler's stream closes the old one, which would close System.err.
     */
    public static final class StreamHandlerOn extends Handler {
        private final PrintStream stream;

        /** On the stream {@link #configureDefaults} was given; JDK logging makes it as {@link Configuration} says. */
        public StreamHandlerOn() {
            this.stream = destination;
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
                line.append(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS"))).append(' ')
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
