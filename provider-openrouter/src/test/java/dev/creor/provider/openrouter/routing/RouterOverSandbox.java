package dev.creor.provider.openrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.ModelRef;
import dev.creor.core.RouteAttempt;
import dev.creor.core.RouteReport;
import dev.creor.core.Scheduler;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.routing.ModelRouter;
import dev.creor.core.routing.RouteTarget;
import dev.creor.testkit.RecordingSubscriber;
import dev.creor.core.testing.VirtualScheduler;
import dev.creor.provider.openrouter.OpenRouterProviderFactory;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderSettings;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router in front of the real OpenRouter adapter, talking HTTP to the sandbox over
 * loopback: one sandbox and one shared Vert.x per test class, fresh providers and a fresh router
 * for each test.
 *
 * <p>Two clocks run side by side, on purpose. The adapter's time limits (connect, chunk, total)
 * are real, because they race real sockets: generous by default, so that a busy machine does
 * not turn an answer into a timeout, and a short {@link #STALL_TIMEOUT} where a test wants the
 * chunk timeout to fire. The router's waits (back-off,
 * {@code Retry-After}) run on an auto-advancing {@link VirtualScheduler}: each wait ends as soon
 * as nothing else is runnable, and {@link #time}'s elapsed time says exactly how long the router
 * waited, without the test sleeping.
 */
abstract class RouterOverSandbox {
    static final Duration WAIT = Duration.ofSeconds(10);
    /** The chunk timeout of tests that stall the sandbox on purpose. */
    static final Duration STALL_TIMEOUT = Duration.ofMillis(300);
    /** The chunk timeout otherwise: long enough for any answer on a loaded machine. */
    static final Duration RELAXED_TIMEOUT = Duration.ofSeconds(5);
    static final String REPLY = "alpha beta gamma delta";
    static final String PRIMARY = "anthropic/claude-sonnet-4";
    static final String FALLBACK = "openai/gpt-4o";
    static final ModelRef PRIMARY_REF = ModelRef.parse("openrouter/" + PRIMARY);
    static final ModelRef FALLBACK_REF = ModelRef.parse("openrouter/" + FALLBACK);
    static final long SEED = 11;

    static OpenRouterSandbox sandbox;
    static Vertx vertx;

    @TempDir
    Path cacheDirectory;
    VirtualScheduler time;
    private ScheduledExecutorService timers;
    private ExecutorService blocking;
    private final List<Provider> providers = new ArrayList<>();

    @BeforeAll
    static void startSandbox() throws Exception {
        vertx = Vertx.vertx();
        sandbox = OpenRouterSandbox.start();
        warmUp();
    }

    /**
     * One answer, whole and streamed, before the tests: the first request of a JVM loads and
     * compiles much of the HTTP and JSON stack, which could take longer than a short chunk timeout.
     */
    private static void warmUp() throws Exception {
        ScheduledExecutorService warmUpTimers = Executors.newSingleThreadScheduledExecutor();
        ExecutorService warmUpBlocking = Executors.newSingleThreadExecutor();
        Path cache = java.nio.file.Files.createTempDirectory("router-warm-up");
        try (Provider provider = new OpenRouterProviderFactory().create(ProviderSettings.builder("openrouter")
                        .options(sandbox.providerOptions()).credential(sandbox.apiKey()).build(),
                ProviderContext.builder(Scheduler.using(warmUpTimers, Clock.systemUTC()), warmUpBlocking, cache)
                        .sharedResource(Vertx.class, vertx).build())) {
            ChatRequest request = request(PRIMARY_REF);
            provider.chatModel().chat(request).toCompletableFuture().get(30, TimeUnit.SECONDS);
            dev.creor.core.internal.chat.ChatResponseCollector.collect(provider.chatModel().stream(request)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
        } finally {
            warmUpTimers.shutdownNow();
            warmUpBlocking.shutdownNow();
            java.nio.file.Files.deleteIfExists(cache);
        }
    }

    @AfterAll
    static void stopSandbox() throws Exception {
        sandbox.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void freshState() {
        sandbox.clearScripts();
        sandbox.clearRequests();
        time = VirtualScheduler.autoAdvancing();
        timers = Executors.newSingleThreadScheduledExecutor();
        blocking = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void release() throws InterruptedException {
        providers.forEach(Provider::close);
        providers.clear();
        time.close();
        timers.shutdownNow();
        blocking.shutdownNow();
        assertThat(blocking.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    /**
     * Real time, for a router whose own time limit must race real sockets (the virtual
     * {@link #time} would end any wait at once, a time limit included).
     */
    Scheduler realTime() {
        return Scheduler.using(timers, Clock.systemUTC());
    }

    /** The OpenRouter provider pointed at the sandbox, with short real time limits. */
    Provider provider() {
        return provider("openrouter", settings -> settings);
    }

    /** A provider with the given id, pointed at the sandbox, with settings adjusted by the test. */
    Provider provider(String providerId, UnaryOperator<ProviderSettings.Builder> adjust) {
        ProviderSettings.Builder settings = ProviderSettings.builder(providerId)
                .options(sandbox.providerOptions())
                .credential(sandbox.apiKey())
                .connectTimeout(Duration.ofSeconds(2))
                .chunkTimeout(RELAXED_TIMEOUT)
                .totalTimeout(Duration.ofSeconds(10));
        ProviderContext context = ProviderContext.builder(Scheduler.using(timers, Clock.systemUTC()), blocking,
                        cacheDirectory.resolve(providerId))
                .sharedResource(Vertx.class, vertx)
                .userAgent("creor-router-test/1.0")
                .build();
        Provider provider = new OpenRouterProviderFactory().create(adjust.apply(settings).build(), context);
        providers.add(provider);
        return provider;
    }

    /**
     * A router with an OpenRouter provider as {@code openrouter}, declaring native fallbacks as
     * OpenRouter does; the provider's settings and the route target adjusted by the test.
     */
    ModelRouter router(UnaryOperator<ProviderSettings.Builder> settings, UnaryOperator<RouteTarget.Builder> target) {
        Provider provider = provider("openrouter", settings);
        return ModelRouter.builder(time).random(new SplittableRandom(SEED))
                .provider("openrouter", target.apply(RouteTarget.builder(provider.chatModel()).nativeFallbacks(true))
                        .build())
                .build();
    }

    ModelRouter router() {
        return router(settings -> settings, target -> target);
    }

    /** A router whose OpenRouter target tries fallbacks one by one, client-side. */
    ModelRouter clientSideRouter() {
        return router(settings -> settings, target -> target.nativeFallbacks(false));
    }

    /** A router whose provider gives up on a silent connection after {@code chunkTimeout}. */
    ModelRouter routerTimingOutAfter(Duration chunkTimeout) {
        return router(settings -> settings.chunkTimeout(chunkTimeout), target -> target);
    }

    static ChatRequest request(ModelRef model, ModelRef... fallbacks) {
        return ChatRequest.builder().model(model).fallbacks(Arrays.asList(fallbacks))
                .addMessage(Message.system("Be brief."))
                .addMessage(Message.user("Say hello to the sandbox."))
                .build();
    }

    static ChatResponse chat(ModelRouter router, ChatRequest request) throws Exception {
        return router.chat(request).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    static CreorException chatFailure(ModelRouter router, ChatRequest request) throws Exception {
        CompletableFuture<ChatResponse> answer = router.chat(request);
        try {
            ChatResponse unexpected = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got an answer routed " + unexpected.route().summary());
        } catch (ExecutionException failed) {
            assertThat(failed.getCause()).isInstanceOf(CreorException.class);
            return (CreorException) failed.getCause();
        }
    }

    /** Streams the request through the router to its end, requesting everything, and checks the stream behaved. */
    static RecordingSubscriber<ChatEvent> stream(ModelRouter router, ChatRequest request) throws InterruptedException {
        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll();
        router.stream(request).subscribe(subscriber);
        assertThat(subscriber.awaitSettled(WAIT)).as("the stream ended").isTrue();
        assertThat(subscriber.violations()).isEmpty();
        assertThat(subscriber.isCompleted()).isTrue();
        assertThat(subscriber.events().stream().filter(event -> event instanceof ChatEvent.Completed
                || event instanceof ChatEvent.Failed)).as("exactly one terminal event").hasSize(1);
        return subscriber;
    }

    /** The models of the chat requests the sandbox received, in order. */
    static List<String> chatRequests() {
        return sandbox.requests().stream().filter(recorded -> recorded.path().endsWith("/chat/completions"))
                .map(recorded -> recorded.model().orElse("?")).toList();
    }

    /** The {@code models} fallback list the sandbox received in its n-th chat request. */
    static List<Object> nativeModels(int index) {
        RecordedRequest recorded = sandbox.requests().stream()
                .filter(request -> request.path().endsWith("/chat/completions")).toList().get(index);
        Object models = recorded.body().get("models");
        return models instanceof List<?> list ? List.copyOf(list) : List.of();
    }

    static List<RouteAttempt.Outcome> outcomes(RouteReport route) {
        return route.attempts().stream().map(RouteAttempt::outcome).toList();
    }

    /** Asserts that the router waited exactly as long as its report says, and no longer than {@code most}. */
    void assertWaited(RouteReport route, Duration most) {
        assertThat(time.elapsed()).as("virtual time the router waited").isEqualTo(route.totalWait());
        assertThat(route.totalWait()).isLessThanOrEqualTo(most);
    }

    /**
     * The SSE body the sandbox writes for this step and request, fetched once over plain HTTP:
     * the oracle for byte offsets (for resets) in tests of the same step.
     */
    static byte[] sseBody(String modelId, SandboxBehaviour step) throws Exception {
        String body = "{\"model\":\"" + modelId + "\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Say hello to the sandbox.\"}]}";
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                        URI.create(sandbox.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + sandbox.apiKey().reveal())
                .header("Content-Type", "application/json")
                .header(OpenRouterSandbox.SCRIPT_HEADER, SandboxBehaviour.scriptHeader(step))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Where {@code text} starts in the body, in bytes. */
    static int byteOffsetOf(byte[] body, String text) {
        String decoded = new String(body, StandardCharsets.ISO_8859_1);
        int index = decoded.indexOf(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        assertThat(index).as("\"" + text + "\" in the body").isNotNegative();
        return index;
    }
}
