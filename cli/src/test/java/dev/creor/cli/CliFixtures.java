package dev.creor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the command-line tests share: configs pointing at a sandbox, and reading {@code --json} output. */
final class CliFixtures {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CliFixtures() {
    }

    /**
     * A config pointing OpenRouter at the sandbox, with fast retries; {@code topLevel} is more
     * top-level members (e.g. {@code "agent": {...}}), or empty.
     */
    static String config(OpenRouterSandbox sandbox, String topLevel) {
        return """
                {
                  "provider": {
                    "openrouter": {
                      "options": {"baseURL": "%s"},
                      "retry": {"initialBackoffMs": 10, "maxBackoffMs": 20}
                    }
                  }%s
                }
                """.formatted(sandbox.baseUrl(), topLevel.isBlank() ? "" : ",\n  " + topLevel.strip());
    }

    /** Writes {@code creor.json} into the directory. */
    static Path writeConfig(Path directory, String json) {
        try {
            return Files.writeString(directory.resolve("creor.json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each line of {@code --json} output as JSON; fails when a line is not JSON. */
    static List<JsonNode> jsonLines(String stdout) {
        return stdout.lines().filter(line -> !line.isBlank()).map(CliFixtures::json).toList();
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
