package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How the exit guard reads the exiting thread's stack. The frames are the ones Java 17 and 25
 * show (checked on both); the process tests in {@code HostilePluginsIT} and the Ctrl-C tests
 * in {@code RunCommandIT} exercise the real thing.
 */
class ProcessExitTest {
    private static final StackTraceElement[] HOOKS = {
        jdk("java.lang.Thread", "join"),
        jdk("java.lang.ApplicationShutdownHooks", "runHooks"),
        jdk("java.lang.Shutdown", "runHooks"),
        jdk("java.lang.Shutdown", "exit"),
    };

    @Test
    void creorsOwnExitIsItsOwn() {
        assertThat(ProcessExit.causeIn(exiting(
                jdk("java.lang.Runtime", "exit"),
                jdk("java.lang.System", "exit"),
                app("dev.creor.cli.ProcessExit", "exit"),
                app("dev.creor.cli.CreorCli", "main"))))
                .containsInstanceOf(ProcessExit.Own.class);
    }

    @Test
    void aSignalRunsTheJdksTerminator() {
        assertThat(ProcessExit.causeIn(exiting(
                jdk("java.lang.Terminator$1", "handle"),
                jdk("jdk.internal.misc.Signal$1", "run"),
                jdk("java.lang.Thread", "run"))))
                .hasValue(new ProcessExit.Signal());
    }

    @Test
    void aPluginsExitNamesTheCallerPastReflectionAndThePluginJar() {
        StackTraceElement caller = new StackTraceElement("plugin:/home/me/plugins/evil.jar", null, null,
                "com.example.Evil", "chat", "Evil.java", 12);

        Optional<ProcessExit.Cause> cause = ProcessExit.causeIn(exiting(
                jdk("java.lang.Runtime", "exit"),
                jdk("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke"),
                jdk("java.lang.reflect.Method", "invoke"),
                caller,
                app("dev.creor.core.routing.StreamRun", "send")));

        assertThat(cause).hasValue(new ProcessExit.Foreign("Runtime.exit", "com.example.Evil.chat(Evil.java:12)",
                Optional.of(Path.of("/home/me/plugins/evil.jar"))));
        ProcessExit.Foreign foreign = (ProcessExit.Foreign) cause.orElseThrow();
        assertThat(ProcessExit.exitCode(foreign)).isEqualTo(2);
        assertThat(ProcessExit.message(foreign)).isEqualTo("plugin jar /home/me/plugins/evil.jar tried to end the "
                + "process: com.example.Evil.chat(Evil.java:12) called Runtime.exit and would have ended creor with the "
                + "exit code it chose; creor stops with exit code 2 instead: remove the jar (or switch its provider off "
                + "with disabled_providers) and report it to its authors");
    }

    @Test
    void anExitFromOutsideAnyPluginIsForeignToo() {
        Optional<ProcessExit.Cause> cause = ProcessExit.causeIn(exiting(
                jdk("java.lang.Runtime", "exit"),
                jdk("java.lang.System", "exit"),
                app("org.example.Library", "quit")));

        assertThat(cause).hasValue(new ProcessExit.Foreign("System.exit", "org.example.Library.quit(Library.java:1)",
                Optional.empty()));
        assertThat(ProcessExit.exitCode((ProcessExit.Foreign) cause.orElseThrow())).isEqualTo(1);
    }

    @Test
    void aThreadWaitingToExitWhileAnotherRunsTheHooksIsNotTheOneExiting() {
        assertThat(ProcessExit.causeIn(new StackTraceElement[] {
            jdk("java.lang.Shutdown", "exit"),
            jdk("java.lang.Runtime", "exit"),
            app("org.example.Library", "quit")})).isEmpty();
        assertThat(ProcessExit.causeIn(new StackTraceElement[] {app("org.example.Library", "work")})).isEmpty();
    }

    private static StackTraceElement[] exiting(StackTraceElement... callers) {
        StackTraceElement[] frames = new StackTraceElement[HOOKS.length + callers.length];
        System.arraycopy(HOOKS, 0, frames, 0, HOOKS.length);
        System.arraycopy(callers, 0, frames, HOOKS.length, callers.length);
        return frames;
    }

    private static StackTraceElement jdk(String type, String method) {
        return new StackTraceElement(null, "java.base", null, type, method, null, -1);
    }

    private static StackTraceElement app(String type, String method) {
        return new StackTraceElement("app", null, null, type, method, type.substring(type.lastIndexOf('.') + 1)
                + ".java", 1);
    }
}
