package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.spi.ProviderSettings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the provider does without reaching any server: checks before sending, the catalog's
 * offline fallbacks, and closing. The base URL points at a loopback port nothing listens on,
 * so any request that did go out would fail with a connection error instead.
 */
class OpenRouterProviderOfflineTest {
    private static final Secret KEY = Secret.of("sk-or-v1-" + "0123456789abcdef".repeat(4));
    private static final ModelRef SONNET = ModelRef.parse("openrouter/anthropic/claude-sonnet-4");

    @TempDir
    Path cache;
    private TestContext context;
    private String deadBaseUrl;

    @BeforeEach
    void setUp() throws IOException {
        context = new TestContext(cache);
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadBaseUrl = "http://127.0.0.1:" + socket.getLocalPort() + "/api/v1";
        }
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        context.close();
    }

    @Test
    void withoutAKeyChatAndStreamFailWithAuthMissingBeforeSendingAnything() throws Exception {
        try (OpenRouterProvider provider = provider(settings().build())) {
            assertThatThrownBy(() -> provider.chatModel().chat(request()).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(CreorException.class,
                            error -> assertThat(error.code()).isEqualTo(ErrorCode.AUTH_MISSING));

            List<ChatEvent> events = collect(provider.chatModel().stream(request()));
            assertThat(events).hasSize(1).first().isInstanceOfSatisfying(ChatEvent.Failed.class, failed -> {
                assertThat(failed.error().code()).isEqualTo(ErrorCode.AUTH_MISSING);
                assertThat(failed.error().hint()).hasValueSatisfying(hint ->
                        assertThat(hint).contains("creor auth login openrouter", "OPENROUTER_API_KEY"));
            });
        }
    }

    @Test
    void anUnreachableServerIsProviderUnavailableNamingTheAddress() throws Exception {
        try (OpenRouterProvider provider = provider(settings().credential(KEY).build())) {
            assertThatThrownBy(() -> provider.chatModel().chat(request()).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
                        assertThat(error.getMessage()).contains("could not connect", "127.0.0.1");
                        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("baseURL"));
                    });
        }
    }

    @Test
    void offlineTheCatalogFallsBackToTheBundledListWithAWarning() throws Exception {
        try (OpenRouterProvider provider = provider(settings().build())) {
            List<ModelInfo> models = provider.catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(models).extracting(model -> model.ref().toString()).contains(SONNET.toString());
            assertThat(context.logger.messages).anySatisfy(message -> assertThat(message)
                    .startsWith("WARNING").contains("could not fetch the OpenRouter model list", "bundled"));
        }
    }

    @Test
    void offlineAnExpiredDiskCacheIsPreferredToTheBundledList() throws Exception {
        ProviderSettings settings = settings().options(Map.of("baseURL", deadBaseUrl, "catalogTtl", 1000)).build();
        OpenRouterSettings checked = OpenRouterSettings.from(settings);
        new CatalogCache(cache, checked.baseUrl()).write(new CatalogCache.Entry(Instant.parse("2020-01-01T00:00:00Z"),
                "{\"data\":[{\"id\":\"vendor/only-in-the-cache\"}]}".getBytes(StandardCharsets.UTF_8)));
        try (OpenRouterProvider provider = provider(settings)) {
            List<ModelInfo> models = provider.catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(models).extracting(model -> model.ref().model()).containsExactly("vendor/only-in-the-cache");
            assertThat(context.logger.messages).anySatisfy(message -> assertThat(message)
                    .contains("using the list cached at 2020-01-01T00:00:00Z"));
        }
    }

    @Test
    void aFreshDiskCacheIsUsedWithoutAskingTheNetwork() throws Exception {
        ProviderSettings settings = settings().build();
        new CatalogCache(cache, OpenRouterSettings.from(settings).baseUrl()).write(new CatalogCache.Entry(Instant.now(),
                "{\"data\":[{\"id\":\"vendor/fresh\"},{\"id\":\"other/model\"}]}".getBytes(StandardCharsets.UTF_8)));
        try (OpenRouterProvider provider = provider(settings)) {
            assertThat(provider.catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .extracting(model -> model.ref().model()).containsExactly("vendor/fresh", "other/model");
            assertThat(context.logger.messages).isEmpty();
        }
    }

    @Test
    void refreshBypassesTheCacheAndFailsWhenTheNetworkDoes() throws Exception {
        ProviderSettings settings = settings().build();
        new CatalogCache(cache, OpenRouterSettings.from(settings).baseUrl()).write(new CatalogCache.Entry(Instant.now(),
                "{\"data\":[{\"id\":\"vendor/fresh\"}]}".getBytes(StandardCharsets.UTF_8)));
        try (OpenRouterProvider provider = provider(settings)) {
            assertThatThrownBy(() -> provider.catalog().refresh().toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(CreorException.class,
                            error -> assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
        }
    }

    @Test
    void theWhitelistAndBlacklistFilterTheListing() throws Exception {
        ProviderSettings settings = settings()
                .modelFilter(ModelFilter.of(List.of("openai/*", "anthropic/claude-sonnet-4"), List.of("*-mini"))).build();
        try (OpenRouterProvider provider = provider(settings)) {
            List<String> ids = provider.catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS).stream()
                    .map(model -> model.ref().model()).toList();

            assertThat(ids).contains("openai/gpt-4o", "openai/o3", "anthropic/claude-sonnet-4")
                    .doesNotContain("openai/gpt-4o-mini", "openai/o4-mini", "anthropic/claude-opus-4",
                            "google/gemini-2.5-flash");
            assertThat(provider.catalog().find("openai/gpt-4o").toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isPresent();
            assertThat(provider.catalog().find("google/gemini-2.5-flash").toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isEmpty();
        }
    }

    @Test
    void anUnknownModelErrorGetsDidYouMeanSuggestions() throws Exception {
        try (OpenRouterProvider provider = provider(settings().build())) {
            OpenRouterModelCatalog catalog = (OpenRouterModelCatalog) provider.catalog();
            CreorException notFound = CreorException.builder(ErrorCode.MODEL_NOT_FOUND, "no such model")
                    .httpStatus(404).build();

            CreorException enriched = catalog.withSuggestions(notFound, "anthropic/claude-sonet-4")
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);

            assertThat(enriched.getMessage()).contains("did you mean \"anthropic/claude-sonnet-4\"");
            assertThat(enriched.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
            assertThat(enriched.httpStatus()).hasValue(404);
        }
    }

    @Test
    void closingAProviderWithItsOwnVertxLeavesNoThreadBehind() throws Exception {
        Set<Thread> before = vertxThreads();
        OpenRouterProvider provider = provider(settings().credential(KEY).build());
        // Make the provider actually use its event loop.
        collect(provider.chatModel().stream(request()));
        assertThat(vertxThreads()).isNotEqualTo(before);

        provider.close();
        provider.close();

        Set<Thread> left = vertxThreads();
        left.removeAll(before);
        // close() returns once Vert.x reports its event loops terminated; a thread may still be
        // leaving its run method at that instant.
        for (Thread thread : left) {
            thread.join(5000);
        }
        assertThat(left).noneMatch(Thread::isAlive);
    }

    @Test
    void aClosedProviderSaysSoInsteadOfFailingToConnect() throws Exception {
        OpenRouterProvider provider = provider(settings().credential(KEY).build());
        provider.close();

        assertThatThrownBy(() -> provider.chatModel().chat(request()).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.USAGE);
                    assertThat(error.getMessage()).contains("is closed");
                });
        assertThatThrownBy(() -> provider.keyInspector().orElseThrow().inspect(KEY).toCompletableFuture()
                .get(5, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(CreorException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.USAGE));
        assertThat(collect(provider.chatModel().stream(request()))).singleElement()
                .isInstanceOfSatisfying(ChatEvent.Failed.class,
                        failed -> assertThat(failed.error().code()).isEqualTo(ErrorCode.USAGE));
    }

    @Test
    void aSharedVertxIsUsedAndLeftRunning() throws Exception {
        Vertx shared = Vertx.vertx();
        try (TestContext sharing = new TestContext(cache, java.time.Clock.systemUTC(), shared)) {
            OpenRouterProvider provider = OpenRouterProvider.create(settings().credential(KEY).build(), sharing.context());
            List<ChatEvent> events = collect(provider.chatModel().stream(request()));
            assertThat(events).last().isInstanceOf(ChatEvent.Failed.class);
            provider.close();

            CompletableFuture<String> stillRunning = new CompletableFuture<>();
            shared.runOnContext(ignored -> stillRunning.complete(Thread.currentThread().getName()));
            assertThat(stillRunning.get(5, TimeUnit.SECONDS)).startsWith("vert.x-eventloop");
        } finally {
            shared.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private ProviderSettings.Builder settings() {
        return ProviderSettings.builder("openrouter").options(Map.of("baseURL", deadBaseUrl));
    }

    private OpenRouterProvider provider(ProviderSettings settings) {
        return OpenRouterProvider.create(settings, context.context());
    }

    private static ChatRequest request() {
        return ChatRequest.builder().model(SONNET).addMessage(Message.user("hi")).build();
    }

    private static Set<Thread> vertxThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().startsWith("vert.x-"))
                .collect(Collectors.toSet());
    }

    static List<ChatEvent> collect(Flow.Publisher<ChatEvent> publisher) throws Exception {
        CompletableFuture<List<ChatEvent>> done = new CompletableFuture<>();
        List<ChatEvent> events = new ArrayList<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ChatEvent item) {
                events.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(events);
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }
}
