package dev.creor.cli;

import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the process tests of commands that reach OpenRouter share: one sandbox per test class
 * (classes run one after another), and per test a temporary home and a project whose config
 * points OpenRouter at the sandbox, with the sandbox's scripts and recorded requests cleared.
 */
abstract class SandboxCommandTest {
    static OpenRouterSandbox sandbox;

    @TempDir
    Path home;
    @TempDir
    Path project;

    @BeforeAll
    static void startSandbox() {
        sandbox = OpenRouterSandbox.start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void pointAtACleanSandbox() {
        sandbox.clearScripts();
        sandbox.clearRequests();
        CliFixtures.writeConfig(project, CliFixtures.config(sandbox, ""));
    }
}
