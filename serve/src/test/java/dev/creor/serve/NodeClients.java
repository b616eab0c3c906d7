package dev.creor.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
 * Runs {@code src/test/clients/clients.mjs}, the scenarios of the official {@code openai} package
 * and Vercel's AI SDK against the gateway, as a real {@code node} process.
 *
 * <p>The packages come from the committed lockfile: {@code .ci/run} installs them with
 * {@code npm ci}; when they are missing or differ from the lockfile (a fresh clone, a bumped
 * version) the first run installs them itself, under a file lock so that parallel builds of one
 * checkout do not install over each other (as the sandbox's {@code SdkConformance} does). Without
 * {@code node} and {@code npm} the tests fail and say what to install: a client test that skips
 * itself could never fail.
 */
final class NodeClients {
    static final Path DIRECTORY = Path.of("src/test/clients").toAbsolutePath();
    private static final long NPM_CI_MINUTES = 5;
    private static final long RUN_MINUTES = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeClients() {
    }

    /** What one scenario printed: its JSON line, and everything for the failure message. */
    record Outcome(int exitCode, String output, JsonNode result) {
    }

    /** Runs {@code node clients.mjs SCENARIO BASE TOKEN MODEL} and reads its JSON line. */
    static Outcome run(String scenario, URI base, String token, String model) {
        installPackages();
        Outcome raw = exec(List.of("node", DIRECTORY.resolve("clients.mjs").toString(), scenario, base.toString(), token,
                model), RUN_MINUTES);
        if (raw.exitCode() != 0) {
            throw new AssertionError("node clients.mjs " + scenario + " failed (exit " + raw.exitCode() + "):\n"
                    + raw.output());
        }
        String line = raw.output().lines().filter(text -> text.startsWith("{")).reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("clients.mjs " + scenario + " printed no result:\n" + raw.output()));
        try {
            return new Outcome(0, raw.output(), JSON.readTree(line));
        } catch (IOException e) {
            throw new AssertionError("clients.mjs " + scenario + " printed no JSON:\n" + raw.output(), e);
        }
    }

    private static synchronized void installPackages() {
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
                Outcome install = exec(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), NPM_CI_MINUTES);
                if (install.exitCode() != 0 || !installed()) {
                    throw new AssertionError("`npm ci` in " + DIRECTORY + " failed (exit " + install.exitCode()
                            + "); the client tests need openai, ai and @ai-sdk/openai-compatible from its"
                            + " package-lock.json:\n" + install.output());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock target/npm-ci.lock to install the client packages", e);
        }
    }

    /** Whether every package of the lockfile is installed in the version it pins. */
    private static boolean installed() {
        try {
            JsonNode packages = JSON.readTree(DIRECTORY.resolve("package-lock.json").toFile()).path("packages");
            for (Iterator<Map.Entry<String, JsonNode>> entries = packages.fields(); entries.hasNext(); ) {
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

    static Outcome exec(List<String> command, long minutes) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(DIRECTORY.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new AssertionError("cannot run `" + command.get(0) + "`: the client tests need Node.js 20 or newer"
                    + " and npm on the PATH (on Debian: apt-get install nodejs npm)", e);
        }
        Process started = process;
        // Read while it runs, on another thread: a full pipe would block the process.
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
            return new Outcome(process.exitValue(), new String(output.get(1, TimeUnit.MINUTES), StandardCharsets.UTF_8),
                    null);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("cannot read the output of " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
