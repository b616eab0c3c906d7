package dev.creor.spi;

import java.util.concurrent.CompletionStage;

/**
 * Starts an offline stand-in for a provider's service on loopback: a server that speaks the
 * provider's protocol with deterministic answers, for {@code creor demo}, {@code creor sandbox}
 * and tests that must not reach the network.
 */
@FunctionalInterface
public interface SandboxLauncher {

    /** Starts a sandbox; completes once it accepts connections. */
    CompletionStage<RunningSandbox> start(SandboxOptions options);
}
