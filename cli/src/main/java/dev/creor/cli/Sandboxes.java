package dev.creor.cli;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The offline sandbox the command line ships: OpenRouter's. A sandbox is a development tool of
 * the command line, not part of a provider's contract, so plugins offer none (they test against
 * doubles of their own).
 */
final class Sandboxes {
    /** The provider whose service the sandbox stands in for. */
    static final String PROVIDER = "openrouter";
    /** How many recent requests a sandbox started from the command line keeps for inspection. */
    static final int RECORD_LIMIT = 1_000;

    private Sandboxes() {
    }

    /**
     * Starts OpenRouter's sandbox on 127.0.0.1 and waits until it listens.
     *
     * @param provider the provider asked for with {@code --provider}, if any: only {@code openrouter}
     * @param port     the port; 0 for any free one
     * @param script   a script file as docs/sandbox.md describes
     */
    static OpenRouterSandbox start(Optional<String> provider, int port, Optional<Path> script) {
        provider.filter(id -> !id.equals(PROVIDER)).ifPresent(id -> {
            throw CreorException.builder(ErrorCode.USAGE, "provider \"" + id + "\" ships no sandbox")
                    .hint("the sandbox stands in for " + PROVIDER + "; leave out --provider").build();
        });
        OpenRouterSandbox.Builder sandbox = OpenRouterSandbox.builder().port(port).recordLimit(RECORD_LIMIT);
        script.ifPresent(sandbox::script);
        return sandbox.start();
    }
}
