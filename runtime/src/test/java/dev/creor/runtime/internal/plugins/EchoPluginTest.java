package dev.creor.runtime.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.Environment;
import dev.creor.core.ModelRef;
import dev.creor.core.Scheduler;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.runtime.internal.plugins.PluginProblem.Severity;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The echo example, built from its sources into a jar and dropped into a plugin directory, works like any plugin. */
class EchoPluginTest {
    @TempDir
    static Path build;
    private static Path echoJar;
    private static ScheduledExecutorService timers;

    @TempDir
    Path home;
    @TempDir
    Path plugins;

    @BeforeAll
    static void buildTheEchoJar() {
        echoJar = EchoPluginJar.build(build, build.resolve("creor-provider-echo.jar"));
        timers = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopTimers() {
        timers.shutdownNow();
    }

    @Test
    void theDroppedInEchoJarAnswersAndStreamsWordByWord() throws Exception {
        Path jar = Files.copy(echoJar, plugins.resolve("creor-provider-echo.jar"));

        try (DiscoveredProviders discovered = discover()) {
            assertThat(discovered.problems()).isEmpty();
            DiscoveredProvider echo = discovered.require("echo");
            assertThat(echo.origin()).isEqualTo(Origin.jar(jar));
            assertThat(echo.descriptor().displayName()).isEqualTo("Echo");
            assertThat(echo.descriptor().requiresCredential()).isFalse();
            assertThat(echo.factory().getClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
            assertThatThrownBy(() -> Class.forName(echo.factoryClassName()))
                    .as("the app itself does not have the echo classes")
                    .isInstanceOf(ClassNotFoundException.class);

            try (Provider provider = echo.create(ProviderSettings.builder("echo").build(), context())) {
                ChatRequest hello = ChatRequest.builder().model(ModelRef.parse("echo/any"))
                        .addMessage(Message.user("hello world")).build();
                assertThat(provider.chatModel().chat(hello).toCompletableFuture().get(5, TimeUnit.SECONDS).text())
                        .isEqualTo("hello world");
                assertThat(streamed(provider.chatModel().stream(hello)))
                        .containsExactly("TextDelta:hello", "TextDelta: world", "Completed");
                assertThat(provider.catalog().models().toCompletableFuture().get(5, TimeUnit.SECONDS))
                        .extracting(ModelInfo::ref).contains(ModelRef.parse("echo/any"));
            }
        }
    }

    @Test
    void aBrokenJarBesideTheEchoJarIsReportedAndEchoKeepsWorking() throws Exception {
        Files.copy(echoJar, plugins.resolve("creor-provider-echo.jar"));
        Path broken = Files.writeString(plugins.resolve("broken.jar"), "not a jar");

        try (DiscoveredProviders discovered = discover()) {
            assertThat(discovered.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.severity()).isEqualTo(Severity.ERROR);
                assertThat(problem.origin()).isEqualTo(Origin.jar(broken));
                assertThat(problem.message()).startsWith("plugin jar " + broken + " cannot be read as a jar");
            });
            try (Provider provider = discovered.require("echo").create(ProviderSettings.builder("echo").build(),
                    context())) {
                ChatRequest hello = ChatRequest.builder().model(ModelRef.parse("echo/any"))
                        .addMessage(Message.user("still here")).build();
                assertThat(provider.chatModel().chat(hello).toCompletableFuture().get(5, TimeUnit.SECONDS).text())
                        .isEqualTo("still here");
            }
        }
    }

    private DiscoveredProviders discover() {
        return ProviderDiscovery.builder(Environment.of(Map.of("CREOR_PLUGIN_PATH", plugins.toString())), home)
                .build()
                .discover();
    }

    private ProviderContext context() {
        return ProviderContext.builder(Scheduler.using(timers, Clock.systemUTC()), Runnable::run,
                home.resolve("cache")).build();
    }

    private static List<String> streamed(Flow.Publisher<ChatEvent> stream) throws Exception {
        List<String> events = new ArrayList<>();
        CompletableFuture<List<String>> done = new CompletableFuture<>();
        stream.subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                subscription.request(1);
            }

            @Override
            public void onNext(ChatEvent event) {
                events.add(event instanceof ChatEvent.TextDelta delta ? "TextDelta:" + delta.text()
                        : event.getClass().getSimpleName());
                subscription.request(1);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(events);
            }
        });
        return done.get(5, TimeUnit.SECONDS);
    }
}
