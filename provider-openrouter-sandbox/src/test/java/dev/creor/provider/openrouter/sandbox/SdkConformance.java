package dev.creor.provider.openrouter.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code src/test/conformance/conformance.mjs}, the checks against OpenRouter's official
 * TypeScript SDK, as a real {@code node} process.
 *
 * <p>The npm packages the check needs are installed with {@code npm ci} from the committed
 * lockfile when they are missing or differ from it (a fresh clone, or a bumped SDK version), under
 * a file lock so that parallel builds of one checkout do not install over each other. {@code .ci/run}
 * installs them before the build. Without {@code node} and {@code npm} the checks fail and say
 * what to install: a conformance check that skips itself could never fail.
 */
public final class SdkConformance {
    /** The folder of the script, its package.json and its lockfile, from the module's directory. */
    public static final Path DIRECTORY = Path.of(System.getProperty("creor.conformance.dir", "src/test/conformance"))
            .toAbsolutePath();
    private static final long NPM_CI_MINUTES = 5;
    private static final long RUN_MINUTES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SdkConformance() {
    }

    /** What one run printed, and how it ended: 0 conforms, 1 mismatches, 2 a usage error. */
    public record Result(int exitCode, String output) {
        /** The {@code MISMATCH} lines. */
        public List<String> mismatches() {
            return output.lines().filter(line -> line.startsWith("MISMATCH ")).toList();
        }
    }

    /** Runs {@code node conformance.mjs ARGUMENTS...} after making sure its packages are installed. */
    public static Result run(String... arguments) {
        installPackages();
        List<String> command = new ArrayList<>(List.of("node", DIRECTORY.resolve("conformance.mjs").toString()));
        command.addAll(List.of(arguments));
        return exec(command, RUN_MINUTES);
    }

    /** Installs the lockfile's packages unless exactly those are installed already. */
    @SuppressWarnings("try") // the lock is held by the try, never used in it
    static synchronized void installPackages() {
        if (installed()) {
            return;
        }
        try {
            Files.createDirectories(Path.of("target"));
            try (FileChannel channel = FileChannel.open(Path.of("target", "npm-ci.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                if (installed()) {
                    return;
                }
                Result install = exec(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), NPM_CI_MINUTES);
                if (install.exitCode() != 0 || !installed()) {
                    throw new AssertionError("`npm ci` in " + DIRECTORY + " failed (exit " + install.exitCode()
                            + "); the conformance checks need @openrouter/sdk from its package-lock.json:\n"
                            + install.output());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock target/npm-ci.lock to install the conformance packages", e);
        }
    }

    /** Whether every package of the lockfile is installed in the version it pins. */
    private static boolean installed() {
        try {
            JsonNode packages = JSON.readTree(DIRECTORY.resolve("package-lock.json").toFile()).path("packages");
            for (Iterator<Map.Entry<String, JsonNode>> entries = packages.properties().iterator(); entries.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = entries.next();
                if (entry.getKey().isEmpty()) {
                    continue;
                }
                Path manifest = DIRECTORY.resolve(entry.getKey()).resolve("package.json");
                if (!Files.isRegularFile(manifest)
                        || !JSON.readTree(manifest.toFile()).path("version").asText().equals(entry.getValue().path("version").asText())) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DIRECTORY.resolve("package-lock.json"), e);
        }
    }

    private static Result exec(List<String> command, long minutes) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(DIRECTORY.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new AssertionError("cannot run `" + command.get(0) + "`: the OpenRouter conformance checks need"
                    + " Node.js 20 or newer and npm on the PATH (on Debian: apt-get install nodejs npm)", e);
        }
        // Read while it runs, on another thread: a full pipe would block the process, and a read
        // here could outlast the time limit.
        Process started = process;
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return started.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within " + minutes + " minutes");
            }
            return new Result(process.exitValue(), new String(output.get(1, TimeUnit.MINUTES), StandardCharsets.UTF_8));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("cannot read the output of " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }
}
