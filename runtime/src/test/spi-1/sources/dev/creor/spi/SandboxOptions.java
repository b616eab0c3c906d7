package dev.creor.spi;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** How to start a sandbox: the loopback port and an optional script of scripted behaviour. */
public final class SandboxOptions {
    private final int port;
    private final Path script;

    private SandboxOptions(int port, Path script) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535: " + port);
        }
        this.port = port;
        this.script = script;
    }

    /** A sandbox on a free port with no script. */
    public static SandboxOptions defaults() {
        return new SandboxOptions(0, null);
    }

    /** These options with the given port; 0 picks a free one. */
    public SandboxOptions withPort(int newPort) {
        return new SandboxOptions(newPort, script);
    }

    /** These options with a script file in the sandbox's own format (faults, latency, ...). */
    public SandboxOptions withScript(Path scriptFile) {
        return new SandboxOptions(port, Objects.requireNonNull(scriptFile, "scriptFile is null"));
    }

    /** The loopback port; 0 means any free one. */
    public int port() {
        return port;
    }

    /** The script file, if one is set. */
    public Optional<Path> script() {
        return Optional.ofNullable(script);
    }

    @Override
    public String toString() {
        return "SandboxOptions[port=" + port + ", script=" + script + "]";
    }
}
