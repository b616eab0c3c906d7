package dev.creor.cli;

import dev.creor.core.ErrorCode;
import dev.creor.runtime.Creor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why the JVM is shutting down, as a shutdown hook sees it, and what {@code creor} does when
 * the exit is not its own.
 *
 * <p>Three things end a {@code creor} process: the command line itself ({@link #exit}, with the
 * command's exit code), a signal (Ctrl-C, {@code kill}; the JVM exits with 128 + the signal's
 * number, 130 for SIGINT), or some other code calling {@code System.exit} or
 * {@code Runtime.exit} — a plugin, or a library. That last one must not pass for success or for
 * an interruption: a plugin calling {@code System.exit(0)} while {@code creor providers} lists
 * it would otherwise end the command with exit code 0 and an empty table, and one calling it
 * during {@code creor run} would look like Ctrl-C. {@link #installGuard} adds a shutdown hook
 * that names the culprit on standard error and halts with a code of Creor's choosing instead:
 * {@link ErrorCode#PLUGIN_INVALID}'s for a plugin, {@link ErrorCode#INTERNAL}'s for anything
 * else.
 *
 * <p>The cause is read from the stack of the thread that is exiting: the one running the hooks
 * from {@code java.lang.Shutdown.exit} (another thread calling exit meanwhile waits to enter
 * it). Below those frames are the ones that called exit: {@link #exit} for the command line's
 * own, the JDK's {@code java.lang.Terminator} for a signal, and for a plugin a class from a
 * plugin jar's class loader ({@link Creor#pluginJarOf}). Reading the frames rather than
 * setting a flag keeps the answer right when a plugin thread exits while the command line is
 * finishing too: whichever thread got there first decides the exit code. No SecurityManager is involved (it
 * is gone from Java 24), and the same frames exist from Java 17 on. Plugin classes that name
 * {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt} are already refused when
 * loaded; this catches the exit that hides behind reflection. {@code Runtime.halt} skips the
 * hooks, so only that refusal stands in its way.
 */
final class ProcessExit {
    private static final String SHUTDOWN = "java.lang.Shutdown";
    private static final String TERMINATOR = "java.lang.Terminator";

    private ProcessExit() {
    }

    /** Why the JVM is exiting. */
    sealed interface Cause {
    }

    /** The command line ended with its exit code, or the JVM is not exiting through an exit call. */
    record Own() implements Cause {
    }

    /** A signal such as SIGINT (Ctrl-C) or SIGTERM. */
    record Signal() implements Cause {
    }

    /**
     * Some other code called {@code System.exit} or {@code Runtime.exit}.
     *
     * @param method    {@code System.exit} or {@code Runtime.exit}
     * @param caller    the frame that called it, e.g. {@code com.example.EvilProvider.chat(EvilProvider.java:12)}
     * @param pluginJar the plugin jar of the nearest plugin frame on the exiting stack, if any
     */
    record Foreign(String method, String caller, Optional<Path> pluginJar) implements Cause {
        Foreign {
            Objects.requireNonNull(method, "method is null");
            Objects.requireNonNull(caller, "caller is null");
            Objects.requireNonNull(pluginJar, "pluginJar is null");
        }
    }

    /** Ends the process with the command line's exit code; the frame marks the exit as creor's own. */
    static void exit(int code) {
        System.exit(code);
    }

    /** Why the JVM is exiting, read from the stack of the thread that is exiting. */
    static Cause cause() {
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            Optional<Cause> cause = causeIn(thread.getValue());
            if (cause.isPresent()) {
                return cause.get();
            }
        }
        return new Own();
    }

    /**
     * The cause, when this stack is the exiting thread's: it runs the shutdown hooks from
     * {@code Shutdown.exit}.
     */
    static Optional<Cause> causeIn(StackTraceElement[] frames) {
        int hooks = -1;
        int exit = -1;
        for (int i = 0; i < frames.length && exit < 0; i++) {
            boolean shutdown = frames[i].getClassName().equals(SHUTDOWN);
            if (shutdown && frames[i].getMethodName().equals("runHooks")) {
                hooks = i;
            } else if (shutdown && frames[i].getMethodName().equals("exit")) {
                exit = i;
            }
        }
        if (hooks < 0 || exit < 0) {
            return Optional.empty();
        }
        String method = "Runtime.exit";
        String caller = null;
        for (int i = exit + 1; i < frames.length; i++) {
            StackTraceElement frame = frames[i];
            String type = frame.getClassName();
            if (type.equals(TERMINATOR) || type.startsWith(TERMINATOR + "$")) {
                return Optional.of(new Signal());
            }
            if (type.equals(ProcessExit.class.getName()) && frame.getMethodName().equals("exit")) {
                return Optional.of(new Own());
            }
            if (type.equals("java.lang.System") && frame.getMethodName().equals("exit")) {
                method = "System.exit";
            } else if (caller == null && !isPlumbing(frame)) {
                caller = describe(frame);
            }
        }
        // Only for a foreign exit: asking spares every other exit loading the runtime's plugin classes.
        Optional<Path> pluginJar = Optional.empty();
        for (int i = exit + 1; i < frames.length && pluginJar.isEmpty(); i++) {
            pluginJar = Creor.pluginJarOf(frames[i]);
        }
        return Optional.of(new Foreign(method, caller == null ? "unknown code" : caller, pluginJar));
    }

    /** The frames between the real caller and {@code Shutdown.exit}: the exit methods, reflection. */
    private static boolean isPlumbing(StackTraceElement frame) {
        String type = frame.getClassName();
        return type.equals("java.lang.Runtime") || type.equals("java.lang.System")
                || type.startsWith("java.lang.reflect.") || type.startsWith("java.lang.invoke.")
                || type.startsWith("jdk.internal.reflect.");
    }

    private static String describe(StackTraceElement frame) {
        String where = frame.getFileName() == null ? "unknown source"
                : frame.getFileName() + (frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : "");
        return frame.getClassName() + "." + frame.getMethodName() + "(" + where + ")";
    }

    /**
     * Adds the shutdown hook that stops an exit {@code creor} did not choose: it says on standard
     * error who ended the process and halts with {@link ErrorCode#PLUGIN_INVALID}'s exit code
     * when a plugin did, else {@link ErrorCode#INTERNAL}'s.
     */
    static void installGuard(PrintWriter err) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (cause() instanceof Foreign foreign) {
                err.println("creor: error: " + message(foreign));
                err.flush();
                Runtime.getRuntime().halt(exitCode(foreign));
            }
        }, "creor-exit-guard"));
    }

    static String message(Foreign foreign) {
        String ended = foreign.caller() + " called " + foreign.method() + " and would have ended creor with the "
                + "exit code it chose";
        return foreign.pluginJar()
                .map(jar -> "plugin jar " + jar + " tried to end the process: " + ended + "; creor stops with exit code "
                        + ExitCodes.of(ErrorCode.PLUGIN_INVALID) + " instead: remove the jar (or switch its provider off "
                        + "with disabled_providers) and report it to its authors")
                .orElse("something other than creor tried to end the process: " + ended + "; creor stops with exit "
                        + "code " + ExitCodes.of(ErrorCode.INTERNAL) + " instead; please report it");
    }

    static int exitCode(Foreign foreign) {
        return ExitCodes.of(foreign.pluginJar().isPresent() ? ErrorCode.PLUGIN_INVALID : ErrorCode.INTERNAL);
    }
}
