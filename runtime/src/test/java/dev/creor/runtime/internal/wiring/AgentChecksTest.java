package dev.creor.runtime.internal.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.agents.AgentCatalog;
import dev.creor.agents.AgentDefinition;
import dev.creor.agents.AgentProblem;
import dev.creor.agents.ResolvedAgent;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Scheduler;
import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatModel;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.routing.ModelRouter;
import dev.creor.core.routing.RouteTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An agent's up-front check: how often it asks the catalogs, what it keeps when a catalog is
 * late or fails, and that its whitelist verdict is the router's.
 */
class AgentChecksTest {
    private static final Duration CATALOG_WAIT = Duration.ofMillis(50);

    private final ScheduledExecutorService threads = Executors.newSingleThreadScheduledExecutor();
    private final StalledCatalog catalog = new StalledCatalog();
    private final ModelRouter router = ModelRouter.builder(Scheduler.using(threads, Clock.systemUTC()))
            .provider("openrouter", RouteTarget.builder(new UnusedChatModel())
                    .modelFilter(ModelFilter.of(List.of("openai/*"), List.of())).build())
            .build();
    private final AgentChecks checks = new AgentChecks(Set.of("openrouter"), id -> Optional.of(catalog), router,
            CATALOG_WAIT);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private static ResolvedAgent agent(String model) {
        return AgentCatalog.builder()
                .configure(AgentDefinition.builder("build").model(ModelRef.parse(model))
                        .origin("model", "creor.json:3:23").build())
                .build().resolve("build");
    }

    @Test
    void aCatalogThatIsLateIsWaitedForOnceAndItsAnswerSettlesTheVerdictWhenItComes() throws Exception {
        ResolvedAgent agent = agent("openrouter/openai/gpt-4o-typo");

        List<AgentProblem> first = checks.check(agent).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(first).as("the model ids could not be checked in time").isEmpty();
        CompletableFuture<List<AgentProblem>> second = checks.check(agent).toCompletableFuture();
        assertThat(second).as("the next request does not wait for the catalog again").isCompletedWithValue(first);
        assertThat(catalog.lookups()).isEqualTo(1);

        catalog.answer(List.of(ModelInfo.builder(ModelRef.parse("openrouter/openai/gpt-4o")).build()));

        assertThat(checks.check(agent).toCompletableFuture()).isCompletedWithValueMatching(problems ->
                problems.size() == 1 && problems.get(0).message().contains("is not a model openrouter offers")
                        && problems.get(0).message().contains("openai/gpt-4o"));
        assertThat(catalog.lookups()).isEqualTo(1);
    }

    @Test
    void aCatalogThatFailsLeavesTheVerdictWithoutModelIdsAndIsNotAskedOnEveryRequest() throws Exception {
        catalog.answer(CreorException.of(ErrorCode.PROVIDER_UNAVAILABLE, "the catalog is down"));
        ResolvedAgent agent = agent("openrouter/openai/gpt-4o-typo");

        assertThat(checks.check(agent).toCompletableFuture().get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(checks.check(agent).toCompletableFuture()).isCompletedWithValue(List.of());
        assertThat(catalog.lookups()).isEqualTo(1);
    }

    @Test
    void aModelOutsideTheWhitelistIsReportedWithWhereItWasConfiguredInTheRoutersWords() throws Exception {
        catalog.answer(List.of(ModelInfo.builder(ModelRef.parse("openrouter/openai/gpt-4o")).build()));
        ResolvedAgent agent = agent("openrouter/anthropic/claude-sonnet-4");

        List<AgentProblem> problems = checks.check(agent).toCompletableFuture().get(10, TimeUnit.SECONDS);

        String verdict = router.rejection(ModelRef.parse("openrouter/anthropic/claude-sonnet-4")).orElseThrow();
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCode.MODEL_NOT_ALLOWED);
            assertThat(problem.message()).isEqualTo("agent \"build\": agent.build.model"
                    + " \"openrouter/anthropic/claude-sonnet-4\" (creor.json:3:23) is not allowed: " + verdict
                    + " of provider.openrouter");
        });
    }

    /** A catalog whose one answer the test gives, counting how often it is asked. */
    private static final class StalledCatalog implements ModelCatalog {
        private final CompletableFuture<List<ModelInfo>> answer = new CompletableFuture<>();
        private final AtomicInteger lookups = new AtomicInteger();

        @Override
        public CompletionStage<List<ModelInfo>> models() {
            lookups.incrementAndGet();
            return answer;
        }

        void answer(List<ModelInfo> models) {
            answer.complete(models);
        }

        void answer(Throwable failure) {
            answer.completeExceptionally(failure);
        }

        int lookups() {
            return lookups.get();
        }
    }

    /** The router is asked for verdicts only; no request is sent. */
    private static final class UnusedChatModel implements ChatModel {
        @Override
        public CompletionStage<ChatResponse> chat(ChatRequest request) {
            throw new AssertionError("no request is sent");
        }

        @Override
        public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
            throw new AssertionError("no request is sent");
        }
    }
}
