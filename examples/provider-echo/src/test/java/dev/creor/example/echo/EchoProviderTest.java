package dev.creor.example.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Scheduler;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.Usage;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderSettings;
import dev.creor.testkit.RecordingSubscriber;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EchoProviderTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path cache;

    private final ManualScheduler scheduler = new ManualScheduler();

    @Test
    void answersWithTheLastUserMessageAndCountsWords() {
        try (Provider echo = echo(Map.of())) {
            ChatResponse response = echo.chatModel().chat(ChatRequest.builder()
                    .model(ModelRef.parse("echo/whatever-you-like"))
                    .addMessage(Message.system("be brief"))
                    .addMessage(Message.user("first question"))
                    .addMessage(Message.assistant("first question"))
                    .addMessage(Message.user("  hello   world  "))
                    .build()).toCompletableFuture().join();

            assertThat(response.text()).isEqualTo("hello world");
            assertThat(response.usage()).isEqualTo(Usage.of(8, 2));
            assertThat(response.servedModel()).isEqualTo(ModelRef.parse("echo/whatever-you-like"));
        }
    }

    @Test
    void refusesImagesAndFilesItCannotReadInsteadOfDroppingThem() {
        try (Provider echo = echo(Map.of())) {
            Message image = Message.builder(dev.creor.core.chat.Role.USER).text("what is this?")
                    .image(Message.Media.bytes(new byte[] {1, 2, 3}, "image/png")).build();
            Message file = Message.builder(dev.creor.core.chat.Role.USER).text("summarise")
                    .file(Message.Media.bytes(new byte[] {1}, "application/pdf"), "a.pdf").build();

            for (Message message : List.of(image, file)) {
                ChatRequest request = ChatRequest.builder().model(ModelRef.parse("echo/any")).addMessage(message).build();
                assertThatThrownBy(() -> echo.chatModel().chat(request).toCompletableFuture().join())
                        .cause().isInstanceOfSatisfying(CreorException.class, error -> {
                            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                            assertThat(error.getMessage()).startsWith("message 1 holds a")
                                    .endsWith("part, and the echo provider reads text only");
                        });
            }
        }
    }

    @Test
    void shoutsForTheShoutModel() {
        try (Provider echo = echo(Map.of())) {
            assertThat(echo.chatModel().chat(request("echo/shout", "hello world")).toCompletableFuture().join().text())
                    .isEqualTo("HELLO WORLD");
        }
    }

    @Test
    void simulatesFailingServicesByModelId() {
        try (Provider echo = echo(Map.of())) {
            assertThat(failure(echo, "echo/error-503")).satisfies(error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
                assertThat(error.getMessage()).isEqualTo("echo/error-503 simulates a failing service: HTTP 503");
                assertThat(error.httpStatus()).hasValue(503);
            });
            assertThat(failure(echo, "echo/error-429-retry-after-7").retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(failure(echo, "echo/error-402").code()).isEqualTo(ErrorCode.INSUFFICIENT_CREDITS);
            assertThat(failure(echo, "echo/error-418").code()).as("any status maps as the kit maps it")
                    .isEqualTo(ErrorCode.INVALID_REQUEST);
        }
    }

    @Test
    void pausesBetweenWordsOnTheHostsScheduler() {
        try (Provider echo = echo(Map.of("wordDelayMs", 50))) {
            RecordingSubscriber<ChatEvent> subscriber = new RecordingSubscriber<>();
            echo.chatModel().stream(request("echo/any", "one two three")).subscribe(subscriber);
            subscriber.request(10);

            assertThat(subscriber.awaitEvents(1, WAIT)).containsExactly(new ChatEvent.TextDelta("one"));
            assertThat(scheduler.delays).containsExactly(Duration.ofMillis(50));
            scheduler.runDue();
            assertThat(subscriber.events()).containsExactly(new ChatEvent.TextDelta("one"), new ChatEvent.TextDelta(" two"));
            scheduler.runDue();

            subscriber.awaitTermination(WAIT);
            assertThat(subscriber.events()).hasSize(4).last().isInstanceOf(ChatEvent.Completed.class);
            assertThat(scheduler.delays).hasSize(2);
            assertThat(subscriber.violations()).isEmpty();
        }
    }

    @Test
    void requestingFromInsideOnNextDoesNotRecurse() {
        String text = "word ".repeat(20_000);
        List<ChatEvent> received = new ArrayList<>();
        try (Provider echo = echo(Map.of())) {
            echo.chatModel().stream(request("echo/any", text)).subscribe(new Flow.Subscriber<>() {
                private Flow.Subscription subscription;

                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    this.subscription = subscription;
                    subscription.request(1);
                }

                @Override
                public void onNext(ChatEvent event) {
                    received.add(event);
                    subscription.request(1);
                }

                @Override
                public void onError(Throwable throwable) {
                    throw new AssertionError(throwable);
                }

                @Override
                public void onComplete() {
                }
            });
        }
        assertThat(received).hasSize(20_001).last().isInstanceOf(ChatEvent.Completed.class);
    }

    @Test
    void rejectsAWordDelayThatIsNotAWholeNumberOfMilliseconds() {
        assertThatThrownBy(() -> echo(Map.of("wordDelayMs", 2.5)))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).isEqualTo("provider.echo.options.wordDelayMs must be a whole number "
                            + "of milliseconds from 0 to 60000; got 2.5");
                });
    }

    private Provider echo(Map<String, Object> options) {
        return new EchoProviderFactory().create(ProviderSettings.builder("echo").options(options).build(),
                ProviderContext.builder(scheduler, Runnable::run, cache).build());
    }

    private static CreorException failure(Provider echo, String model) {
        try {
            echo.chatModel().chat(request(model, "hi")).toCompletableFuture().join();
        } catch (CompletionException failed) {
            return (CreorException) failed.getCause();
        }
        throw new AssertionError(model + " did not fail");
    }

    private static ChatRequest request(String model, String text) {
        return ChatRequest.builder().model(ModelRef.parse(model)).addMessage(Message.user(text)).build();
    }

    /** A scheduler whose actions run only when the test says, on the test's thread. */
    private static final class ManualScheduler implements Scheduler {
        final List<Duration> delays = new ArrayList<>();
        final List<Runnable> due = new ArrayList<>();
        int cancelled;

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public synchronized Cancellable schedule(Duration delay, Runnable action) {
            delays.add(delay);
            due.add(action);
            return () -> {
                synchronized (this) {
                    if (due.remove(action)) {
                        cancelled++;
                    }
                }
            };
        }

        void runDue() {
            List<Runnable> actions;
            synchronized (this) {
                actions = List.copyOf(due);
                due.clear();
            }
            actions.forEach(Runnable::run);
        }
    }
}
