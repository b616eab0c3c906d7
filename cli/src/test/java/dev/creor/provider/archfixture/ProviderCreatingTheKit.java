package dev.creor.provider.archfixture;

import dev.creor.provider.kit.VertxProviderKit;
import io.vertx.core.Vertx;
import java.time.Clock;

/** Deliberately breaks "only the host creates the provider kit". */
public final class ProviderCreatingTheKit {
    private ProviderCreatingTheKit() {
    }

    static Object kit(Vertx vertx) {
        return new VertxProviderKit(vertx, "fixture", Clock.systemUTC());
    }
}
