package dev.creor.benchmarks.config;

import dev.creor.config.trust.TrustStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The configurations the config and start-up benchmarks load: a typical project's, layered over
 * a global file, and a 1 MB one.
 */
public final class ConfigFixtures {
    /** The global file ({@code ~/.config/creor/creor.json}): a user's own default model. */
    public static final String GLOBAL = """
            {
              "model": "openrouter/openai/gpt-4o",
              "provider": {"openrouter": {"routing": {"dataCollection": "deny"}}}
            }
            """;

    /** The review agent's prompt, referenced with {@code {file:./prompts/review.md}}. */
    public static final String REVIEW_PROMPT = """
            You review a diff. Point out bugs, missing tests and unclear names, most important first.
            Quote the line you mean. Say nothing about style the formatter decides.
            """;

    private ConfigFixtures() {
    }

    /**
     * A typical project's {@code creor.jsonc}: comments and a trailing comma, four agents (one
     * with a {@code {file:...}} prompt), the OpenRouter section with the key from
     * {@code {env:OPENROUTER_API_KEY}}, a whitelist, time limits and routing preferences.
     */
    public static String typical(String baseUrl) {
        return """
                {
                  "$schema": "https://creor.dev/config.json",
                  // The default for every agent.
                  "model": "openrouter/anthropic/claude-sonnet-4",
                  "agent": {
                    "build":   { "model": "openrouter/anthropic/claude-sonnet-4", "fallbacks": ["openrouter/openai/gpt-4o"] },
                    "plan":    { "model": "openrouter/openai/o3", "temperature": 0.2 },
                    "explore": { "model": "openrouter/google/gemini-2.5-flash" },
                    "review":  {
                      "model": "openrouter/openrouter/auto",
                      "description": "Reviews a diff before it is pushed.",
                      "prompt": "{file:./prompts/review.md}",
                    },
                  },
                  "provider": {
                    "openrouter": {
                      "options": { "apiKey": "{env:OPENROUTER_API_KEY}", "baseURL": "%s" },
                      "whitelist": ["anthropic/*", "openai/*", "google/*", "openrouter/auto"],
                      "blacklist": [],
                      "timeout": 600000,      // ms for the whole request
                      "chunkTimeout": 60000,  // ms of silence allowed between chunks
                      "routing": { "sort": "price", "allowFallbacks": true, "dataCollection": "deny" }
                    }
                  },
                  "disabled_providers": []
                }
                """.formatted(baseUrl);
    }

    /**
     * A valid config of about {@code targetBytes}: many custom agents, each with a model, two
     * fallbacks, sampling settings, a description and a prompt of a few hundred characters.
     */
    public static String large(int targetBytes) {
        String[] models = {"anthropic/claude-sonnet-4", "openai/gpt-4o", "google/gemini-2.5-flash", "openai/o3",
            "meta-llama/llama-3.3-70b-instruct", "deepseek/deepseek-r1"};
        StringBuilder json = new StringBuilder(targetBytes + 4096);
        json.append("{\n  \"model\": \"openrouter/anthropic/claude-sonnet-4\",\n  \"agent\": {\n");
        for (int i = 0; json.length() < targetBytes - 1024; i++) {
            if (i > 0) {
                json.append(",\n");
            }
            json.append("    \"agent-").append(i).append("\": {\"model\": \"openrouter/").append(models[i % models.length])
                    .append("\", \"fallbacks\": [\"openrouter/").append(models[(i + 1) % models.length])
                    .append("\", \"openrouter/").append(models[(i + 2) % models.length]).append("\"], ")
                    .append("\"temperature\": ").append((i % 20) / 10.0).append(", \"top_p\": 0.9, \"maxTokens\": ")
                    .append(1024 + i % 4096).append(", \"description\": \"Custom agent number ").append(i)
                    .append(" for the benchmarks\", \"prompt\": \"You are agent ").append(i)
                    .append(". Work step by step, cite the files you read, keep answers short, prefer small diffs,"
                            + " run the tests before you claim success and say what you did not check. Never touch"
                            + " generated files; ask before deleting anything; explain each risky change.\"}");
        }
        json.append("\n  },\n  \"provider\": {\"openrouter\": {\"options\": {\"apiKey\": \"{env:OPENROUTER_API_KEY}\"},"
                + " \"timeout\": 600000, \"chunkTimeout\": 60000}}\n}\n");
        return json.toString();
    }

    /** Where {@link #write} records that the project is trusted: the default data directory under {@code home}. */
    public static Path trustRecord(Path home) {
        return home.resolve(".local/share/creor/trust.json");
    }

    /**
     * Writes the global file under {@code home}, {@code project/creor.jsonc} with {@code projectConfig}
     * and the review prompt; marks {@code project} as a git root so that nothing above it is read,
     * and records in {@link #trustRecord} that the user trusts it, as {@code creor trust} does.
     */
    public static void write(Path home, Path project, String projectConfig) {
        try {
            Files.createDirectories(home.resolve(".config/creor"));
            Files.createDirectories(project.resolve(".git"));
            Files.createDirectories(project.resolve("prompts"));
            Files.writeString(home.resolve(".config/creor/creor.json"), GLOBAL, StandardCharsets.UTF_8);
            Files.writeString(project.resolve("prompts/review.md"), REVIEW_PROMPT, StandardCharsets.UTF_8);
            Files.writeString(project.resolve("creor.jsonc"), projectConfig, StandardCharsets.UTF_8);
            // A developer's own project, trusted with `creor trust`: its baseURL and references apply.
            new TrustStore(trustRecord(home)).trust(project, List.of(project.resolve("creor.jsonc")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark config files", e);
        }
    }
}
