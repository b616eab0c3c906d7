package dev.creor.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.core.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mutated and generated documents, 10,500 in all: loading never throws, and an invalid document
 * always yields at least one error located at a line and column.
 */
class ConfigFuzzTest {
    private static final Map<String, String> FRAGMENTS = Map.of("openrouter", ConfigFixture.OPENROUTER_FRAGMENT,
            "echo", ValidationMessagesTest.ECHO_FRAGMENT);
    private static final List<String> SEEDS = List.of("""
            {
              "$schema": "https://creor.dev/config.json",
              "model": "openrouter/anthropic/claude-sonnet-4", // default
              "agent": {
                "build": {"model": "openrouter/anthropic/claude-sonnet-4", "fallbacks": ["openrouter/openai/gpt-4o"]},
                "plan": {"model": "openrouter/openai/o3", "temperature": 0.2, "top_p": 0.9, "maxTokens": 2048},
                "review": {"prompt": "Review {env:USER}", "description": "reviews", "disable": false},
              },
              "provider": {
                "openrouter": {
                  "options": {"apiKey": "sk-or-v1-fuzzfuzzfuzzfuzz9f3a", "baseURL": "https://openrouter.ai/api/v1"},
                  "whitelist": ["anthropic/*", "openai/*"], "blacklist": [],
                  "timeout": 600000, "chunkTimeout": 60000, "connectTimeout": 10000,
                  "retry": {"maxAttempts": 3, "initialBackoffMs": 500, "maxBackoffMs": 30000, "maxRetryAfterMs": 60000},
                  "circuitBreaker": {"failureThreshold": 5, "cooldownMs": 30000},
                  "concurrency": {"maxConcurrent": 16, "maxQueued": 64},
                  "routing": {"sort": "price", "allowFallbacks": true, "dataCollection": "deny"}
                },
                "echo": {"options": {"endpoint": "http://127.0.0.1:1", "voice": "loud"}, "echoes": 2, "timeout": false}
              },
              /* providers */
              "disabled_providers": [], "enabled_providers": ["openrouter", "echo"]
            }
            """, "{\"fallbacks\": [\"openrouter/openai/gpt-4o\"], \"agent\": {\"x\": {\"temperature\": 1e2}}}", "{}");
    private static final List<String> FRAGMENTS_TO_INSERT = List.of("{", "}", "[", "]", ",", ":", "\"", "//", "/*", "*/",
            "null", "true", "false", "-0", "1e999", "0.5", "\\u0000", "\\", "\n", "\t", "\u0000", "\uFEFF", "é", "{env:HOME}",
            "{file:x}", "{env:}", "\"model\"", "\"agent\":", "\"provider\": {\"openrouter\": ", "'", "NaN", "9".repeat(30));
    private static final String[] KEYS = {"$schema", "model", "fallbacks", "agent", "build", "plan", "provider", "openrouter",
        "echo", "options", "apiKey", "baseURL", "endpoint", "voice", "whitelist", "blacklist", "timeout", "chunkTimeout",
        "connectTimeout", "retry", "maxAttempts", "initialBackoffMs", "maxBackoffMs", "circuitBreaker", "cooldownMs",
        "concurrency", "maxConcurrent", "routing", "sort", "temperature", "top_p", "maxTokens", "prompt", "disable",
        "disabled_providers", "enabled_providers", "modle", "a/b~c", "", "token"};

    private static Path workingDirectory;
    private static Path home;
    private static int documents;
    private static int invalidDocuments;

    @BeforeContainer
    static void createDirectories() throws IOException {
        Path root = Files.createTempDirectory("creor-config-fuzz");
        home = Files.createDirectories(root.resolve("home"));
        workingDirectory = Files.createDirectories(root.resolve("project"));
        Files.createDirectories(workingDirectory.resolve(".git"));
    }

