package dev.creor.core.routing;

import static dev.creor.core.routing.FakeChatModel.Behaviour.answer;
import static dev.creor.core.routing.FakeChatModel.Behaviour.fail;
import static dev.creor.core.routing.FakeChatModel.Behaviour.failAfter;
import static dev.creor.core.routing.FakeChatModel.Behaviour.hang;
import static dev.creor.core.routing.FakeChatModel.Behaviour.hangAfter;
import static dev.creor.core.routing.FakeChatModel.Behaviour.throwing;
import static dev.creor.core.routing.RouterFixtures.A;
import static dev.creor.core.routing.RouterFixtures.B;
import static dev.creor.core.routing.RouterFixtures.LOCAL;
import static dev.creor.core.routing.RouterFixtures.rateLimited;
import static dev.creor.core.routing.RouterFixtures.request;
import static dev.creor.core.routing.RouterFixtures.unavailable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.RouteAttempt.Outcome;
import dev.creor.core.RouteAttempt;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.testing.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoutedStreamTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final FakeChatModel openRouter = new FakeChatModel(time);
    private final FakeChatModel local = new FakeChatModel(time);
    private final ModelRouter router = ModelRouter.builder(time).random(new SplittableRandom(3))
            .provider("openrouter", RouteTarget.builder(openRouter).nativeFallbacks(true).build())
            .provider("local", RouteTarget.builder(local).build())
            .build();

    @AfterEach
    void subscribersSawAWellBehavedStream() {
        assertThat(subscribers).allSatisfy(subscriber -> assertThat(subscriber.violations()).isEmpty());
    }

    private final java.util.List<RecordingChatSubscriber> subscribers = new java.util.ArrayList<>();

    private RecordingChatSubscriber subscribe(ChatRequest request, long initialRequest) {
        RecordingChatSubscriber subscriber = new RecordingChatSubscriber(initialRequest);
        subscribers.add(subscriber);
        router.stream(request).subscribe(subscriber);
        return subscriber;
    }

    @Test
    void passesEventsThroughAndAddsTheRouteToCompleted() {
        openRouter.script(A, answer("Hel", "lo").after(Duration.ofMillis(120)));

        RecordingChatSubscriber subscriber = subscribe(request(A), Long.MAX_VALUE);
        time.runUntilIdle();

        assertThat(subscriber.text()).isEqualTo("Hello");
        assertThat(subscriber.completions()).isEqualTo(1);
        ChatEvent.Completed completed = subscriber.completed();
        assertThat(completed.metadata().route().summary()).isEqualTo(A + " SUCCEEDED");
        assertThat(completed.metadata().route().attempts().get(0).latency()).isEqualTo(Duration.ofMillis(120));
        assertThat(completed.metadata().servedModel()).isEqualTo(A);
    }

    @Test
    void requestsFromUpstreamExactlyWhatTheSubscriberAskedFor() {
        openRouter.script(A, answer("a", "b", "c"));

        RecordingChatSubscriber subscriber = subscribe(request(A), 0);
        time.runUntilIdle();
        FakeChatModel.FakeStream upstream = openRouter.streams().get(0);
        assertThat(upstream.totalRequested()).isZero();
        assertThat(subscriber.events()).isEmpty();

        subscriber.request(1);
        assertThat(upstream.totalRequested()).isEqualTo(1);
        assertThat(subscriber.events()).containsExactly(new ChatEvent.TextDelta("a"));

        subscriber.request(2);
        assertThat(upstream.totalRequested()).isEqualTo(3);
        assertThat(subscriber.text()).isEqualTo("abc");
        assertThat(subscriber.completions()).isZero();

        subscriber.request(1);
        assertThat(subscriber.last()).isInstanceOf(ChatEvent.Completed.class);
        assertThat(subscriber.completions()).isEqualTo(1);
    }

    @Test
    void retriesAFailureBeforeTheFirstEventAndPassesTheSameDemandToTheNextUpstream() {
        openRouter.script(A, fail(unavailable()), answer("x", "y"));

        RecordingChatSubscriber subscriber = subscribe(request(A), 2);
        time.runUntilIdle();

        List<FakeChatModel.FakeStream> upstreams = openRouter.streams();
        assertThat(upstreams).hasSize(2);
        assertThat(upstreams.get(0).totalRequested()).isEqualTo(2);
        assertThat(upstreams.get(1).totalRequested()).isEqualTo(2);
        assertThat(subscriber.events()).containsExactly(new ChatEvent.TextDelta("x"), new ChatEvent.TextDelta("y"));

        subscriber.request(1);
        assertThat(subscriber.completed().metadata().route().summary())
                .isEqualTo(A + " FAILED PROVIDER_UNAVAILABLE → " + A + " SUCCEEDED");
        assertThat(subscriber.completions()).isEqualTo(1);
    }

    @Test
    void fallsBackBeforeTheFirstEventWithoutDeliveringAnythingTwice() {
        openRouter.script(A, fail(ErrorCode.MODEL_NOT_FOUND));

        RecordingChatSubscriber subscriber = subscribe(request(A, LOCAL), Long.MAX_VALUE);
        time.runUntilIdle();

        assertThat(subscriber.text()).isEqualTo("answer from qwen3");
        assertThat(subscriber.events()).hasSize(2);
        assertThat(subscriber.completed().metadata().route().summary())
                .isEqualTo(A + " FAILED MODEL_NOT_FOUND → " + LOCAL + " SUCCEEDED");
    }

    @Test
    void aFailureAfterTheFirstEventEndsTheStreamWithThePartialTextAndTheRoute() {
        CreorException broke = CreorException.of(ErrorCode.STREAM_INTERRUPTED, "connection reset");
        openRouter.script(A, failAfter(broke, "Hel", "lo"));

        RecordingChatSubscriber subscriber = subscribe(request(A, LOCAL), Long.MAX_VALUE);
        time.runUntilIdle();

        assertThat(subscriber.text()).isEqualTo("Hello");
        ChatEvent.Failed failed = subscriber.failed();
        assertThat(failed.partialText()).isEqualTo("Hello");
        assertThat(failed.error().code()).isEqualTo(ErrorCode.STREAM_INTERRUPTED);
        assertThat(failed.error().getMessage()).isEqualTo("connection reset");
        assertThat(failed.route().summary()).isEqualTo(A + " FAILED STREAM_INTERRUPTED");
        assertThat(failed.error().route()).isEqualTo(failed.route());
        assertThat(subscriber.completions()).isEqualTo(1);
        assertThat(openRouter.requests()).hasSize(1);
        assertThat(local.requests()).isEmpty();
    }

    @Test
    void anUpstreamThatCompletesWithoutATerminalEventIsRetried() {
        ModelRef silent = ModelRef.parse("openrouter/silent/model");
        Flow.Publisher<ChatEvent> endsAbruptly = subscriber -> {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onComplete();
        };
        ModelRouter withBrokenUpstream = ModelRouter.builder(time)
                .provider("openrouter", RouteTarget.builder(new dev.creor.core.chat.ChatModel() {
                    private int calls;

                    @Override
                    public java.util.concurrent.CompletionStage<dev.creor.core.chat.ChatResponse> chat(ChatRequest r) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public Flow.Publisher<ChatEvent> stream(ChatRequest r) {
                        return calls++ == 0 ? endsAbruptly : openRouter.stream(r);
                    }
                }).build())
                .build();

        RecordingChatSubscriber subscriber = new RecordingChatSubscriber(Long.MAX_VALUE);
        subscribers.add(subscriber);
        withBrokenUpstream.stream(request(silent)).subscribe(subscriber);
        time.runUntilIdle();

        RouteAttempt first = subscriber.completed().metadata().route().attempts().get(0);
        assertThat(first.errorCode()).hasValue(ErrorCode.STREAM_INTERRUPTED);
        assertThat(first.detail()).hasValue("the stream of " + silent
                + " ended without saying whether the answer completed");
        assertThat(subscriber.text()).isEqualTo("answer from silent/model");
    }

    @Test
    void aTerminalFailureWaitsForDemand() {
        RecordingChatSubscriber subscriber = subscribe(request(ModelRef.parse("nope/x")), 0);
        time.runUntilIdle();
        assertThat(subscriber.events()).isEmpty();
        assertThat(subscriber.hasEnded()).isFalse();

        subscriber.request(1);

        assertThat(subscriber.failed().error().code()).isEqualTo(ErrorCode.CONFIG_INVALID);
        assertThat(subscriber.completions()).isEqualTo(1);
    }

    @Test
    void cancellingWhileStreamingCancelsTheUpstreamAndSilencesTheStream() {
        openRouter.script(A, hangAfter("partial"));

        RecordingChatSubscriber subscriber = subscribe(request(A, LOCAL), Long.MAX_VALUE);
        time.runUntilIdle();
        assertThat(subscriber.text()).isEqualTo("partial");

        subscriber.cancel();
        time.runUntilIdle();

        assertThat(openRouter.streams().get(0).cancelled()).isTrue();
        assertThat(openRouter.openStreams()).isZero();
        assertThat(subscriber.events()).hasSize(1);
        assertThat(subscriber.hasEnded()).isFalse();
        assertThat(local.requests()).isEmpty();
    }

    @Test
    void cancellingBeforeTheUpstreamAnswersCancelsIt() {
        openRouter.script(A, hang());

        RecordingChatSubscriber subscriber = subscribe(request(A), 1);
        subscriber.cancel();
        time.runUntilIdle();

        assertThat(openRouter.streams().get(0).cancelled()).isTrue();
        assertThat(subscriber.events()).isEmpty();
    }

    @Test
    void cancellingDuringABackoffWaitCancelsTheTimerAndStartsNoAttempt() {
        openRouter.script(A, fail(rateLimited(Duration.ofSeconds(10))), answer("late"));

        RecordingChatSubscriber subscriber = subscribe(request(A), 1);
        time.runDue();
        assertThat(time.pending()).isEqualTo(1);

        subscriber.cancel();
        assertThat(time.pending()).isZero();
        time.advance(Duration.ofSeconds(20));

        assertThat(openRouter.requests()).hasSize(1);
        assertThat(subscriber.events()).isEmpty();
        assertThat(subscriber.hasEnded()).isFalse();
    }

    @Test
    void aNonPositiveRequestIsAnErrorAndCancelsTheUpstream() {
        openRouter.script(A, hang());

        RecordingChatSubscriber subscriber = subscribe(request(A), 0);
        subscriber.request(0);
        time.runUntilIdle();

        assertThat(subscriber.error()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3.9");
        assertThat(openRouter.streams().get(0).cancelled()).isTrue();
    }

    @Test
    void aSecondSubscriberIsRefused() {
        Flow.Publisher<ChatEvent> stream = router.stream(request(A));
        RecordingChatSubscriber first = new RecordingChatSubscriber(Long.MAX_VALUE);
        RecordingChatSubscriber second = new RecordingChatSubscriber(Long.MAX_VALUE);
        stream.subscribe(first);
        stream.subscribe(second);
        time.runUntilIdle();

        assertThat(first.completions()).isEqualTo(1);
        assertThat(second.error()).isInstanceOf(IllegalStateException.class).hasMessageContaining("one subscriber");
        assertThat(openRouter.requests()).hasSize(1);
    }

    @Test
    void anUpstreamSendingMoreThanRequestedFailsTheStreamInsteadOfBuffering() {
        Flow.Publisher<ChatEvent> flood = subscriber -> {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onNext(new ChatEvent.TextDelta("unrequested"));
        };
        ModelRouter floodRouter = ModelRouter.builder(time).provider("openrouter",
                RouteTarget.builder(new dev.creor.core.chat.ChatModel() {
                    @Override
                    public java.util.concurrent.CompletionStage<dev.creor.core.chat.ChatResponse> chat(ChatRequest r) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public Flow.Publisher<ChatEvent> stream(ChatRequest r) {
                        return flood;
                    }
                }).build()).build();

        RecordingChatSubscriber subscriber = new RecordingChatSubscriber(0);
        subscribers.add(subscriber);
        floodRouter.stream(request(A)).subscribe(subscriber);
        time.runUntilIdle();
        assertThat(subscriber.events()).isEmpty();

        subscriber.request(5);

        assertThat(subscriber.events()).hasSize(1);
        assertThat(subscriber.failed().error().code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(subscriber.failed().error().getMessage())
                .isEqualTo("provider openrouter sent more stream events than were requested");
    }

    @Test
    void aProviderThatThrowsFromStreamIsRouted() {
        openRouter.script(A, throwing(CreorException.of(ErrorCode.MODEL_NOT_FOUND, "gone")));

        RecordingChatSubscriber subscriber = subscribe(request(A, LOCAL), Long.MAX_VALUE);
        time.runUntilIdle();

        assertThat(subscriber.completed().metadata().route().summary())
                .isEqualTo(A + " FAILED MODEL_NOT_FOUND → " + LOCAL + " SUCCEEDED");
    }

    @Test
    void aSubscriberThatThrowsIsTreatedAsCancelled() {
        openRouter.script(A, hangAfter("one", "two"));
        List<ChatEvent> seen = new java.util.ArrayList<>();
        router.stream(request(A)).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ChatEvent item) {
                seen.add(item);
                throw new IllegalStateException("subscriber bug");
            }

            @Override
            public void onError(Throwable throwable) {
                seen.add(null);
            }

            @Override
            public void onComplete() {
                seen.add(null);
            }
        });
        time.runUntilIdle();

        assertThat(seen).containsExactly(new ChatEvent.TextDelta("one"));
        assertThat(openRouter.streams().get(0).cancelled()).isTrue();
    }

    @Test
    void theFailureOfAStreamThatNeverStartedCarriesAnEmptyPartialText() {
        openRouter.script(A, fail(CreorException.of(ErrorCode.AUTH_INVALID, "key rejected")));

        RecordingChatSubscriber subscriber = subscribe(request(A, B), Long.MAX_VALUE);
        time.runUntilIdle();

        assertThat(subscriber.failed().partialText()).isEmpty();
        assertThat(subscriber.failed().error().code()).isEqualTo(ErrorCode.AUTH_INVALID);
        assertThat(subscriber.failed().route().attempts()).extracting(RouteAttempt::outcome)
                .containsExactly(Outcome.FAILED);
        assertThat(openRouter.requests().get(0).fallbacks()).containsExactly(B);
    }

    @Test
    void anEventQueuedBeforeTheSubscriberCancelsIsNotDeliveredAfterTheCancel() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Flow.Subscriber<? super ChatEvent>> upstream =
                new java.util.concurrent.atomic.AtomicReference<>();
        ModelRouter manual = ModelRouter.builder(time).provider("openrouter",
                RouteTarget.builder(new dev.creor.core.chat.ChatModel() {
                    @Override
                    public java.util.concurrent.CompletionStage<dev.creor.core.chat.ChatResponse> chat(ChatRequest r) {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public Flow.Publisher<ChatEvent> stream(ChatRequest r) {
                        return subscriber -> {
                            upstream.set(subscriber);
                            subscriber.onSubscribe(new Flow.Subscription() {
                                @Override
                                public void request(long n) {
                                }

                                @Override
                                public void cancel() {
                                }
                            });
                        };
                    }
                }).build()).build();
        java.util.concurrent.CountDownLatch inOnNext = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch secondQueued = new java.util.concurrent.CountDownLatch(1);
        List<ChatEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        manual.stream(request(A)).subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription newSubscription) {
                subscription = newSubscription;
                subscription.request(10);
            }

            @Override
            public void onNext(ChatEvent item) {
                seen.add(item);
                inOnNext.countDown();
                try {
                    secondQueued.await();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                subscription.cancel();
            }

            @Override
            public void onError(Throwable throwable) {
                seen.add(new ChatEvent.TextDelta("onError"));
            }

            @Override
            public void onComplete() {
                seen.add(new ChatEvent.TextDelta("onComplete"));
            }
        });

        Thread delivering = new Thread(() -> upstream.get().onNext(new ChatEvent.TextDelta("first")));
        delivering.start();
        assertThat(inOnNext.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        upstream.get().onNext(new ChatEvent.TextDelta("second"));
        secondQueued.countDown();
        delivering.join(5_000);

        assertThat(seen).containsExactly(new ChatEvent.TextDelta("first"));
    }
}
