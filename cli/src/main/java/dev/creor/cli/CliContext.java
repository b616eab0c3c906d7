package dev.creor.cli;

import dev.creor.core.Environment;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may touch of the process it runs in: the environment, the working and home
 * directories, and the standard streams. {@link CreorCli#main} builds it from the real process;
 * tests build their own.
 *
 * @param environment      the environment variables
 * @param workingDirectory the directory the command runs in
 * @param homeDirectory    the user's home directory
 * @param in               standard input
 * @param out              standard output, for results
 * @param err              standard error, for diagnostics
 * @param interactive      whether a person is at a terminal (prompts and colours make sense)
 */
public record CliContext(Map<String, String> environment, Path workingDirectory, Path homeDirectory, InputStream in,
                         PrintWriter out, PrintWriter err, boolean interactive) {
    /** Checks for nulls and copies the environment. */
    public CliContext {
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDirectory, "workingDirectory is null");
        Objects.requireNonNull(homeDirectory, "homeDirectory is null");
        Objects.requireNonNull(in, "in is null");
        Objects.requireNonNull(out, "out is null");
        Objects.requireNonNull(err, "err is null");
    }

    /** The environment as the library's port. */
    public Environment env() {
        return Environment.of(environment);
    }
}
