package dev.creor.provider.openrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.ModelRef;
import dev.creor.core.RouteReport;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.Usage;
import dev.creor.core.routing.ModelRouter;
import dev.creor.core.routing.RouteTarget;
import dev.creor.spi.Provider;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The route report says what the prompt cache did for the answer: a first turn writes the
 * sandbox's prompt cache, the second reads it, and the report carries the same tokens and the
 * saving (from claude-sonnet-4's prices: $3 per million prompt tokens, $0.30 cached, $3.75
 * written) as the answer's usage, for whole and streamed answers alike.
 */
class PromptCacheRouteReportTest extends RouterOverSandbox {
    private static final ModelRef CLAUDE = ModelRef.parse("openrouter/anthropic/claude-sonnet-4");

    @Test
    void aCachedSecondTurnReportsCachedAndWrittenTokensAndTheSaving() throws Exception {
        ModelRouter router = routerWithPrices();
        List<Message> conversation = conversation("whole");

        ChatResponse one = chat(router, turn(conversation));
        conversation.add(one.message());
        conversation.add(Message.user("Second question?"));
        ChatResponse two = chat(router, turn(conversation));

        RouteReport.PromptCache first = one.route().promptCache();
        assertThat(first.cachedTokens()).isZero();
        assertThat(first.writtenTokens()).isPositive().isEqualTo(one.usage().cacheWriteTokens());
        assertThat(first.savings()).hasValueSatisfying(saved -> assertThat(saved).isEqualByComparingTo(
                new BigDecimal("-0.75").multiply(BigDecimal.valueOf(first.writtenTokens())).movePointLeft(6)));
        RouteReport.PromptCache second = two.route().promptCache();
        assertThat(second.cachedTokens()).isEqualTo(first.writtenTokens());
        assertSameAsUsage(second, two.usage());
        assertThat(second.savings()).hasValueSatisfying(saved -> assertThat(saved).isEqualByComparingTo(
                new BigDecimal("2.7").multiply(BigDecimal.valueOf(second.cachedTokens()))
                        .subtract(new BigDecimal("0.75").multiply(BigDecimal.valueOf(second.writtenTokens())))
                        .movePointLeft(6)));
    }

    @Test
    void aStreamedCachedSecondTurnCarriesTheFiguresInItsCompletedEvent() throws Exception {
        ModelRouter router = routerWithPrices();
        List<Message> conversation = conversation("streamed");

        ChatEvent.Completed one = completed(router, turn(conversation));
        conversation.add(Message.assistant("Noted."));
        conversation.add(Message.user("Second question?"));
        ChatEvent.Completed two = completed(router, turn(conversation));

        assertThat(one.metadata().route().promptCache().writtenTokens()).isPositive();
        RouteReport.PromptCache second = two.metadata().route().promptCache();
        assertThat(second.cachedTokens()).isPositive();
        assertSameAsUsage(second, two.metadata().usage());
        assertThat(second.savings()).hasValueSatisfying(saved -> assertThat(saved).isPositive());
    }

    @Test
    void anAnswerThatDidNotTouchTheCacheReportsNone() throws Exception {
        ChatResponse answer = chat(routerWithPrices(), request(FALLBACK_REF));

        assertThat(answer.route().promptCache()).isEqualTo(RouteReport.PromptCache.NONE);
    }

    private static void assertSameAsUsage(RouteReport.PromptCache cache, Usage usage) {
        assertThat(cache.cachedTokens()).isEqualTo(usage.cachedTokens());
        assertThat(cache.writtenTokens()).isEqualTo(usage.cacheWriteTokens());
        assertThat(cache.savings()).isEqualTo(usage.cacheSavings());
    }

    /** A router over a provider whose model list (with the cache prices) is loaded. */
    private ModelRouter routerWithPrices() throws Exception {
        Provider provider = provider();
        provider.catalog().models().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return ModelRouter.builder(time).random(new SplittableRandom(SEED))
                .provider("openrouter", RouteTarget.builder(provider.chatModel()).nativeFallbacks(true).build())
                .build();
    }

    /** A long system prompt, different per test, so that one test's cache entry is not another's hit. */
    private static List<Message> conversation(String test) {
        String context = "Project rules for the " + test + " test: "
                + "keep every method short and name things plainly. ".repeat(40);
        return new ArrayList<>(List.of(Message.system(context), Message.user("First question?")));
    }

    private static ChatRequest turn(List<Message> conversation) {
        return ChatRequest.builder().model(CLAUDE).messages(conversation).caching(ChatRequest.Caching.AUTO).build();
    }

    private static ChatEvent.Completed completed(ModelRouter router, ChatRequest request) throws Exception {
        List<ChatEvent> events = stream(router, request).events();
        assertThat(events.get(events.size() - 1)).isInstanceOf(ChatEvent.Completed.class);
        return (ChatEvent.Completed) events.get(events.size() - 1);
    }
}
