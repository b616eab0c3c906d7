package dev.creor.cli;

import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the process tests of commands that reach OpenRouter share: one sandbox per test class
 * (classes run one after another), and per test a temporary home whose global config points
 * OpenRouter at the sandbox (a trusted place: a project file may not move requests), an empty
 * project, and the sandbox's scripts and recorded requests cleared.
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
        CliFixtures.writeGlobalConfig(home, CliFixtures.sandboxConfig(sandbox));
    }
}