    @AfterContainer
    static void checkCountAndCleanUp() throws IOException {
        assertThat(documents).as("documents checked").isGreaterThanOrEqualTo(10_000);
        // Both outcomes must be common, or the properties would check little.
        assertThat(invalidDocuments).as("invalid documents").isGreaterThanOrEqualTo(1000);
        assertThat(documents - invalidDocuments).as("valid documents").isGreaterThanOrEqualTo(200);
        try (var paths = Files.walk(workingDirectory.getParent())) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static void checkLoad(String inlineContent) {
        documents++;
        LoadedConfig loaded = ConfigLoader.builder(workingDirectory, home)
                .environment(Environment.of(Map.of("CREOR_CONFIG_CONTENT", inlineContent, "HOME", "/home/x")))
                .providerSchemas(FRAGMENTS)
                .build()
                .load();
        checkOutcome(loaded.report());
        loaded.showText(true);
        loaded.showJson(true);
        if (loaded.isValid()) {
            assertThat(loaded.config()).isNotNull();
        }
    }

    private static void checkOutcome(ValidationReport report) {
        report.renderText();
        report.renderJson();
        if (!report.isValid()) {
            invalidDocuments++;
            assertThat(report.errors()).as("an invalid document has a located error: %s", report.problems())
                    .anySatisfy(problem -> assertThat(problem.line().orElse(0)).isGreaterThanOrEqualTo(1));
        }
    }

    @Property(tries = 4000)
    void mutatedTextNeverThrowsAndInvalidTextIsLocated(@ForAll("mutatedText") String text) {
        checkLoad(text);
    }

    @Property(tries = 2500)
    void mutatedBytesNeverThrowAndInvalidBytesAreLocated(@ForAll("mutatedBytes") byte[] bytes) {
        documents++;
        Path file = workingDirectory.resolve("fuzz.json");
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checkOutcome(ConfigLoader.builder(workingDirectory, home).providerSchemas(FRAGMENTS).build().validateFiles(List.of(file)));
    }

    @Property(tries = 4000)
    void generatedDocumentsNeverThrowAndInvalidOnesAreLocated(@ForAll("documents") Map<String, Object> document)
            throws IOException {
        checkLoad(new ObjectMapper().writeValueAsString(document));
    }

    @Provide
    Arbitrary<String> mutatedText() {
        Arbitrary<String> seed = Arbitraries.of(SEEDS);
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(seed, mutations).as((text, list) -> {
            String result = text;
            for (Mutation mutation : list) {
                result = mutation.apply(result);
            }
            return result;
        });
    }

    @Provide
    Arbitrary<byte[]> mutatedBytes() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS).map(text -> text.getBytes(StandardCharsets.UTF_8));
        Arbitrary<List<int[]>> edits = Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.integers()
                .between(0, 255)).as((where, value) -> new int[] {(int) (where * 1_000_000), value}).list().ofMinSize(1)
                .ofMaxSize(6);
        return Combinators.combine(seed, edits).as((bytes, list) -> {
            byte[] copy = bytes.clone();
            for (int[] edit : list) {
                if (copy.length > 0) {
                    copy[edit[0] % copy.length] = (byte) edit[1];
                }
            }
            return copy;
        });
    }

    @Provide
    Arbitrary<Map<String, Object>> documents() {
        return object(4);
    }

    private Arbitrary<Map<String, Object>> object(int depth) {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of(KEYS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(8)));
        Arbitrary<Object> value = value(depth - 1);
        return Combinators.combine(key, value).as(java.util.AbstractMap.SimpleEntry::new).list().ofMaxSize(5).map(entries -> {
            Map<String, Object> map = new LinkedHashMap<>();
            entries.forEach(entry -> map.put(entry.getKey(), entry.getValue()));
            return map;
        });
    }

    private Arbitrary<Object> value(int depth) {
        List<net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends Object>>> choices = new ArrayList<>(List.of(
                net.jqwik.api.Tuple.of(4, Arbitraries.of("openrouter/anthropic/claude-sonnet-4", "echo/x", "openroutr/x",
                        "gpt-4o", "", " ", "{env:HOME}", "{env:NOPE}", "sk-or-v1-abcdefabcdefabcdef", "price", "loud", "a b",
                        "openai/*")),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(12)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(0, 1, -1, 2, 100, 60000, 86_400_001, Integer.MAX_VALUE, Long.MAX_VALUE,
                        0.2, 1.5, -0.0, 1e300)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(true, false)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new ArrayList<>(java.util.Collections.singletonList(null))).map(list -> list.get(0)))));
        if (depth > 0) {
            choices.add(net.jqwik.api.Tuple.of(3, Arbitraries.lazy(() -> object(depth))));
            choices.add(net.jqwik.api.Tuple.of(2, Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(3)));
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Arbitrary<Object> frequency = Arbitraries.frequencyOf(choices.toArray(net.jqwik.api.Tuple.Tuple2[]::new));
        return frequency;
    }

    private Arbitrary<Mutation> mutation() {
        Arbitrary<Double> where = Arbitraries.doubles().between(0, 1);
        Arbitrary<Integer> length = Arbitraries.integers().between(1, 40);
        Arbitrary<Mutation> delete = Combinators.combine(where, length).as((at, n) -> text -> {
            int start = (int) (at * text.length());
            return text.substring(0, start) + text.substring(Math.min(text.length(), start + n));
        });
        Arbitrary<Mutation> insert = Combinators.combine(where, Arbitraries.of(FRAGMENTS_TO_INSERT)).as((at, fragment) -> text -> {
            int start = (int) (at * text.length());
            return text.substring(0, start) + fragment + text.substring(start);
        });
        Arbitrary<Mutation> replaceCharacter = Combinators.combine(where, Arbitraries.chars()).as((at, c) -> text -> {
            if (text.isEmpty()) {
                return text;
            }
            int index = Math.min(text.length() - 1, (int) (at * text.length()));
            return text.substring(0, index) + c + text.substring(index + 1);
        });
        Arbitrary<Mutation> duplicate = Combinators.combine(where, length).as((at, n) -> text -> {
            int start = (int) (at * text.length());
            int end = Math.min(text.length(), start + n);
            return text.substring(0, end) + text.substring(start, end) + text.substring(end);
        });
        return Arbitraries.oneOf(delete, insert, replaceCharacter, duplicate);
    }

    @FunctionalInterface
    interface Mutation {
        String apply(String text);
    }
}
