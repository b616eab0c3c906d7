package dev.creor.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.Message;
import dev.creor.core.internal.chat.ChatResponseCollector;
import dev.creor.runtime.internal.plugins.EchoPluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding facade over a real runtime, with the echo example dropped in as a plugin. */
class CreorTest {
    @TempDir
    static Path build;
    private static Path plugins;

    @TempDir
    Path home;
    @TempDir
    Path project;

    @BeforeAll
    static void buildTheEchoPlugin() throws Exception {
        plugins = Files.createDirectories(build.resolve("plugins"));
        EchoPluginJar.build(build, plugins.resolve("creor-provider-echo.jar"));
    }

    private Creor.Builder creor(String config) {
        return Creor.builder().workingDirectory(project).homeDirectory(home).environment(Map.of())
                .pluginDirectories(List.of(plugins)).config(config);
    }

    @Test
    void agentsAnswerThroughTheRouterAndReportTheirRoute() throws Exception {
        try (Creor creor = creor("{\"model\": \"echo/any\"}").build()) {
            CreorAgent build = creor.agent("build");
            ChatResponse answer = build.chat("hello world").toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(build.model()).isEqualTo(ModelRef.parse("echo/any"));
            assertThat(build.modelSource()).isEqualTo("top-level model (embedding:1:11)");
            assertThat(answer.text()).isEqualTo("hello world");
            assertThat(answer.route().attempts()).hasSize(1);
            assertThat(answer.route().summary()).isEqualTo("echo/any SUCCEEDED");
        }
    }

    @Test
    void streamsDeliverTheAnswerAsItIsWritten() throws Exception {
        try (Creor creor = creor("{\"agent\": {\"explore\": {\"model\": \"echo/shout\"}}}").build()) {
            ChatResponse answer = ChatResponseCollector.collect(creor.agent("explore").stream("quick look"))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(answer.text()).isEqualTo("QUICK LOOK");
        }
    }

