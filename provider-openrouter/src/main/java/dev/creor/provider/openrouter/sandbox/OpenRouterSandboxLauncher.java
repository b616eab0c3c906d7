package dev.creor.provider.openrouter.sandbox;

import dev.creor.spi.RunningSandbox;
import dev.creor.spi.SandboxLauncher;
import dev.creor.spi.SandboxOptions;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Starts an {@link OpenRouterSandbox} for the provider SPI: what {@code creor sandbox} and the
 * offline {@code creor demo} run. The sandbox listens on 127.0.0.1 at the options' port (0 for
 * any free one), loads the options' script file if there is one, and keeps only its last
 * {@value #RECORD_LIMIT} recorded requests, since it may run for a long time.
 *
 * <p>The {@link RunningSandbox} it gives is the {@link OpenRouterSandbox} itself: its
 * {@link RunningSandbox#providerOptions()} are {@code {"baseURL": "http://127.0.0.1:PORT/api/v1"}}
 * and its {@link RunningSandbox#apiKey()} is the key it accepts.
 */
public final class OpenRouterSandboxLauncher implements SandboxLauncher {
    /** How many recent requests a launched sandbox keeps for inspection. */
    public static final int RECORD_LIMIT = 1_000;

    private final Vertx vertx;

    /** A launcher whose sandboxes each run on a Vert.x instance of their own, closed with them. */
    public OpenRouterSandboxLauncher() {
        this.vertx = null;
    }

    /** A launcher whose sandboxes run on the given Vert.x instance, which they never close. */
    public OpenRouterSandboxLauncher(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx is null");
    }

    /**
     * Starts a sandbox; the stage fails with a {@link dev.creor.core.CreorException} when the
     * port is taken ({@code IO_ERROR}) or the script is unreadable ({@code IO_ERROR}) or invalid
     * ({@code CONFIG_INVALID}).
     */
    @Override
    public CompletionStage<RunningSandbox> start(SandboxOptions options) {
        Objects.requireNonNull(options, "options is null");
        OpenRouterSandbox.Builder builder = OpenRouterSandbox.builder().port(options.port()).recordLimit(RECORD_LIMIT);
        options.script().ifPresent(builder::script);
        if (vertx != null) {
            builder.vertx(vertx);
        }
        return builder.startAsync().thenApply(sandbox -> sandbox);
    }

    /** {@code OpenRouterSandboxLauncher}. */
    @Override
    public String toString() {
        return "OpenRouterSandboxLauncher";
    }
}
