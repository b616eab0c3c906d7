package dev.creor.benchmarks.load;

import dev.creor.runtime.Creor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throw-away home and project directory for one benchmark, so that nothing depends on (or
 * touches) the real home of whoever runs it, and the {@link Creor} runtime configured in it to
 * reach the sandbox.
 */
public final class BenchWorkspace implements AutoCloseable {
    /** The agent every load benchmark asks: the sandbox's cheapest model and no system prompt. */
    public static final String AGENT = "bench";
    /** The model of {@link #AGENT}; the sandbox answers it with its default reply. */
    public static final String MODEL = "openai/gpt-4o-mini";
    /** The question every request asks. */
    public static final String PROMPT = "What is Creor?";

    private final Path root;

    private BenchWorkspace(Path root) {
        this.root = root;
    }

    /** Creates the directories: {@code home/} and {@code project/} (marked as a git root). */
    public static BenchWorkspace create() {
        try {
            Path root = Files.createTempDirectory("creor-bench-");
            Files.createDirectories(root.resolve("home"));
            // A .git directory stops the walk for project config files here, not in /tmp or above.
            Files.createDirectories(root.resolve("project/.git"));
            return new BenchWorkspace(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a benchmark workspace", e);
        }
    }

    /** The fake home directory. */
    public Path home() {
        return root.resolve("home");
    }

    /** The project directory, the working directory of every runtime and process. */
    public Path project() {
        return root.resolve("project");
    }

    /** XDG variables pointing into {@link #home()}. */
    public Map<String, String> environment() {
        return Map.of(
                "HOME", home().toString(),
                "XDG_CONFIG_HOME", home().resolve(".config").toString(),
                "XDG_DATA_HOME", home().resolve(".local/share").toString(),
                "XDG_CACHE_HOME", home().resolve(".cache").toString());
    }

    /**
     * The config that points the {@code openrouter} provider at the sandbox and defines
     * {@link #AGENT}, allowing {@code maxConnections} connections at once.
     */
    public static String config(URI sandbox, String apiKey, int maxConnections) {
        return """
                {
                  "model": "openrouter/%s",
                  "agent": {
                    "%s": {"model": "openrouter/%s", "description": "The benchmarks' agent: no system prompt."}
                  },
                  "provider": {
                    "openrouter": {
                      "options": {"baseURL": "%s", "apiKey": "%s", "maxConnections": %d}
                    }
                  }
                }
                """.formatted(MODEL, AGENT, MODEL, sandbox, apiKey, maxConnections);
    }

    /** A runtime in this workspace, reaching the sandbox at {@code sandbox}. */
    public Creor creor(URI sandbox, String apiKey, int maxConnections) {
        return Creor.builder()
                .workingDirectory(project())
                .homeDirectory(home())
                .environment(environment())
                .config(config(sandbox, apiKey, maxConnections))
                .build();
    }

    /** Deletes the directories. */
    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans /tmp
        }
    }
}
