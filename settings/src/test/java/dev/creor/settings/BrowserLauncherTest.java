package dev.creor.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.Environment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrowserLauncherTest {
    private static final URI URL = URI.create("http://127.0.0.1:4242/?token=abc");

    @TempDir
    Path directory;

    private Path script(String name, String body) throws IOException {
        Path script = directory.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void opensTheUrlWithTheFirstCommandThatWorks() throws IOException {
        Path opened = directory.resolve("opened");
        Path failing = script("failing", "exit 3");
        Path working = script("working", "printf '%s' \"$1\" > " + opened);

        BrowserLauncher launcher = new BrowserLauncher(List.of(List.of(failing.toString()), List.of(working.toString())),
                false);

        assertThat(launcher.open(URL)).isEmpty();
        assertThat(Files.readString(opened)).isEqualTo(URL.toString());
    }

    @Test
    void saysWhyWhenNothingWorksAndNeverThrows() throws IOException {
        Path failing = script("failing", "exit 3");
        BrowserLauncher launcher = new BrowserLauncher(List.of(List.of(failing.toString()),
                List.of(directory.resolve("absent").toString())), false);

        assertThat(launcher.open(URL)).contains(failing + " failed (exit code 3); "
                + directory.resolve("absent") + " could not be started");
        assertThat(new BrowserLauncher(List.of(), false).open(URL))
                .contains("no browser was found (no graphical display)");
    }

    @Test
    void usesTheBrowserVariableFirst() throws IOException {
        Path opened = directory.resolve("opened");
        Path browser = script("browser", "printf '%s' \"$1\" > " + opened);

        BrowserLauncher launcher = BrowserLauncher.forSystem(Environment.of(Map.of("BROWSER", browser.toString())));

        assertThat(launcher.open(URL)).isEmpty();
        assertThat(Files.readString(opened)).isEqualTo(URL.toString());
    }
}
