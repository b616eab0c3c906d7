package dev.creor.provider.openrouter.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the sandbox's wire tests share: one sandbox per test class (classes run one after
 * another), a raw client for it, and no script or recorded request left over from the test before.
 */
abstract class SandboxWireTest {
    static OpenRouterSandbox sandbox;
    static SandboxClient client;

    @BeforeAll
    static void start() {
        sandbox = OpenRouterSandbox.start();
        client = new SandboxClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.clearScripts();
        sandbox.clearRequests();
    }
}
