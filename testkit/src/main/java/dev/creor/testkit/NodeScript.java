package dev.creor.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * <p>The packages are those of the lockfile, installed by {@code npm ci} in the folder: {@code .ci/run}
 * runs it for every such folder before the build, and a script whose packages are missing or differ
 * from the lockfile (a fresh clone, a bumped version) runs it first, once, under a file lock so that
 * parallel builds of one checkout do not install over each other; so {@code ./mvnw verify} works on a
 * fresh clone. When {@code npm ci} fails, or leaves a package other than the lockfile pins, the test
 * fails naming the command and what npm said; so does one without {@code node} on the {@code PATH}.
 * A test that skipped itself instead could never fail.
 */
public final class NodeScript {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code npm ci} of a cold cache on a slow mirror. */
    private static final Duration NPM_CI_LIMIT = Duration.ofMinutes(10);

    private final Path directory;
    private final String script;
    private final String node;
    private final String npm;

    private NodeScript(Path directory, String script, String node, String npm) {
        this.directory = directory;
        this.script = script;
        this.node = node;
        this.npm = npm;
    }

    /**
     * The script {@code script} (a file name such as {@code conformance.mjs}) of {@code directory},
     * which holds its {@code package.json} and lockfile; relative paths are taken from the working
     * directory, the module's under Maven.
     */
    public static NodeScript of(Path directory, String script) {
        Objects.requireNonNull(directory, "directory is null");
        Objects.requireNonNull(script, "script is null");
        return new NodeScript(directory.toAbsolutePath().normalize(), script, "node", "npm");
    }

    /** The same script, run by another {@code node} executable (a path, or a name looked up on the PATH). */
    NodeScript withNode(String executable) {
        return new NodeScript(directory, script, Objects.requireNonNull(executable, "executable is null"), npm);
    }

    /** The same script, its packages installed by another {@code npm} executable. */
    NodeScript withNpm(String executable) {
        return new NodeScript(directory, script, node, Objects.requireNonNull(executable, "executable is null"));
    }

    /** The folder of the script and its packages. */
    public Path directory() {
        return directory;
    }

    /**
     * Runs {@code node SCRIPT ARGUMENTS...} in the script's folder and waits for it to end.
     *
     * Installs the lockfile's packages first when they are not installed as it pins them.
     *
     * @throws AssertionError when the lockfile's packages cannot be installed as it pins them, when
     *                        {@code node} cannot be started, or when the script does not end within
     *                        {@code timeout} (it is killed then)
     */
    public Subprocess.Result run(Duration timeout, String... arguments) {
        Objects.requireNonNull(timeout, "timeout is null");
        installPackagesUnlessInstalled();
        List<String> command = new ArrayList<>(List.of(node, directory.resolve(script).toString()));
        command.addAll(List.of(arguments));
        return Subprocess.run(command, directory, timeout,
                "Node.js 20 or newer on the PATH to run " + script + " (on Debian: apt-get install nodejs npm)");
    }

    /** Every package of the lockfile is installed in the version it pins, by {@code npm ci} if need be, or the test fails. */
    private void installPackagesUnlessInstalled() {
        Path lockfile = directory.resolve("package-lock.json");
        if (!Files.isRegularFile(lockfile) || firstPackageNotAsLocked(lockfile).isEmpty()) {
            return;
        }
        String command = "npm ci --prefix " + directory + " --no-audit --no-fund --ignore-scripts";
        Path lock = Path.of(System.getProperty("java.io.tmpdir"),
                "creor-npm-ci-" + Integer.toHexString(directory.toString().hashCode()) + ".lock");
        synchronized (NodeScript.class) {
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.lock(); // released when the channel closes
                if (firstPackageNotAsLocked(lockfile).isEmpty()) {
                    return; // another build installed them while this one waited
                }
                Subprocess.Result install = Subprocess.run(
                        List.of(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"), directory, NPM_CI_LIMIT,
                        "npm (Node.js 20 or newer) on the PATH to install the packages of " + lockfile
                                + " (on Debian: apt-get install nodejs npm)");
                String missing = firstPackageNotAsLocked(lockfile);
                if (install.exitCode() != 0 || !missing.isEmpty()) {
                    throw new AssertionError(script + " needs the packages of " + lockfile + ", and `" + command
                            + "` " + (install.exitCode() != 0 ? "failed (exit " + install.exitCode() + ")"
                            : "left them so: " + missing) + ". Run it yourself to see why, then run the tests"
                            + " again. npm said:\n" + install.output());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + lock + " to install the packages of " + lockfile, e);
            }
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
