package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the whole stack offline, with no key, no network and no config of the user's. */
class DemoIT {
    @TempDir
    Path home;

    @Test
    void theDemoRoutesEveryAgentThroughTheSandboxAndSurvivesTheOutage() throws Exception {
        CreorProcess.Result result = CreorProcess.inHome(home).run("demo");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout())
                .contains("▶ build (openrouter/anthropic/claude-sonnet-4", "▶ plan (openrouter/openai/o3",
                        "▶ explore (openrouter/google/gemini-2.5-flash")
                .contains("Hello from the Creor sandbox (anthropic/claude-sonnet-4)")
                .contains("openrouter/openai/o3 FAILED PROVIDER_UNAVAILABLE → (waited")
                .contains("answered by openrouter/openai/gpt-4o-mini")
                .contains("Every request went through config → agents → router → OpenRouter adapter → HTTP.");
        assertThat(result.stderr()).isEmpty();
        try (Stream<Path> files = Files.walk(home)) {
            assertThat(files.filter(Files::isRegularFile)).as("nothing written to the home directory").isEmpty();
        }
    }
}
