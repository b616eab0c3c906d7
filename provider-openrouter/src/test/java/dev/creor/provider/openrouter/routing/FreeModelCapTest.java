package dev.creor.provider.openrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.RouteAttempt;
import dev.creor.core.Scheduler;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.routing.ModelRouter;
import dev.creor.core.routing.RouteTarget;
import dev.creor.core.testing.VirtualScheduler;
import dev.creor.provider.openrouter.OpenRouterProviderFactory;
import dev.creor.provider.openrouter.sandbox.OpenRouterSandbox;
import dev.creor.spi.Provider;
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
 * Free-model caps: once a {@code :free} variant's requests are used up, the sandbox answers 429
 * with {@code X-RateLimit-Reset} and no {@code Retry-After}, as OpenRouter does. The router must
 * not retry that with short back-offs: it waits until the reset when the wait fits the retry
 * policy and the request's time limit, and otherwise moves to the fallback at once, saying why in
 * the route report. One virtual clock drives the sandbox, the adapter and the router, so the
 * reset is exact and nothing sleeps.
 */
class FreeModelCapTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
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

    /** Starts the sandbox on the test's virtual clock. */
    private void begin(VirtualScheduler scheduler) {
        time = scheduler;
        sandbox = OpenRouterSandbox.builder().vertx(vertx).clock(time.clock()).start();
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

    @Test
    void aCapThatResetsWithinTheRetryPolicysWaitIsWaitedForExactlyOnce() throws Exception {
        begin(VirtualScheduler.autoAdvancing(START.plusSeconds(15)));
        sandbox.limitFreeModels(1, Duration.ofMinutes(1));
        ModelRouter router = router(target -> target);
        chat(router, request(FREE_REF));
        sandbox.clearRequests();

        ChatResponse answer = chat(router, request(FREE_REF));

        assertThat(answer.route().summary()).isEqualTo(FREE_REF + " FAILED RATE_LIMITED → " + FREE_REF + " SUCCEEDED");
        // The window of 00:00:00-00:01:00 resets 45 s after 00:00:15: one wait of exactly that, no back-offs.
        assertThat(answer.route().attempts()).extracting(RouteAttempt::waitBefore)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(45));
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(45));
        assertThat(sandbox.requests()).hasSize(2);
        assertThat(answer.route().attempts().get(0).detail().orElseThrow())
                .contains("free-models-per-min").contains("the limit resets at 2026-01-01T00:01:00Z");
    }

    @Test
    void aDailyCapFallsBackAtOnceWithTheReasonInTheRouteReport() throws Exception {
        begin(VirtualScheduler.autoAdvancing(START.plus(Duration.ofHours(20))));
        sandbox.limitFreeModels(0, Duration.ofDays(1));
        ModelRouter router = router(target -> target.nativeFallbacks(false));

        ChatResponse answer = chat(router, request(FREE_REF, PAID_REF));

        assertThat(answer.route().summary()).isEqualTo(FREE_REF + " FAILED RATE_LIMITED → " + PAID_REF + " SUCCEEDED");
        assertThat(answer.route().attempts().get(0).detail().orElseThrow())
                .startsWith(FREE_REF + " asks to wait 4 h before trying again, longer than the 1 min the retry policy"
                        + " waits (maxRetryAfter); try again at 2026-01-02T00:00:00Z (in 4 h).")
                .contains("HTTP 429");
        assertThat(time.elapsed()).isZero();
        assertThat(sandbox.requests()).extracting(recorded -> recorded.model().orElseThrow())
                .containsExactly(FREE, "openai/gpt-4o");
    }

    @Test
    void aResetPastTheRequestsTimeLimitFallsBackAtOnceSayingSo() throws Exception {
        // Driven by hand (and never advanced): an auto-advancing clock would end the time limit while the request is on the wire.
        begin(new VirtualScheduler(START));
        sandbox.limitFreeModels(0, Duration.ofMinutes(1));
        ModelRouter router = router(target -> target.nativeFallbacks(false).totalTimeout(Duration.ofSeconds(30)));

        ChatResponse answer = chat(router, request(FREE_REF, PAID_REF));

        assertThat(answer.route().summary()).isEqualTo(FREE_REF + " FAILED RATE_LIMITED → " + PAID_REF + " SUCCEEDED");
        assertThat(answer.route().attempts().get(0).detail().orElseThrow())
                .startsWith(FREE_REF + " asks to wait 1 min before trying again, past the request's time limit;");
        assertThat(time.elapsed()).isZero();
    }

    @Test
    void withoutAFallbackTheDailyCapFailsSayingWhenItResets() throws Exception {
        begin(VirtualScheduler.autoAdvancing(START));
        sandbox.limitFreeModels(0, Duration.ofDays(1));

        CreorException error = chatFailure(router(target -> target), request(FREE_REF));

        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.retryAfter()).hasValue(Duration.ofDays(1));
        assertThat(error.getMessage()).contains("try again at 2026-01-02T00:00:00Z");
        assertThat(sandbox.requests()).hasSize(1);
    }

    @Test
    void nativeFallbacksMoveOnInsideOpenRouterWhenTheFreeModelIsCapped() throws Exception {
        begin(VirtualScheduler.autoAdvancing(START));
        sandbox.limitFreeModels(0, Duration.ofDays(1));

        ChatResponse answer = chat(router(target -> target), request(FREE_REF, PAID_REF));

        assertThat(answer.servedModel()).isEqualTo(PAID_REF);
        assertThat(sandbox.requests()).hasSize(1);
    }

    private ModelRouter router(UnaryOperator<RouteTarget.Builder> target) {
        ProviderSettings settings = ProviderSettings.builder("openrouter")
                .options(sandbox.providerOptions())
                .credential(sandbox.apiKey())
                .connectTimeout(Duration.ofSeconds(2))
                .chunkTimeout(Duration.ofSeconds(5))
                .build();
        // The adapter reads the reset against the same virtual clock the sandbox and the router use.
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
