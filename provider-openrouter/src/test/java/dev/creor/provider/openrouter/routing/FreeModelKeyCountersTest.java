package dev.creor.provider.openrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.RouteAttempt;
import dev.creor.core.Scheduler;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.routing.ModelRouter;
import dev.creor.core.routing.RouteTarget;
import dev.creor.core.testing.VirtualScheduler;
import dev.creor.provider.openrouter.OpenRouterProviderFactory;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.provider.openrouter.sandbox.RecordedRequest;
import dev.creor.spi.Provider;
import dev.creor.testkit.RecordingSubscriber;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderSettings;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A free model's 429 that names no reset (the bare {@code "Rate limit exceeded:
 * free-models-per-day."} some of OpenRouter's answers are): only {@code GET /key}'s
 * {@code free_model_daily_requests} says whether the day's free requests are used up (fall back at
 * once: nothing frees up before 00:00 UTC) or this was the per-minute cap (wait for the next
 * minute). The sandbox's {@code /key} counts the free answers it served on the sandbox's day; one
 * virtual clock drives the sandbox, the adapter and the router, so nothing sleeps.
 */
class FreeModelKeyCountersTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FREE = "meta-llama/llama-3.3-70b-instruct:free";
    private static final ModelRef FREE_REF = ModelRef.parse("openrouter/" + FREE);
    private static final ModelRef PAID_REF = ModelRef.parse("openrouter/openai/gpt-4o");
    private static final Instant START = VirtualScheduler.DEFAULT_START;

    private static Vertx vertx;

    @TempDir
    Path cacheDirectory;
    private VirtualScheduler time;
    private OpenRouterSandbox sandbox;
    private ScheduledExecutorService timers;
    private ExecutorService blocking;
    private Provider provider;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void start() {
        timers = Executors.newSingleThreadScheduledExecutor();
        blocking = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() throws Exception {
        if (provider != null) {
            provider.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (time != null) {
            time.close();
        }
        timers.shutdownNow();
        blocking.shutdownNow();
    }

    /** Starts the sandbox on an auto-advancing virtual clock at {@code start}. */
    private void begin(Instant start) {
        time = VirtualScheduler.autoAdvancing(start);
        sandbox = OpenRouterSandbox.builder().vertx(vertx).clock(time.clock()).start();
    }

    @Test
    void aUsedUpDailyCapFallsBackAtOnceNamingTheCapAndItsReset() throws Exception {
        begin(START.plus(Duration.ofHours(20)));
        sandbox.freeTier(true);
        sandbox.limitFreeModelsWithoutReset(1, Duration.ofDays(1));
        ModelRouter router = router(target -> target.nativeFallbacks(false));
        chat(router, request(FREE_REF));
        sandbox.clearRequests();

        ChatResponse answer = chat(router, request(FREE_REF, PAID_REF));

        assertThat(answer.route().summary()).isEqualTo(FREE_REF + " FAILED RATE_LIMITED → " + PAID_REF + " SUCCEEDED");
        assertThat(answer.route().attempts().get(0).detail().orElseThrow())
                .startsWith(FREE_REF + " asks to wait 4 h before trying again, longer than the 1 min the retry policy"
                        + " waits (maxRetryAfter); try again at 2026-01-02T00:00:00Z (in 4 h).")
                .contains("the daily cap on free-model requests is used up (1 of 1 today");
        assertThat(time.elapsed()).isZero();
        assertThat(paths()).containsExactly("chat " + FREE, "/api/v1/key", "chat openai/gpt-4o");
    }

    @Test
    void aStreamedRequestFallsBackAtOnceToo() throws Exception {
        begin(START.plus(Duration.ofHours(20)));
        sandbox.limitFreeModelsWithoutReset(1, Duration.ofDays(1));
        ModelRouter router = router(target -> target.nativeFallbacks(false));
        chat(router, request(FREE_REF));

        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll();
        router.stream(request(FREE_REF, PAID_REF)).subscribe(subscriber);

        assertThat(subscriber.awaitSettled(WAIT)).as("the stream ended").isTrue();
        ChatEvent last = subscriber.events().get(subscriber.events().size() - 1);
        assertThat(last).isInstanceOfSatisfying(ChatEvent.Completed.class, completed -> {
            assertThat(completed.metadata().route().summary())
                    .isEqualTo(FREE_REF + " FAILED RATE_LIMITED → " + PAID_REF + " SUCCEEDED");
            assertThat(completed.metadata().route().attempts().get(0).detail().orElseThrow())
                    .contains("the daily cap on free-model requests is used up (1 of 1 today");
        });
        assertThat(time.elapsed()).isZero();
    }

    @Test
    void withoutAFallbackTheDailyCapFailsSayingWhenItResetsAndHowToRaiseIt() throws Exception {
        begin(START.plus(Duration.ofHours(23)));
        sandbox.freeTier(true);
        sandbox.limitFreeModelsWithoutReset(50, Duration.ofDays(1));
        ModelRouter router = router(target -> target);
        for (int i = 0; i < 50; i++) {
            chat(router, request(FREE_REF));
        }
        sandbox.clearRequests();

        CreorException error = chatFailure(router, request(FREE_REF));

        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.retryAfter()).hasValue(Duration.ofHours(1));
        assertThat(error.getMessage()).contains("try again at 2026-01-02T00:00:00Z",
                "the daily cap on free-model requests is used up (50 of 50 today", "free-models-per-day");
        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("add a fallback model"));
        assertThat(paths()).containsExactly("chat " + FREE, "/api/v1/key");
    }

    @Test
    void aPerMinuteBurstWaitsForTheNextMinuteAndAsksTheKeyOnce() throws Exception {
        begin(START.plusSeconds(15));
        sandbox.limitFreeModelsWithoutReset(1, Duration.ofMinutes(1));
        ModelRouter router = router(target -> target);
        chat(router, request(FREE_REF));
        sandbox.clearRequests();

        ChatResponse answer = chat(router, request(FREE_REF));

        assertThat(answer.route().summary()).isEqualTo(FREE_REF + " FAILED RATE_LIMITED → " + FREE_REF + " SUCCEEDED");
        // 999 of the day's 1,000 free requests are left, so the 429 at 00:00:15 is the minute's: 45 s to 00:01:00.
        assertThat(answer.route().attempts()).extracting(RouteAttempt::waitBefore)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(45));
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(45));
        assertThat(answer.route().attempts().get(0).detail().orElseThrow())
                .contains("free-models-per-min", "999 of today's 1000 free-model requests left", "the per-minute cap");
        assertThat(paths()).containsExactly("chat " + FREE, "/api/v1/key", "chat " + FREE);
    }

    @Test
    void aFailingKeyEndpointLeavesThe429ItsUsualBackOffs() throws Exception {
        begin(START.plusSeconds(15));
        sandbox.limitFreeModelsWithoutReset(1, Duration.ofMinutes(1));
        sandbox.failKeyRequests(true);
        ModelRouter router = router(target -> target);
        chat(router, request(FREE_REF));
        sandbox.clearRequests();

        CreorException error = chatFailure(router, request(FREE_REF));

        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.getMessage()).contains("free-models-per-min").doesNotContain("/key", "HTTP 500");
        assertThat(error.route().attempts()).hasSizeGreaterThan(1)
                .allSatisfy(attempt -> assertThat(attempt.errorCode()).hasValue(ErrorCode.RATE_LIMITED))
                .allSatisfy(attempt -> assertThat(attempt.waitBefore()).isLessThan(Duration.ofSeconds(10)));
        // The key was asked once: its failure is kept as briefly as an answer, not asked again per retry.
        assertThat(paths()).filteredOn(path -> path.equals("/api/v1/key")).hasSize(1);
        assertThat(paths()).filteredOn(path -> path.startsWith("chat ")).hasSize(error.route().attempts().size());
    }

    @Test
    void aPaidModelsRateLimitNeverAsksTheKey() throws Exception {
        begin(START);
        sandbox.script("openai/gpt-4o", dev.creor.provider.openrouter.sandbox.SandboxBehaviour.status(429).times(1),
                dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply("ok"));

        chat(router(target -> target), request(PAID_REF));

        assertThat(paths()).containsExactly("chat openai/gpt-4o", "chat openai/gpt-4o");
    }

    /** What the sandbox received: {@code chat <model>} for a chat request, the path otherwise. */
    private List<String> paths() {
        return sandbox.requests().stream().map(FreeModelKeyCountersTest::describe).toList();
    }

    private static String describe(RecordedRequest recorded) {
        return recorded.path().endsWith("/chat/completions") ? "chat " + recorded.model().orElse("?") : recorded.path();
    }

    private ModelRouter router(UnaryOperator<RouteTarget.Builder> target) {
        ProviderSettings settings = ProviderSettings.builder("openrouter")
                .options(sandbox.providerOptions())
                .credential(sandbox.apiKey())
                .connectTimeout(Duration.ofSeconds(2))
                .chunkTimeout(Duration.ofSeconds(5))
                .build();
        // The adapter reads /key's day and the next minute against the same virtual clock the sandbox and the router use.
        ProviderContext context = ProviderContext.builder(Scheduler.using(timers, time.clock()), blocking, cacheDirectory)
                .sharedResource(Vertx.class, vertx)
                .build();
        provider = new OpenRouterProviderFactory().create(settings, context);
        return ModelRouter.builder(time).random(new SplittableRandom(7))
                .provider("openrouter", target.apply(RouteTarget.builder(provider.chatModel()).nativeFallbacks(true))
                        .build())
                .build();
    }

    private static ChatRequest request(ModelRef model, ModelRef... fallbacks) {
        return ChatRequest.builder().model(model).fallbacks(List.of(fallbacks))
                .addMessage(Message.user("Say hello to the sandbox."))
                .build();
    }

    private static ChatResponse chat(ModelRouter router, ChatRequest request) throws Exception {
        return router.chat(request).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static CreorException chatFailure(ModelRouter router, ChatRequest request) throws Exception {
        CompletableFuture<ChatResponse> answer = router.chat(request);
        try {
            ChatResponse unexpected = answer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got an answer routed " + unexpected.route().summary());
        } catch (ExecutionException failed) {
            assertThat(failed.getCause()).isInstanceOf(CreorException.class);
            return (CreorException) failed.getCause();
        }
    }
}
