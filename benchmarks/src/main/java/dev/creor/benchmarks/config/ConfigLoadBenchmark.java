package dev.creor.benchmarks.config;

import dev.creor.config.ConfigLoader;
import dev.creor.config.trust.TrustStore;
import dev.creor.config.LoadedConfig;
import dev.creor.core.Environment;
import dev.creor.provider.openrouter.OpenRouterProviderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Config loading as {@code creor} does it: find the global and project files, read them as
 * JSONC, substitute {@code {env:}} and {@code {file:}}, merge the layers, validate against the
 * core schema composed with the OpenRouter provider's fragment, and build the typed config.
 *
 * <p>{@code load} reuses a loader (its composed schema), as a long-running embedding program
 * would; {@code composeAndLoad} also composes the schema, as each {@code creor} process does once.
 * {@code config} is {@code typical} (global file + a typical project file) or {@code 1MB} (a
 * generated project file of about 1 MB over the same global file).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConfigLoadBenchmark {
    /** The size of the large config. */
    public static final int LARGE_BYTES = 1024 * 1024;

    @Param({"typical", "1MB"})
    public String config;

    private Path root;
    private Path home;
    private Path project;
    private Map<String, String> providerSchemas;
    private Environment environment;
    private ConfigLoader loader;

    @Setup(Level.Trial)
    public void writeFiles() throws IOException {
        root = Files.createTempDirectory("creor-config-bench-");
        home = root.resolve("home");
        project = root.resolve("project");
        String text = config.equals("typical") ? ConfigFixtures.typical("https://openrouter.ai/api/v1")
                : ConfigFixtures.large(LARGE_BYTES);
        ConfigFixtures.write(home, project, text);
        providerSchemas = Map.of(OpenRouterProviderFactory.ID, new OpenRouterProviderFactory().descriptor().configSchema());
        environment = Environment.of(Map.of(
                "OPENROUTER_API_KEY", "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000",
                "XDG_CONFIG_HOME", home.resolve(".config").toString()));
        loader = newLoader();
        LoadedConfig loaded = loader.load();
        if (!loaded.isValid()) {
            throw new IllegalStateException("the " + config + " benchmark config is invalid:\n" + loaded.report().renderText());
        }
    }

    @TearDown(Level.Trial)
    public void deleteFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Reads, merges and validates the files with a loader built once. */
    @Benchmark
    public LoadedConfig load() {
        return requireValid(loader.load());
    }

    /** Composes the schema, then reads, merges and validates: one {@code creor} command's work. */
    @Benchmark
    public LoadedConfig composeAndLoad() {
        return requireValid(newLoader().load());
    }

    private ConfigLoader newLoader() {
        return ConfigLoader.builder(project, home).environment(environment).providerSchemas(providerSchemas)
                .projectTrust(new TrustStore(ConfigFixtures.trustRecord(home)).asProjectTrust()).build();
    }

    private LoadedConfig requireValid(LoadedConfig loaded) {
        // config() throws when a problem was found, and builds the typed tree otherwise.
        loaded.config();
        return loaded;
    }

    /** The custom agents in the 1 MB project file, for the report. */
    public static int largeConfigAgents() {
        return ConfigFixtures.large(LARGE_BYTES).split("\"agent-", -1).length - 1;
    }

    /** The size of the project file this benchmark reads, for the report. */
    public static int projectFileBytes(String config) {
        return (config.equals("typical") ? ConfigFixtures.typical("https://openrouter.ai/api/v1")
                : ConfigFixtures.large(LARGE_BYTES)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
