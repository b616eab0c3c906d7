package dev.creor.core.routing;

import static dev.creor.core.routing.FakeChatModel.Behaviour.answer;
import static dev.creor.core.routing.FakeChatModel.Behaviour.fail;
import static dev.creor.core.routing.FakeChatModel.Behaviour.failAfter;
import static dev.creor.core.routing.FakeChatModel.Behaviour.hangAfter;
import static dev.creor.core.routing.RouterFixtures.request;
import static dev.creor.core.routing.RouterFixtures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Scheduler;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many routes at once on real threads: upstream signals, subscriber requests and cancellations
 * race each other. Whatever the interleaving, every subscriber sees a well-behaved stream,
 * every route ends, and no permit or upstream stream is left behind.
 */
class RouterStressTest {
    private static final ModelRef FLAKY = ModelRef.parse("fake/flaky");
    private static final ModelRef STREAMS = ModelRef.parse("fake/streams");
    private static final ModelRef BREAKS = ModelRef.parse("fake/breaks");
    private static final ModelRef HANGS = ModelRef.parse("fake/hangs");
    private static final ModelRef BACKUP = ModelRef.parse("backup/model");

    @Test
    void concurrentStreamsAndCancellationsLeaveNothingBehind() throws Exception {
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(4);
        ExecutorService consumers = Executors.newFixedThreadPool(3);
        Scheduler scheduler = Scheduler.using(timers, Clock.systemUTC());
        FakeChatModel fake = new FakeChatModel(scheduler);
        FakeChatModel backup = new FakeChatModel(scheduler);
        Duration tick = Duration.ofMillis(1);
        fake.script(FLAKY, fail(unavailable()).after(tick), answer("a", "b", "c").after(tick));
        fake.script(STREAMS, answer("one", "two", "three", "four").after(tick));
        fake.script(BREAKS, failAfter(CreorException.of(ErrorCode.STREAM_INTERRUPTED, "reset"), "x", "y").after(tick));
        fake.script(HANGS, hangAfter("first").after(tick));
        ModelRouter router = ModelRouter.builder(scheduler).random(new SplittableRandom(1))
                .provider("fake", RouteTarget.builder(fake)
                        .retryPolicy(RetryPolicy.defaults().withInitialBackoff(Duration.ofMillis(1))
                                .withMaxBackoff(Duration.ofMillis(3)))
                        .circuitBreaker(new CircuitBreakerPolicy(1_000_000, Duration.ofSeconds(1)))
                        .concurrencyLimit(new ConcurrencyLimit(4, 10_000))
                        .build())
                .provider("backup", RouteTarget.builder(backup).build())
                .build();

        SplittableRandom random = new SplittableRandom(2024);
        List<ModelRef> models = List.of(FLAKY, STREAMS, BREAKS, HANGS);
        List<RecordingChatSubscriber> streams = new ArrayList<>();
        List<CompletableFuture<ChatResponse>> chats = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ModelRef model = models.get(random.nextInt(models.size()));
            int cancelAfter = model == HANGS ? 1 : random.nextInt(4) == 0 ? 1 + random.nextInt(3) : Integer.MAX_VALUE;
            RecordingChatSubscriber subscriber = new RecordingChatSubscriber(1, consumers, cancelAfter);
            streams.add(subscriber);
            router.stream(request(model, BACKUP)).subscribe(subscriber);
            if (random.nextInt(10) == 0) {
                subscriber.cancel();
            }
            if (i % 4 == 0) {
                CompletableFuture<ChatResponse> chat = router.chat(request(model == HANGS ? STREAMS : model, BACKUP));
                chats.add(chat);
                if (random.nextInt(3) == 0) {
                    chat.cancel(true);
                }
            }
        }

        for (RecordingChatSubscriber subscriber : streams) {
            assertThat(subscriber.awaitSettled(Duration.ofSeconds(20))).as("stream ended or cancelled").isTrue();
        }
        for (CompletableFuture<ChatResponse> chat : chats) {
            chat.handle((response, error) -> null).get(20, TimeUnit.SECONDS);
        }
        consumers.shutdown();
        assertThat(consumers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        timers.shutdown();
        assertThat(timers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();

        ConcurrencyGate gate = router.gate("fake").orElseThrow();
        assertThat(gate.inFlight()).as("permits left in flight").isZero();
        assertThat(gate.queued()).as("requests left queued").isZero();
        assertThat(fake.openStreams()).as("upstream streams left open").isZero();
        for (RecordingChatSubscriber subscriber : streams) {
            assertThat(subscriber.violations()).isEmpty();
            if (subscriber.hasEnded()) {
                assertThat(subscriber.completions()).isEqualTo(1);
                ChatEvent last = subscriber.last();
                assertThat(last).isInstanceOfAny(ChatEvent.Completed.class, ChatEvent.Failed.class);
                if (last instanceof ChatEvent.Failed failed) {
                    assertThat(failed.partialText()).isEqualTo(subscriber.text());
                }
                assertThat(subscriber.events().stream().filter(event -> event instanceof ChatEvent.Completed
                        || event instanceof ChatEvent.Failed)).hasSize(1);
            }
        }
        for (CompletableFuture<ChatResponse> chat : chats) {
            assertThat(chat).isDone();
        }
    }
}
