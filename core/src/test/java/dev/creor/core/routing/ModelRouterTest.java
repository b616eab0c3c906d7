package dev.creor.core.routing;

import static dev.creor.core.routing.FakeChatModel.Behaviour.answer;
import static dev.creor.core.routing.FakeChatModel.Behaviour.fail;
import static dev.creor.core.routing.FakeChatModel.Behaviour.hang;
import static dev.creor.core.routing.FakeChatModel.Behaviour.throwing;
import static dev.creor.core.routing.RouterFixtures.A;
import static dev.creor.core.routing.RouterFixtures.B;
import static dev.creor.core.routing.RouterFixtures.C;
import static dev.creor.core.routing.RouterFixtures.LOCAL;
import static dev.creor.core.routing.RouterFixtures.failure;
import static dev.creor.core.routing.RouterFixtures.rateLimited;
import static dev.creor.core.routing.RouterFixtures.request;
import static dev.creor.core.routing.RouterFixtures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.RouteAttempt.Outcome;
import dev.creor.core.RouteAttempt;
import dev.creor.core.RouteReport;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.testing.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelRouterTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final FakeChatModel openRouter = new FakeChatModel(time);
    private final FakeChatModel local = new FakeChatModel(time);

    private ModelRouter router(RouteTarget.Builder openRouterTarget) {
        return ModelRouter.builder(time).random(new SplittableRandom(7))
                .provider("openrouter", openRouterTarget.build())
                .provider("local", RouteTarget.builder(local).build())
                .build();
    }

    private ModelRouter router() {
        return router(RouteTarget.builder(openRouter));
    }

    @Test
    void answersAndReportsTheRouteWithLatencyOnTheSchedulersClock() {
        openRouter.script(A, answer("Hello", " world").after(Duration.ofMillis(250)));

        CompletableFuture<ChatResponse> answer = router().chat(request(A));
        time.runUntilIdle();

        ChatResponse response = answer.join();
        assertThat(response.text()).isEqualTo("Hello world");
        RouteReport route = response.route();
        assertThat(route.attempts()).hasSize(1);
        RouteAttempt attempt = route.attempts().get(0);
        assertThat(attempt.model()).isEqualTo(A);
        assertThat(attempt.provider()).isEqualTo("openrouter");
        assertThat(attempt.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(attempt.servedModel()).hasValue(A);
        assertThat(attempt.upstreamProvider()).hasValue("FakeUpstream");
        assertThat(attempt.latency()).isEqualTo(Duration.ofMillis(250));
        assertThat(attempt.waitBefore()).isZero();
        assertThat(attempt.errorCode()).isEmpty();
        assertThat(openRouter.requests().get(0).fallbacks()).isEmpty();
    }

    @Test
    void anUnknownProviderIsAConfigErrorWithADidYouMean() {
        CompletableFuture<ChatResponse> answer = router().chat(request(ModelRef.parse("openruter/x/y")));
        time.runUntilIdle();

        CreorException error = failure(answer);
        assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(error.getMessage()).isEqualTo("unknown provider \"openruter\" in the model \"openruter/x/y\""
                + " (did you mean \"openrouter\"?); configured providers: openrouter, local");
        assertThat(error.hint()).isPresent();
        assertThat(openRouter.requests()).isEmpty();
    }

    @Test
    void anUnknownFallbackProviderFailsTheRequestBeforeAnythingIsSent() {
        CompletableFuture<ChatResponse> answer = router().chat(request(A, B, ModelRef.parse("lokal/qwen3")));
        time.runUntilIdle();

        CreorException error = failure(answer);
        assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(error.getMessage()).startsWith("unknown provider \"lokal\" in fallback 2 \"lokal/qwen3\""
                + " (did you mean \"local\"?)");
        assertThat(openRouter.requests()).isEmpty();
    }

    @Test
    void aModelTheFilterExcludesIsSkippedAndTheRouteGoesOn() {
        ModelRouter router = router(RouteTarget.builder(openRouter)
                .modelFilter(ModelFilter.of(List.of(), List.of("anthropic/*"))));

        CompletableFuture<ChatResponse> answer = router.chat(request(A, B));
        time.runUntilIdle();

        RouteReport route = answer.join().route();
        assertThat(route.summary()).isEqualTo(A + " SKIPPED MODEL_NOT_ALLOWED → " + B + " SUCCEEDED");
        assertThat(route.attempts().get(0).detail()).hasValue(
                "\"anthropic/claude-sonnet-4\" matches the blacklist [anthropic/*] of provider openrouter");
        assertThat(openRouter.requestedModels()).containsExactly(B);
    }

    @Test
    void whenTheFilterExcludesEveryModelTheRequestFailsNamingTheWhitelist() {
        ModelRouter router = router(RouteTarget.builder(openRouter)
                .modelFilter(ModelFilter.of(List.of("openai/*"), List.of())));

        CompletableFuture<ChatResponse> answer = router.chat(request(A));
        time.runUntilIdle();

        CreorException error = failure(answer);
        assertThat(error.code()).isEqualTo(ErrorCode.MODEL_NOT_ALLOWED);
        assertThat(error.getMessage()).isEqualTo("model " + A + " is not allowed: \"anthropic/claude-sonnet-4\""
                + " is not on the whitelist [openai/*] of provider openrouter");
        assertThat(error.hint()).hasValue("pick an allowed model, or change provider.openrouter.whitelist or blacklist"
                + " in your config");
        assertThat(error.route().summary()).isEqualTo(A + " SKIPPED MODEL_NOT_ALLOWED");
        assertThat(openRouter.requests()).isEmpty();
    }

    /** Context windows as a catalog gives them: "a private prompt" is 16 characters, about 4 tokens. */
    private static java.util.function.Function<String, java.util.OptionalLong> windows(long forA, long forB) {
        return id -> id.equals(A.model()) ? java.util.OptionalLong.of(forA)
                : id.equals(B.model()) ? java.util.OptionalLong.of(forB) : java.util.OptionalLong.empty();
    }

    @Test
    void aModelWhoseContextWindowThePromptExceedsIsSkippedWithoutSendingAndTheFallbackTakesIt() {
        ModelRouter router = router(RouteTarget.builder(openRouter).nativeFallbacks(true).contextWindows(windows(3, 4)));

        CompletableFuture<ChatResponse> answer = router.chat(request(A, B));
        time.runUntilIdle();

        RouteReport route = answer.join().route();
        assertThat(route.summary()).isEqualTo(A + " SKIPPED CONTEXT_TOO_LONG → " + B + " SUCCEEDED");
        assertThat(route.attempts().get(0).detail()).hasValue("the prompt is about 4 tokens (16 characters / 4),"
                + " more than the context window of " + A + " (3 tokens)");
        // The native fallback step lost its too-small model: B alone was sent, with no fallbacks.
        assertThat(openRouter.requests()).extracting(ChatRequest::model, ChatRequest::fallbacks)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(B, List.of()));
    }

    @Test
    void whenNoModelsContextWindowTakesThePromptTheRequestFailsLocallyWithContextTooLong() {
        ModelRouter router = router(RouteTarget.builder(openRouter).contextWindows(windows(3, 2)));

        CompletableFuture<ChatResponse> answer = router.chat(request(A));
        CompletableFuture<ChatResponse> both = router.chat(request(A, B));
        time.runUntilIdle();

        CreorException error = failure(answer);
        assertThat(error.code()).isEqualTo(ErrorCode.CONTEXT_TOO_LONG);
        assertThat(error.getMessage()).isEqualTo("the prompt is about 4 tokens (16 characters / 4), more than the"
                + " context window of " + A + " (3 tokens); nothing was sent");
        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).startsWith("shorten the prompt, or use"
                + " a model with a larger context window"));
        assertThat(error.route().summary()).isEqualTo(A + " SKIPPED CONTEXT_TOO_LONG");
        assertThat(failure(both).getMessage()).startsWith("no model of the route [" + A + ", " + B + "] can take the"
                + " prompt: ");
        assertThat(openRouter.requests()).isEmpty();
    }

    @Test
    void aPromptThatFitsItsWindowExactlyOrAModelWithoutAKnownWindowIsSent() {
        ModelRouter router = router(RouteTarget.builder(openRouter).contextWindows(windows(4, 4)));

        CompletableFuture<ChatResponse> fits = router.chat(request(A));
        CompletableFuture<ChatResponse> unknown = router.chat(request(C));
        time.runUntilIdle();

        assertThat(fits.join().route().summary()).isEqualTo(A + " SUCCEEDED");
        assertThat(unknown.join().route().summary()).isEqualTo(C + " SUCCEEDED");
    }

    @Test
    void eachModelIsCheckedAgainstTheFiltersOnceAndRequestsReuseTheVerdict() {
        ModelRouter router = router(RouteTarget.builder(openRouter)
                .modelFilter(ModelFilter.of(List.of("openai/*"), List.of())));

        java.util.Optional<String> first = router.rejection(A);

        assertThat(first).hasValue("\"anthropic/claude-sonnet-4\" is not on the whitelist [openai/*]");
        // Remembered, not checked again: the very same verdict comes back.
        assertThat(router.rejection(A)).isSameAs(first);
        assertThat(router.rejection(B)).isEmpty();
        assertThat(router.rejection(ModelRef.parse("nowhere/some-model"))).isEmpty();
        CompletableFuture<ChatResponse> answer = router.chat(request(A));
        time.runUntilIdle();
        assertThat(failure(answer).getMessage()).isEqualTo("model " + A + " is not allowed: " + first.get()
                + " of provider openrouter");
    }

    @Test
    void theRouterRemembersABoundedNumberOfVerdictsSoCallersNamingAnyModelCannotGrowIt() {
        ModelRouter router = router(RouteTarget.builder(openRouter)
                .modelFilter(ModelFilter.of(List.of("openai/*"), List.of())));
        for (int i = 0; i < ModelRouter.REMEMBERED_VERDICTS; i++) {
            router.rejection(ModelRef.parse("openrouter/other/model-" + i));
        }

        java.util.Optional<String> verdict = router.rejection(A);

        assertThat(verdict).hasValue("\"anthropic/claude-sonnet-4\" is not on the whitelist [openai/*]");
        assertThat(router.rejection(A)).isNotSameAs(verdict).isEqualTo(verdict);
    }

    @Test
    void retriesARetryableFailureWithFullJitterBackoffFromTheInjectedRandom() {
        openRouter.script(A, fail(unavailable()), fail(unavailable()), answer("ok"));

        CompletableFuture<ChatResponse> answer = router().chat(request(A));
        time.runUntilIdle();

        SplittableRandom same = new SplittableRandom(7);
        Duration firstWait = RetryPolicy.defaults().backoff(0, same);
        Duration secondWait = RetryPolicy.defaults().backoff(1, same);
        List<RouteAttempt> attempts = answer.join().route().attempts();
        assertThat(attempts).extracting(RouteAttempt::outcome)
                .containsExactly(Outcome.FAILED, Outcome.FAILED, Outcome.SUCCEEDED);
        assertThat(attempts).extracting(RouteAttempt::waitBefore).containsExactly(Duration.ZERO, firstWait, secondWait);
        assertThat(firstWait).isBetween(Duration.ZERO, Duration.ofMillis(500));
        assertThat(secondWait).isBetween(Duration.ZERO, Duration.ofMillis(1000));
        assertThat(time.elapsed()).isEqualTo(firstWait.plus(secondWait));
        assertThat(attempts.get(0).errorCode()).hasValue(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(attempts.get(0).detail()).hasValue("upstream answered 503");
        assertThat(openRouter.requestedModels()).containsExactly(A, A, A);
    }

    @Test
    void aCallersRetryPolicyReplacesTheProvidersForThatRequestOnly() {
        openRouter.script(A, fail(unavailable()));

        CompletableFuture<ChatResponse> patient = router().chat(request(A, LOCAL), RetryPolicy.noRetries());
        time.runUntilIdle();

        assertThat(patient.join().route().summary()).isEqualTo(A + " FAILED PROVIDER_UNAVAILABLE → " + LOCAL
                + " SUCCEEDED");
        assertThat(time.elapsed()).isZero();

        RecordingChatSubscriber subscriber = RecordingChatSubscriber.unbounded();
        router().stream(request(A, LOCAL), RetryPolicy.defaults().withMaxAttempts(2)).subscribe(subscriber);
        time.runUntilIdle();

        assertThat(subscriber.completed().metadata().route().attempts()).hasSize(3);
    }

    @Test
    void fallsBackToTheNextModelOnceRetriesAreSpent() {
        openRouter.script(A, fail(unavailable()));

        CompletableFuture<ChatResponse> answer = router().chat(request(A, LOCAL));
        time.runUntilIdle();

        ChatResponse response = answer.join();
        assertThat(response.text()).isEqualTo("answer from qwen3");
        assertThat(response.route().summary()).isEqualTo(A + " FAILED PROVIDER_UNAVAILABLE → " + A
                + " FAILED PROVIDER_UNAVAILABLE → " + A + " FAILED PROVIDER_UNAVAILABLE → " + LOCAL + " SUCCEEDED");
        assertThat(response.route().attempts().get(3).waitBefore()).isZero();
        assertThat(response.route().attempts().get(3).provider()).isEqualTo("local");
    }

    @Test
    void whenEveryModelFailsTheLastFailureCarriesTheWholeRoute() {
        openRouter.script(A, fail(unavailable()));
        local.script(LOCAL, fail(CreorException.of(ErrorCode.TIMEOUT, "no first byte within 60 s (chunkTimeout)")));

        CompletableFuture<ChatResponse> answer = router(RouteTarget.builder(openRouter)
                .retryPolicy(RetryPolicy.noRetries())).chat(request(A, LOCAL));
        time.runUntilIdle();

        CreorException error = failure(answer);
        assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(error.getMessage()).isEqualTo("no first byte within 60 s (chunkTimeout)");
        assertThat(error.route().summary()).isEqualTo(A + " FAILED PROVIDER_UNAVAILABLE → " + LOCAL + " FAILED TIMEOUT → "
                + LOCAL + " FAILED TIMEOUT → " + LOCAL + " FAILED TIMEOUT");
    }

    @Test
    void honoursRetryAfterExactlyInsteadOfBackingOff() {
        openRouter.script(A, fail(rateLimited(Duration.ofSeconds(1))), answer("ok"));

        CompletableFuture<ChatResponse> answer = router().chat(request(A));
        time.runUntilIdle();

        List<RouteAttempt> attempts = answer.join().route().attempts();
        assertThat(attempts).extracting(RouteAttempt::waitBefore).containsExactly(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(attempts.get(0).errorCode()).hasValue(ErrorCode.RATE_LIMITED);
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aRetryAfterOverTheCapFailsAtOnceSayingWhenToTryAgain() {
        openRouter.script(A, fail(rateLimited(Duration.ofMinutes(2))), answer("too late"));

        CompletableFuture<ChatResponse> answer = router().chat(request(A));
        time.runUntilIdle();

        CreorException error = failure(answer);
        assertThat(error.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(error.getMessage()).isEqualTo(A + " asks to wait 2 min before trying again, longer than the 1 min"
                + " the retry policy waits (maxRetryAfter); try again at 2026-01-01T00:02:00Z (in 2 min)."
                + " The provider said: rate limited");
        assertThat(error.hint()).hasValue("wait until then, raise provider.openrouter.retry.maxRetryAfterMs,"
                + " or add a fallback model");
        assertThat(error.retryAfter()).hasValue(Duration.ofMinutes(2));
        assertThat(error.httpStatus()).hasValue(429);
        assertThat(error.route().summary()).isEqualTo(A + " FAILED RATE_LIMITED");
        assertThat(time.elapsed()).isZero();
        assertThat(openRouter.requests()).hasSize(1);
    }

    @Test
    void aRetryAfterOverTheCapStillLetsAFallbackModelAnswer() {
        openRouter.script(A, fail(rateLimited(Duration.ofHours(1))));

        CompletableFuture<ChatResponse> answer = router().chat(request(A, LOCAL));
        time.runUntilIdle();

        ChatResponse response = answer.join();
        assertThat(response.route().summary()).isEqualTo(A + " FAILED RATE_LIMITED → " + LOCAL + " SUCCEEDED");
        assertThat(response.route().attempts().get(0).detail().orElseThrow())
                .contains("try again at 2026-01-01T01:00:00Z (in 1 h)");
        assertThat(time.elapsed()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"AUTH_INVALID", "AUTH_MISSING", "INSUFFICIENT_CREDITS",
            "INVALID_REQUEST", "CONFIG_INVALID"})
    void errorsThatEveryModelWouldShareStopTheChainAtOnce(ErrorCode code) {
        CreorException own = CreorException.builder(code, "own message of " + code).hint("own hint").build();
        openRouter.script(A, fail(own));

        CompletableFuture<ChatResponse> answer = router().chat(request(A, B, LOCAL));
        time.runUntilIdle();

        CreorException error = failure(answer);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.getMessage()).isEqualTo("own message of " + code);
        assertThat(error.hint()).hasValue("own hint");
        assertThat(error.route().summary()).isEqualTo(A + " FAILED " + code);
        assertThat(openRouter.requestedModels()).containsExactly(A);
        assertThat(local.requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"MODEL_NOT_FOUND", "CONTEXT_TOO_LONG", "MODERATION"})
    void modelSpecificFailuresAreNotRetriedButFallBack(ErrorCode code) {
        openRouter.script(A, fail(code));

        CompletableFuture<ChatResponse> answer = router().chat(request(A, B));
        time.runUntilIdle();

        assertThat(answer.join().route().summary()).isEqualTo(A + " FAILED " + code + " → " + B + " SUCCEEDED");
        assertThat(openRouter.requestedModels()).containsExactly(A, B);
    }

    @Test
    void aRetryableFailureMarkedNotRetryableIsNotRetried() {
        openRouter.script(A, fail(CreorException.builder(ErrorCode.PROVIDER_UNAVAILABLE, "down for good")
                .retryable(false).build()));

        CompletableFuture<ChatResponse> answer = router().chat(request(A, B));
        time.runUntilIdle();

        assertThat(openRouter.requestedModels()).containsExactly(A, B);
        assertThat(answer.join().route().rerouted()).isTrue();
    }

    @Test
    void groupsConsecutiveModelsOfANativeFallbackProviderIntoOneAttempt() {
        ModelRef d = ModelRef.parse("openrouter/openai/o3");
        openRouter.script(A, answer("from b").servedAs(B));

        ModelRouter router = router(RouteTarget.builder(openRouter).nativeFallbacks(true));
        CompletableFuture<ChatResponse> answer = router.chat(request(A, B, LOCAL, C, d));
        time.runUntilIdle();

        ChatRequest sent = openRouter.requests().get(0);
        assertThat(sent.model()).isEqualTo(A);
        assertThat(sent.fallbacks()).containsExactly(B);
        RouteAttempt attempt = answer.join().route().attempts().get(0);
        assertThat(attempt.nativeFallbacks()).containsExactly(B);
        assertThat(attempt.servedModel()).hasValue(B);
        assertThat(answer.join().servedModel()).isEqualTo(B);
    }

    @Test
    void nativeGroupsAreSplitByOtherProvidersAndRetriedAsAWhole() {
        ModelRef d = ModelRef.parse("openrouter/openai/o3");
        openRouter.script(A, fail(ErrorCode.MODEL_NOT_FOUND));
        local.script(LOCAL, fail(ErrorCode.CONTEXT_TOO_LONG));
        openRouter.script(C, fail(unavailable()), answer("from c"));

        ModelRouter router = router(RouteTarget.builder(openRouter).nativeFallbacks(true));
        CompletableFuture<ChatResponse> answer = router.chat(request(A, B, LOCAL, C, d));
        time.runUntilIdle();

        assertThat(openRouter.requests()).extracting(ChatRequest::model, ChatRequest::fallbacks)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(A, List.of(B)),
                        org.assertj.core.groups.Tuple.tuple(C, List.of(d)),
                        org.assertj.core.groups.Tuple.tuple(C, List.of(d)));
        assertThat(local.requests()).extracting(ChatRequest::fallbacks).containsExactly(List.of());
        assertThat(answer.join().route().summary()).isEqualTo(A + " FAILED MODEL_NOT_FOUND → " + LOCAL
                + " FAILED CONTEXT_TOO_LONG → " + C + " FAILED PROVIDER_UNAVAILABLE → " + C + " SUCCEEDED");
        assertThat(answer.join().route().attempts().get(3).nativeFallbacks()).containsExactly(d);
    }

    @Test
    void withoutNativeFallbacksSameProviderModelsAreTriedOneByOne() {
        openRouter.script(A, fail(ErrorCode.MODEL_NOT_FOUND));
        openRouter.script(B, fail(ErrorCode.MODEL_NOT_FOUND));

        CompletableFuture<ChatResponse> answer = router().chat(request(A, B, C));
        time.runUntilIdle();

        assertThat(openRouter.requests()).extracting(ChatRequest::model).containsExactly(A, B, C);
        assertThat(openRouter.requests()).allSatisfy(sent -> assertThat(sent.fallbacks()).isEmpty());
        assertThat(answer.join().servedModel()).isEqualTo(C);
    }

    @Test
    void aModelListedTwiceIsTriedOnce() {
        openRouter.script(A, fail(ErrorCode.MODEL_NOT_FOUND));

        CompletableFuture<ChatResponse> answer = router().chat(request(A, A, B, A));
        time.runUntilIdle();

        assertThat(openRouter.requestedModels()).containsExactly(A, B);
        assertThat(answer.join().servedModel()).isEqualTo(B);
    }

    @Test
    void aProviderThatThrowsGetsARoutedFailureNotAnException() {
        openRouter.script(A, throwing(new IllegalStateException("bug")));

        CompletableFuture<ChatResponse> answer = router().chat(request(A, B));
        time.runUntilIdle();

        CreorException error = failure(answer);
        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(error.getMessage()).isEqualTo("provider openrouter failed unexpectedly: java.lang.IllegalStateException");
        assertThat(error.getCause()).hasMessage("bug");
        assertThat(error.route().summary()).isEqualTo(A + " FAILED INTERNAL");
    }

    @Test
    void aProviderThatThrowsACreorExceptionIsRoutedByItsCode() {
        openRouter.script(A, throwing(CreorException.of(ErrorCode.MODEL_NOT_FOUND, "no such model")));

        CompletableFuture<ChatResponse> answer = router().chat(request(A, B));
        time.runUntilIdle();

        assertThat(answer.join().route().summary()).isEqualTo(A + " FAILED MODEL_NOT_FOUND → " + B + " SUCCEEDED");
    }

    @Test
    void cancellingDuringAnAttemptCancelsTheUpstreamCall() {
        openRouter.script(A, hang());

        CompletableFuture<ChatResponse> answer = router().chat(request(A, B));
        time.runUntilIdle();
        answer.cancel(true);
        time.runUntilIdle();

        assertThat(openRouter.calls()).hasSize(1);
        assertThat(openRouter.calls().get(0)).isCancelled();
        assertThat(openRouter.requestedModels()).containsExactly(A);
    }

    @Test
    void cancellingDuringABackoffWaitCancelsTheWaitAndSendsNothingMore() {
        openRouter.script(A, fail(rateLimited(Duration.ofSeconds(30))), answer("late"));

        CompletableFuture<ChatResponse> answer = router().chat(request(A));
        time.runDue();
        assertThat(time.pending()).isEqualTo(1);

        answer.cancel(true);

        assertThat(time.pending()).isZero();
        time.advance(Duration.ofMinutes(1));
        assertThat(openRouter.requests()).hasSize(1);
    }

    @Test
    void aProviderCallThatCompletesAfterCancellationIsIgnored() {
        openRouter.script(A, answer("slow").after(Duration.ofSeconds(5)));

        CompletableFuture<ChatResponse> answer = router().chat(request(A));
        answer.cancel(true);
        time.runUntilIdle();

        assertThat(answer).isCancelled();
        assertThat(openRouter.calls().get(0)).isCancelled();
    }

    @Test
    void completingTheReturnedFutureFromOutsideStopsTheRoute() {
        openRouter.script(A, hang());

        CompletableFuture<ChatResponse> answer = router().chat(request(A));
        answer.completeExceptionally(new IllegalStateException("caller gave up"));

        assertThat(openRouter.calls().get(0)).isCancelled();
    }

    @Test
    void validatesTheBuilder() {
        ModelRouter.Builder builder = ModelRouter.builder(time).provider("local", RouteTarget.builder(local).build());

        assertThatThrownBy(() -> builder.provider("local", RouteTarget.builder(local).build()))
                .hasMessage("provider \"local\" is registered twice");
        assertThatThrownBy(() -> builder.provider(" ", RouteTarget.builder(local).build()))
                .hasMessage("providerId is blank");
        assertThat(builder.build().providers()).containsExactly("local");
        assertThat(builder.build().target("local")).isPresent();
        assertThat(builder.build().target("other")).isEmpty();
    }

    @Test
    void withNoProviderEveryRequestIsAConfigError() {
        CompletableFuture<ChatResponse> answer = ModelRouter.builder(time).build().chat(request(A));
        time.runUntilIdle();

        assertThat(failure(answer).getMessage()).isEqualTo("unknown provider \"openrouter\" in the model \"" + A
                + "\"; no provider is configured");
    }
}
