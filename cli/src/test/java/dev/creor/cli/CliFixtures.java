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
     * The user's own config pointing OpenRouter at the sandbox, with fast retries. It belongs in
     * a trusted place (the global file, {@link #writeGlobalConfig}): from a project file that
     * nobody trusted, a baseURL is refused.
     */
    static String sandboxConfig(OpenRouterSandbox sandbox) {
        return """
                {
                  "provider": {
                    "openrouter": {
                      "options": {"baseURL": "%s"},
                      "retry": {"initialBackoffMs": 10, "maxBackoffMs": 20}
                    }
                  }
                }
                """.formatted(sandbox.baseUrl());
    }

    /** Writes the user's global config, {@code $HOME/.config/creor/creor.json} (as CreorProcess sets XDG_CONFIG_HOME). */
    static Path writeGlobalConfig(Path home, String json) {
        try {
            Path file = Files.createDirectories(home.resolve(".config/creor")).resolve("creor.json");
            return Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a project's {@code creor.json} into the directory. */
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
