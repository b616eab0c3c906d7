package dev.creor.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What {@code creor run} shows on a terminal while it waits for the first token, which can take
 * up to the chunk timeout: a spinner with the elapsed time on one line of standard error,
 * redrawn in place and erased before anything else is printed there or on standard output.
 *
 * <p>It shows only where a person watches and the line can be redrawn: standard error is a
 * terminal, the output is not {@code --json}, and {@code TERM} is not {@code dumb}. It uses no
 * colour, so {@code NO_COLOR} does not turn it off.
 */
final class WaitingIndicator {
    /** Before the first frame: an answer that starts at once shows no spinner at all. */
    static final long FIRST_FRAME_DELAY_MILLIS = 250;
    static final long FRAME_MILLIS = 100;
    /** Returns to the start of the line and erases it (ANSI "erase in line"). */
    static final String ERASE = "\r\u001b[K";
    private static final String FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
    private static final WaitingIndicator NONE = new WaitingIndicator(null, "", () -> 0, 0);

    private final PrintWriter err;
    private final String waitingFor;
    private final LongSupplier nanoClock;
    private final long startedNanos;
    private ScheduledExecutorService ticker;
    private int frame;
    private boolean drawn;
    private boolean stopped;

    /**
     * @param err          where the line is drawn
     * @param waitingFor   what is awaited, e.g. the model
     * @param nanoClock    the clock, {@link System#nanoTime()} outside tests
     * @param startedNanos when the wait started, on that clock
     */
    WaitingIndicator(PrintWriter err, String waitingFor, LongSupplier nanoClock, long startedNanos) {
        this.err = err;
        this.waitingFor = waitingFor;
        this.nanoClock = nanoClock;
        this.startedNanos = startedNanos;
    }

    /** The indicator for this run: a real one when it can be seen, else one that does nothing. */
    static WaitingIndicator forRun(CliContext context, boolean json, String waitingFor, long startedNanos) {
        return shows(context.environment(), json, standardErrorIsTerminal())
                ? new WaitingIndicator(context.err(), waitingFor, System::nanoTime, startedNanos) : NONE;
    }

    /** Whether the indicator shows: a terminal that can redraw a line, and output meant for a person. */
    static boolean shows(Map<String, String> environment, boolean json, boolean standardErrorIsTerminal) {
        return !json && standardErrorIsTerminal && !"dumb".equals(environment.get("TERM"));
    }

    /**
     * Whether this process's standard error is a terminal. Java has no isatty; on Linux the file
     * descriptor's link names the device. Elsewhere, no indicator.
     */
    static boolean standardErrorIsTerminal() {
        try {
            String device = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException unknown) {
            return false;
        }
    }

    /** Starts drawing on a daemon thread of its own, after {@link #FIRST_FRAME_DELAY_MILLIS}. */
    synchronized void start() {
        if (this == NONE || stopped || ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "creor-waiting-indicator");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::tick, FIRST_FRAME_DELAY_MILLIS, FRAME_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Draws the next frame, unless stopped. */
    synchronized void tick() {
        if (this == NONE || stopped) {
            return;
        }
        err.print(frame(frame++, nanoClock.getAsLong() - startedNanos));
        err.flush();
        drawn = true;
    }

    /** One frame: back to the line's start, the spinner, what is awaited and the elapsed time. */
    String frame(int index, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        return "\r" + FRAMES.charAt(index % FRAMES.length()) + " waiting for " + waitingFor
                + String.format(Locale.ROOT, " · %.1f s", seconds);
    }

    /**
     * Stops for good and erases the line if anything was drawn, before the caller prints: the
     * first token, an error, the interruption notice. Safe to call more than once.
     */
    synchronized void stop() {
        if (this == NONE || stopped) {
            return;
        }
        stopped = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (drawn) {
            err.print(ERASE);
            err.flush();
        }
    }
}