    @Test
    void aConfiguredModelOfAnUnknownProviderIsAConfigErrorAtItsPosition() {
        assertThatThrownBy(() -> creor("{\"agent\": {\"plan\": {\"model\": \"ecoh/any\"}}}").build())
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).contains("embedding:1:30: /agent/plan/model: unknown provider \"ecoh\""
                            + " in model reference \"ecoh/any\" (did you mean \"echo\"?)");
                });
    }

    @Test
    void aModelOutsideTheWhitelistFailsBeforeAnyRequestIsSent() {
        String config = "{\"model\": \"echo/any\", \"provider\": {\"echo\": {\"whitelist\": [\"shout\"]}}}";
        try (Creor creor = creor(config).build()) {
            var failure = creor.agent("plan").chat("hi").toCompletableFuture();

            assertThatThrownBy(() -> failure.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.MODEL_NOT_ALLOWED);
                        assertThat(error.getMessage()).isEqualTo("agent \"plan\": the top-level model \"echo/any\" "
                                + "(embedding:1:11) is not allowed: \"any\" is not on the whitelist [shout] of provider.echo");
                    });
            ChatEvent event = firstEvent(creor.agent("plan").stream("hi"));
            assertThat(event).isInstanceOfSatisfying(ChatEvent.Failed.class,
                    failed -> assertThat(failed.error().code()).isEqualTo(ErrorCode.MODEL_NOT_ALLOWED));
        }
    }

    @Test
    void anAgentsBlockedModelIsReportedWithWhereItWasWrittenOnEveryRequest() throws Exception {
        String config = "{\"model\": \"echo/any\", \"provider\": {\"echo\": {\"whitelist\": [\"shout\"]}}}";
        try (Creor creor = creor(config).build()) {
            CreorAgent plan = creor.agent("plan");
            for (int request = 0; request < 2; request++) {
                assertThatThrownBy(() -> plan.chat("hi").toCompletableFuture().get(10, TimeUnit.SECONDS))
                        .as("request " + request).cause().isInstanceOfSatisfying(CreorException.class, error ->
                                assertThat(error.getMessage()).isEqualTo("agent \"plan\": the top-level model \"echo/any\""
                                        + " (embedding:1:11) is not allowed: \"any\" is not on the whitelist [shout] of"
                                        + " provider.echo"));
            }
        }
    }

    @Test
    void aRawRequestForABlockedModelIsRefusedByTheRouterNamingTheListToChange() throws Exception {
        String config = "{\"provider\": {\"echo\": {\"whitelist\": [\"shout\"]}}}";
        try (Creor creor = creor(config).build()) {
            ChatRequest request = ChatRequest.builder().model(ModelRef.parse("echo/any"))
                    .addMessage(Message.user("hi")).build();

            assertThatThrownBy(() -> creor.chat(request).toCompletableFuture().get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.MODEL_NOT_ALLOWED);
                        assertThat(error.getMessage()).isEqualTo("model echo/any is not allowed: \"any\" is not on the"
                                + " whitelist [shout] of provider echo");
                        assertThat(error.hint()).hasValue("pick an allowed model, or change provider.echo.whitelist or"
                                + " blacklist in your config");
                    });
            ChatEvent event = firstEvent(creor.stream(request));
            assertThat(event).isInstanceOfSatisfying(ChatEvent.Failed.class,
                    failed -> assertThat(failed.error().code()).isEqualTo(ErrorCode.MODEL_NOT_ALLOWED));
        }
    }

    @Test
    void anAgentsBlockedFallbackIsReportedBeforeAnyRequestNamingTheSetting() throws Exception {
        String config = "{\"model\": \"echo/shout\", \"fallbacks\": [\"echo/any\"],"
                + " \"provider\": {\"echo\": {\"whitelist\": [\"shout\"]}}}";
        try (Creor creor = creor(config).build()) {
            assertThatThrownBy(() -> creor.agent("plan").chat("hi").toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.MODEL_NOT_ALLOWED);
                        assertThat(error.getMessage()).isEqualTo("agent \"plan\": fallbacks[0] \"echo/any\" is not"
                                + " allowed: \"any\" is not on the whitelist [shout] of provider.echo");
                    });
        }
    }

    @Test
    void aRawRequestsBlockedFallbackIsSkippedAndReported() throws Exception {
        String config = "{\"provider\": {\"echo\": {\"whitelist\": [\"shout\"]}}}";
        try (Creor creor = creor(config).build()) {
            ChatRequest request = ChatRequest.builder().model(ModelRef.parse("echo/shout"))
                    .fallbacks(List.of(ModelRef.parse("echo/any"))).addMessage(Message.user("hi")).build();

            ChatResponse answer = creor.chat(request).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(answer.text()).isEqualTo("HI");
            assertThat(answer.route().summary()).isEqualTo("echo/any SKIPPED MODEL_NOT_ALLOWED → echo/shout SUCCEEDED");
            assertThat(answer.route().attempts().get(0).detail()).hasValue(
                    "\"any\" is not on the whitelist [shout] of provider echo");
        }
    }

    @Test
    void anInvalidConfigFailsTheBuildWithEveryProblem() {
        assertThatThrownBy(() -> creor("{\"modle\": \"echo/any\", \"agent\": {\"build\": {\"temperature\": \"hot\"}}}").build())
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).contains("unknown key \"modle\" (did you mean \"model\"?)",
                            "/agent/build/temperature");
                });
    }

    @Test
    void anInitialBackOffLongerThanTheDefaultMaximumIsAConfigErrorAtItsPosition() {
        String config = "{\"provider\": {\"echo\": {\"retry\": {\"initialBackoffMs\": 60000}}}}";

        assertThatThrownBy(() -> creor(config).build()).isInstanceOfSatisfying(CreorException.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(error.getMessage()).isEqualTo("the configuration is invalid:\n  embedding:1:54:"
                    + " /provider/echo/retry/initialBackoffMs: initialBackoffMs (60000) is greater than the default"
                    + " maxBackoffMs (30000); the first wait cannot exceed the longest; set maxBackoffMs to at least 60000");
        });
    }

    @Test
    void aBuildThatFailsOnItsConfigLeavesNoThreadBehind() throws Exception {
        // The back-off check is config's now and fails before anything is wired; this guards that
        // it stays that way (a check that moved back into wiring would run after Vert.x started).
        String config = "{\"provider\": {\"echo\": {\"retry\": {\"initialBackoffMs\": 60000}}}}";
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());

        assertThatThrownBy(() -> creor(config).build()).isInstanceOf(CreorException.class);

        Set<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && isRuntimeThread(thread.getName()))
                .collect(Collectors.toSet());
        for (Thread thread : started) {
            thread.join(5_000);
        }
        assertThat(started).filteredOn(Thread::isAlive).extracting(Thread::getName).as("threads left by the failed build")
                .isEmpty();
    }

    @Test
    void aQueueWithoutAConcurrencyLimitIsAConfigError() {
        String config = "{\"provider\": {\"echo\": {\"concurrency\": {\"maxQueued\": 10}}}}";

        assertThatThrownBy(() -> creor(config).build()).isInstanceOfSatisfying(CreorException.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(error.getMessage()).isEqualTo("the configuration is invalid:\n  embedding:1:53:"
                    + " /provider/echo/concurrency/maxQueued: a queue needs a limit: maxQueued has no effect without"
                    + " maxConcurrent; set maxConcurrent, or remove maxQueued");
        });
    }

    @Test
    void providersShowOriginAndCredentialStatus() {
        try (Creor creor = creor("{}").build()) {
            assertThat(creor.providers()).anySatisfy(provider -> {
                assertThat(provider.id()).isEqualTo("echo");
                assertThat(provider.origin()).endsWith("creor-provider-echo.jar");
                assertThat(provider.enabled()).isTrue();
                assertThat(provider.credential()).hasValueSatisfying(credential -> assertThat(credential.notNeeded()).isTrue());
            });
            assertThat(creor.agents()).extracting(CreorAgent::name).containsExactly("build", "plan", "explore");
        }
    }

    @Test
    @SuppressWarnings("try") // closing inside the try is what is tested
    void closeRefusesToWaitOnAnEventLoopAndWorksFromAnotherThread() throws Exception {
        io.vertx.core.Vertx other = io.vertx.core.Vertx.vertx();
        try (Creor creor = creor("{\"model\": \"echo/any\"}").build()) {
            java.util.concurrent.CompletableFuture<Throwable> refused = new java.util.concurrent.CompletableFuture<>();
            other.runOnContext(ignored -> {
                try {
                    creor.close();
                    refused.complete(null);
                } catch (RuntimeException e) {
                    refused.complete(e);
                }
            });

            assertThat(refused.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("must not run on a Vert.x event loop");
            assertThat(creor.agent("build").chat("still open").toCompletableFuture().get(10, TimeUnit.SECONDS).text())
                    .isEqualTo("still open");
        } finally {
            other.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void closeLeavesNoThreadOfCreorOrVertxBehind() throws Exception {
        // Threads of an earlier test's Vert.x may still be ending.
        Set<String> before = threadsStillAliveAfter(java.time.Duration.ofSeconds(5));
        // A delay between words makes the echo provider use the runtime's scheduler thread.
        String config = "{\"model\": \"echo/any\", \"provider\": {\"echo\": {\"options\": {\"wordDelayMs\": 1}}}}";
        try (Creor creor = creor(config).build()) {
            ChatResponseCollector.collect(creor.agent("build").stream("warm up every pool"))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(runtimeThreads()).as("threads while running")
                    .anyMatch(name -> name.startsWith("creor-scheduler"))
                    .anyMatch(name -> name.startsWith("vertx-blocked-thread-checker"));
        }

        assertThat(before).isEmpty();
        assertThat(threadsStillAliveAfter(java.time.Duration.ofSeconds(5))).as("threads left after close").isEmpty();
    }

    /** Joins the runtime's threads: a thread that is ending may still be alive the instant close() returns. */
    private static Set<String> threadsStillAliveAfter(java.time.Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (isRuntimeThread(thread.getName())) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }
        return runtimeThreads();
    }

    private static boolean isRuntimeThread(String name) {
        return name.startsWith("creor-") || name.startsWith("vert.x-") || name.startsWith("vertx-");
    }

    private static Set<String> runtimeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(CreorTest::isRuntimeThread)
                .collect(Collectors.toSet());
    }

    private static ChatEvent firstEvent(java.util.concurrent.Flow.Publisher<ChatEvent> stream) {
        var events = new java.util.concurrent.LinkedBlockingQueue<ChatEvent>();
        stream.subscribe(new java.util.concurrent.Flow.Subscriber<>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(ChatEvent item) {
                events.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
        try {
            return events.poll(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
