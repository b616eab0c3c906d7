package dev.creor.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A script of a folder with its own {@code package.json} and {@code package-lock.json}, run by a
 * real {@code node} process: how Creor's tests drive official SDKs written for Node.js (the
 * sandbox's conformance with OpenRouter's SDK, the gateway under the {@code openai} package and
 * Vercel's AI SDK).
 *
 * <p>It installs nothing: {@code npm ci} in the folder does, once ({@code .ci/run} runs it for every
 * such folder before the build). A test whose packages are missing, or differ from the lockfile
 * (a fresh clone, a bumped version), fails and names the command to run; so does one without
 * {@code node} on the {@code PATH}. A test that skipped itself instead could never fail.
 */
public final class NodeScript {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final String script;
    private final String node;

    private NodeScript(Path directory, String script, String node) {
        this.directory = directory;
        this.script = script;
        this.node = node;
    }

    /**
     * The script {@code script} (a file name such as {@code conformance.mjs}) of {@code directory},
     * which holds its {@code package.json} and lockfile; relative paths are taken from the working
     * directory, the module's under Maven.
     */
    public static NodeScript of(Path directory, String script) {
        Objects.requireNonNull(directory, "directory is null");
        Objects.requireNonNull(script, "script is null");
        return new NodeScript(directory.toAbsolutePath().normalize(), script, "node");
    }

    /** The same script, run by another {@code node} executable (a path, or a name looked up on the PATH). */
    NodeScript withNode(String executable) {
        return new NodeScript(directory, script, Objects.requireNonNull(executable, "executable is null"));
    }

    /** The folder of the script and its packages. */
    public Path directory() {
        return directory;
    }

    /**
     * Runs {@code node SCRIPT ARGUMENTS...} in the script's folder and waits for it to end.
     *
     * @throws AssertionError when the lockfile's packages are not installed as it pins them, when
     *                        {@code node} cannot be started, or when the script does not end within
     *                        {@code timeout} (it is killed then)
     */
    public Subprocess.Result run(Duration timeout, String... arguments) {
        Objects.requireNonNull(timeout, "timeout is null");
        requirePackagesInstalled();
        List<String> command = new ArrayList<>(List.of(node, directory.resolve(script).toString()));
        command.addAll(List.of(arguments));
        return Subprocess.run(command, directory, timeout,
                "Node.js 20 or newer on the PATH to run " + script + " (on Debian: apt-get install nodejs npm)");
    }

    /** Every package of the lockfile is installed in the version it pins, or the test fails saying what to run. */
    private void requirePackagesInstalled() {
        Path lockfile = directory.resolve("package-lock.json");
        if (!Files.isRegularFile(lockfile)) {
            return;
        }
        String missing = firstPackageNotAsLocked(lockfile);
        if (!missing.isEmpty()) {
            throw new AssertionError(script + " needs the packages of " + lockfile + ", and " + missing
                    + ". Install them with `npm ci --prefix " + directory + " --no-audit --no-fund --ignore-scripts`"
                    + " (.ci/run does it for every folder of Node.js tests), then run the tests again.");
        }
    }

    /** Names the first package of the lockfile not installed as it pins it; empty when all are. */
    private String firstPackageNotAsLocked(Path lockfile) {
        try {
            for (Map.Entry<String, JsonNode> entry : JSON.readTree(lockfile.toFile()).path("packages").properties()) {
                if (entry.getKey().isEmpty()) {
                    continue; // the folder's own package
                }
                String locked = entry.getValue().path("version").asText();
                Path manifest = directory.resolve(entry.getKey()).resolve("package.json");
                if (!Files.isRegularFile(manifest)) {
                    return entry.getKey() + " is not installed";
                }
                String installed = JSON.readTree(manifest.toFile()).path("version").asText();
                if (!installed.equals(locked)) {
                    return entry.getKey() + " is installed in version " + installed + ", not " + locked;
                }
            }
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + lockfile + " or a package it names", e);
        }
    }
}
