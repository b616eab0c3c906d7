package dev.creor.settings;

import dev.creor.core.Environment;
import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Opens a URL in the user's browser when there is one, for {@code creor settings}. It never
 * fails: when no browser can be started it says why, and the command prints the URL instead.
 *
 * <p>It tries, in order: the command in {@code $BROWSER}; {@code open} on macOS,
 * {@code xdg-open} elsewhere (only with a graphical display: {@code DISPLAY} or
 * {@code WAYLAND_DISPLAY}); then {@link Desktop#browse}. A command that exits with a failure
 * within a few seconds counts as not opened; one still running is taken as opened.
 */
public final class BrowserLauncher {
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final List<List<String>> commands;
    private final boolean tryDesktop;

    BrowserLauncher(List<List<String>> commands, boolean tryDesktop) {
        this.commands = commands.stream().map(List::copyOf).toList();
        this.tryDesktop = tryDesktop;
    }

    /** The launcher for this computer, as its environment and operating system allow. */
    public static BrowserLauncher forSystem(Environment environment) {
        Objects.requireNonNull(environment, "environment is null");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        List<List<String>> commands = new ArrayList<>();
        environment.get("BROWSER").ifPresent(browser -> {
            for (String candidate : browser.split(File.pathSeparator)) {
                if (!candidate.isBlank()) {
                    commands.add(List.of(candidate.strip()));
                }
            }
        });
        boolean display = environment.get("DISPLAY").isPresent() || environment.get("WAYLAND_DISPLAY").isPresent();
        if (os.contains("mac")) {
            commands.add(List.of("open"));
        } else if (!os.contains("win") && display) {
            commands.add(List.of("xdg-open"));
        }
        return new BrowserLauncher(commands, os.contains("win") || os.contains("mac") || display);
    }

    /**
     * Opens the URL.
     *
     * @return empty when a browser was started, else why not, for people
     */
    public Optional<String> open(URI url) {
        Objects.requireNonNull(url, "url is null");
        List<String> problems = new ArrayList<>();
        for (List<String> command : commands) {
            Optional<String> problem = run(command, url);
            if (problem.isEmpty()) {
                return Optional.empty();
            }
            problems.add(problem.get());
        }
        if (tryDesktop) {
            Optional<String> problem = browseWithDesktop(url);
            if (problem.isEmpty()) {
                return Optional.empty();
            }
            problems.add(problem.get());
        }
        return Optional.of(problems.isEmpty() ? "no browser was found (no graphical display)"
                : String.join("; ", problems));
    }

    private static Optional<String> run(List<String> command, URI url) {
        List<String> arguments = new ArrayList<>(command);
        arguments.add(url.toString());
        String name = command.get(0);
        try {
            Process process = new ProcessBuilder(arguments)
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS) && process.exitValue() != 0) {
                return Optional.of(name + " failed (exit code " + process.exitValue() + ")");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(name + " could not be started");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while starting " + name);
        }
    }

    private static Optional<String> browseWithDesktop(URI url) {
        try {
            if (GraphicsEnvironment.isHeadless() || !Desktop.isDesktopSupported()
                    || !Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                return Optional.of("Java cannot open a browser here");
            }
            Desktop.getDesktop().browse(url);
            return Optional.empty();
        } catch (IOException | RuntimeException | LinkageError e) {
            return Optional.of("Java could not open a browser (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static File nullFile() {
        return new File(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win") ? "NUL" : "/dev/null");
    }
}
