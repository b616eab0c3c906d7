package dev.creor.provider.openrouter.internal;

import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.provider.openrouter.OpenRouterProviderFactory;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderSettings;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the adapter against a real sandbox server on loopback: one sandbox and one Vert.x (the
 * host's, shared with the providers) per test class, fresh providers for each test.
 */
abstract class SandboxTestSupport {
    static final Duration WAIT = Duration.ofSeconds(10);

    static OpenRouterSandbox sandbox;
    static Vertx vertx;

    @TempDir
    Path cacheDirectory;
    TestContext testContext;
    private final List<Provider> providers = new ArrayList<>();

    @BeforeAll
    static void startSandbox() {
        vertx = Vertx.vertx();
        sandbox = OpenRouterSandbox.start();
    }

    @AfterAll
    static void stopSandbox() throws Exception {
        sandbox.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void resetSandbox() {
        sandbox.clearScripts();
        sandbox.clearRequests();
        testContext = new TestContext(cacheDirectory, java.time.Clock.systemUTC(), vertx);
    }

    @AfterEach
    void closeProviders() throws InterruptedException {
        providers.forEach(Provider::close);
        providers.clear();
        testContext.close();
    }

    /** A provider talking to the sandbox with its key and default settings. */
    Provider provider() {
        return provider(settings -> settings);
    }

    /** A provider talking to the sandbox, with settings adjusted by the test. */
    Provider provider(UnaryOperator<ProviderSettings.Builder> adjust) {
        ProviderSettings settings = adjust.apply(settingsBuilder()).build();
        Provider provider = new OpenRouterProviderFactory().create(settings, testContext.context());
        providers.add(provider);
        return provider;
    }

    static ProviderSettings.Builder settingsBuilder() {
        return ProviderSettings.builder("openrouter")
                .options(sandbox.providerOptions())
                .credential(sandbox.apiKey());
    }

    /** Sandbox options plus more. */
    static Map<String, Object> options(Object... keysAndValues) {
        Map<String, Object> options = new HashMap<>(sandbox.providerOptions());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            options.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return options;
    }

    static ChatRequest request(String modelId) {
        return request(modelId, "Say hello to the sandbox.");
    }

    static ChatRequest request(String modelId, String userText) {
        return ChatRequest.builder().model(ModelRef.parse("openrouter/" + modelId))
                .addMessage(Message.system("Be brief."))
                .addMessage(Message.user(userText))
                .build();
    }
}
