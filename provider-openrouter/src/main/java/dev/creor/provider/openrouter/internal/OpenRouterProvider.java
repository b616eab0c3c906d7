package dev.creor.provider.openrouter.internal;

import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.chat.ChatModel;
import dev.creor.spi.KeyInspector;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderSettings;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The OpenRouter provider: a chat model, a model catalog and a key inspector sharing one pooled
 * HTTP client.
 *
 * <p>It runs on the host's Vert.x instance when the context shares one, and otherwise on one of
 * its own, which {@link #close()} closes and waits for (a few seconds at most) so that no thread
 * of the provider outlives it.
 */
public final class OpenRouterProvider implements Provider {
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final OpenRouterTransport transport;
    private final OpenRouterChatModel chatModel;
    private final OpenRouterModelCatalog catalog;
    private final OpenRouterKeyInspector keyInspector;
    private final System.Logger logger;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OpenRouterProvider(OpenRouterSettings settings, ProviderContext context) {
        Optional<Vertx> shared = context.sharedResource(Vertx.class);
        this.vertx = shared.orElseGet(Vertx::vertx);
        this.ownsVertx = shared.isEmpty();
        this.logger = context.logger();
        this.transport = new OpenRouterTransport(vertx, settings, context.userAgent(), context.clock());
        this.catalog = new OpenRouterModelCatalog(transport,
                new CatalogCache(context.cacheDirectory(), settings.baseUrl()), context.blockingExecutor(),
                context.logger());
        this.chatModel = new OpenRouterChatModel(transport, catalog);
        this.keyInspector = new OpenRouterKeyInspector(transport);
    }

    /**
     * Creates the provider.
     *
     * @throws dev.creor.core.CreorException with {@code CONFIG_INVALID} naming the bad setting
     */
    public static OpenRouterProvider create(ProviderSettings settings, ProviderContext context) {
        OpenRouterSettings checked = OpenRouterSettings.from(settings);
        return new OpenRouterProvider(checked, context);
    }

    @Override
    public ChatModel chatModel() {
        return chatModel;
    }

    @Override
    public ModelCatalog catalog() {
        return catalog;
    }

    @Override
    public Optional<KeyInspector> keyInspector() {
        return Optional.of(keyInspector);
    }

    /**
     * Closes the HTTP client and, when the provider started its own Vert.x, Vert.x too. Called
     * off the event loop, it waits until Vert.x's threads have stopped (the SPI's close is
     * synchronous, and "no thread survives close()" is the contract); on an event-loop thread it
     * cannot wait for its own thread, so it only starts the shutdown.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            transport.close();
        } catch (RuntimeException e) {
            logger.log(System.Logger.Level.DEBUG, "closing the OpenRouter HTTP client failed", e);
        }
        if (!ownsVertx) {
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        vertx.close().onComplete(ignored -> stopped.countDown());
        if (Context.isOnVertxThread()) {
            return;
        }
        try {
            if (!stopped.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                logger.log(System.Logger.Level.WARNING, "the OpenRouter provider's Vert.x did not stop within "
                        + CLOSE_WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "OpenRouterProvider[" + transport.settings() + "]";
    }
}
