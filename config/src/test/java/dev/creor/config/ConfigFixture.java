package dev.creor.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import dev.creor.core.Environment;

/**
 * A home directory and a project (a git repository) under a temp dir, and a loader over them.
 * The loader trusts the project's files, since most tests are about what a file says, not about
 * who may say it; {@link #untrusted()} turns that off (see TrustedSourcesTest).
 */
final class ConfigFixture {
    static final String OPENROUTER_FRAGMENT = """
            {
              "type": "object",
              "properties": {
                "options": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "apiKey": {"type": "string"},
                    "baseURL": {"type": "string", "pattern": "^https?://"},
                    "headers": {"type": "object", "additionalProperties": {"type": "string"}}
                  }
                },
                "routing": {
                  "type": "object",
                  "additionalProperties": false,
                  "properties": {
                    "sort": {"enum": ["price", "throughput", "latency"]},
                    "allowFallbacks": {"type": "boolean"},
                    "dataCollection": {"enum": ["allow", "deny"]}
                  }
                }
              }
            }
            """;

    final Path root;
    final Path home;
    final Path project;
    final Map<String, String> env = new HashMap<>();
    private ProjectTrust projectTrust = ProjectTrust.all();

    ConfigFixture(Path root) {
        this.root = root;
        this.home = root.resolve("home");
        this.project = root.resolve("home/work/project");
        try {
            Files.createDirectories(project.resolve(".git"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path project(String name, String content) {
        return write(project.resolve(name), content);
    }

    Path global(String content) {
        return write(home.resolve(".config/creor/creor.json"), content);
    }

    ConfigFixture env(String name, String value) {
        env.put(name, value);
        return this;
    }

    ConfigLoader.Builder loader() {
        return loader(project);
    }

    ConfigLoader.Builder loader(Path workingDirectory) {
        return ConfigLoader.builder(workingDirectory, home).environment(Environment.of(env)).projectTrust(projectTrust);
    }

    /** From now on the loaders trust no project file. */
    ConfigFixture untrusted() {
        return trusting(ProjectTrust.none());
    }

    /** From now on the loaders trust what this says. */
    ConfigFixture trusting(ProjectTrust trust) {
        this.projectTrust = trust;
        return this;
    }

    ConfigLoader.Builder loaderWithOpenRouter() {
        return loader().providerSchemas(Map.of("openrouter", OPENROUTER_FRAGMENT));
    }

    LoadedConfig load() {
        return loaderWithOpenRouter().build().load();
    }
}
