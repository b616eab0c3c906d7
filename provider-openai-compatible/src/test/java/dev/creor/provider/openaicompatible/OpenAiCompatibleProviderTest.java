package dev.creor.provider.openaicompatible;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Scheduler;
import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.Role;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.ToolSpec;
import dev.creor.core.internal.chat.ChatResponseCollector;
import dev.creor.provider.kit.VertxProviderKit;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderSettings;
import dev.creor.testkit.OpenAiCompatibleDouble;
import io.vertx.core.Vertx;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the built-in provider reads and sends beyond the contract, over loopback against the double. */
class OpenAiCompatibleProviderTest {
    @TempDir
    Path cache;

    private Vertx vertx;
    private ScheduledExecutorService timers;
    private OpenAiCompatibleDouble server;
    private final List<Provider> providers = new ArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        timers = Executors.newSingleThreadScheduledExecutor();
        server = OpenAiCompatibleDouble.start();
    }

    @AfterEach
    void stop() throws Exception {
        providers.forEach(Provider::close);
        server.close();
        timers.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Provider provider(Map<String, ?> options, Secret key) {
        ProviderSettings.Builder settings = ProviderSettings.builder("local").options(options);
        if (key != null) {
            settings.credential(key);
        }
        Provider provider = new OpenAiCompatibleProviderFactory().create(settings.build(), ProviderContext
                .builder(Scheduler.using(timers, Clock.systemUTC()), Runnable::run, cache)
                .kit(new VertxProviderKit(vertx, "creor-test", Clock.systemUTC()))
                .build());
        providers.add(provider);
        return provider;
    }

    private Provider provider() {
        return provider(Map.of("baseURL", server.baseUrl().toString()), null);
    }

    /** Every value the server received under a header name, in any case. */
    private List<String> values(String name) {
        return server.lastHeaders().entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream()).toList();
    }

    private static ChatRequest ask(String model, String prompt) {
        return ChatRequest.builder().model(ModelRef.parse("local/" + model)).addMessage(Message.user(prompt)).build();
    }

    private static List<ChatEvent> events(Flow.Publisher<ChatEvent> stream) throws Exception {
        CompletableFuture<List<ChatEvent>> done = new CompletableFuture<>();
        List<ChatEvent> events = new ArrayList<>();
        stream.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ChatEvent event) {
                events.add(event);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                done.complete(events);
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void reasoningContentArrivesAsReasoningBeforeTheAnswer() throws Exception {
        List<ChatEvent> events = events(provider().chatModel().stream(ask("thinker", "the answer?")));

        assertThat(events).startsWith(new ChatEvent.ReasoningDelta("Thinking "), new ChatEvent.ReasoningDelta("hard."),
                new ChatEvent.TextDelta("42"));
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(ChatEvent.Completed.class, completed -> {
            assertThat(completed.metadata().finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(completed.metadata().usage().promptTokens()).isEqualTo(5);
            assertThat(completed.metadata().usage().completionTokens()).isEqualTo(7);
        });
    }

    @Test
    void aToolCallStreamedInPiecesIsAssembled() throws Exception {
        ChatResponse answer = ChatResponseCollector.collect(provider().chatModel().stream(ask("tools", "weather?")))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(answer.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.id()).isEqualTo("call_1");
            assertThat(call.name()).isEqualTo("get_weather");
            assertThat(call.arguments()).isEqualTo("{\"city\":\"Oslo\"}");
        });
        assertThat(answer.metadata().finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void imagesFilesToolResultsAndToolChoiceGoOutInOpenAisShapes() throws Exception {
        ToolCall call = new ToolCall("call_7", "lookup", "{}");
        ChatRequest request = ChatRequest.builder().model(ModelRef.parse("local/echo"))
                .addMessage(Message.builder(Role.USER).text("What is this?")
                        .image(Message.Media.bytes(new byte[] {1, 2, 3}, "image/png"))
                        .file(Message.Media.bytes(new byte[] {4}, "application/pdf"), "a.pdf").build())
                .addMessage(Message.assistant("", List.of(call)))
                .addMessage(Message.tool("call_7", "found"))
                .tools(List.of(new ToolSpec("lookup", "Looks up.", Map.of("type", "object"))))
                .toolChoice(ChatRequest.ToolChoice.tool("lookup"))
                .build();

        ChatResponseCollector.collect(provider().chatModel().stream(request)).toCompletableFuture().get(10, TimeUnit.SECONDS);

        // The kit writes compact JSON in field order, so the shapes can be compared as text.
        assertThat(server.lastChatBody()).contains(
                "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is this?\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AQID\"}},"
                        + "{\"type\":\"file\",\"file\":{\"filename\":\"a.pdf\",\"file_data\":\"data:application/pdf;base64,BA==\"}}]}",
                "{\"role\":\"tool\",\"tool_call_id\":\"call_7\",\"content\":\"found\"}",
                "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}");
    }

    @Test
    void withoutAKeyNoAuthorizationIsSentAndConfiguredHeadersAre() throws Exception {
        Provider provider = provider(Map.of("baseURL", server.baseUrl().toString(), "headers", Map.of("X-Team", "search")),
                null);

        provider.chatModel().chat(ask("echo", "hi")).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(server.lastHeader("Authorization")).isEmpty();
        assertThat(server.lastHeader("X-Team")).contains("search");
        assertThat(server.lastHeader("User-Agent")).contains("creor-test");
    }

    @Test
    void aRequestsHeadersGoOnTheWireOverConfiguredOnesButNeverOverTheKey() throws Exception {
        // A service with its own key header (as a plugin may describe one), so that a request header can collide with it.
        ProviderContext.Kit.OpenAiCompatible service = ProviderContext.Kit.OpenAiCompatible.builder("local", server.baseUrl())
                .auth("api-key", "").headers(Map.of("X-Team", "search", "X-Trace", "configured")).build();
        Provider provider = new VertxProviderKit(vertx, "creor-test", Clock.systemUTC()).openAiCompatible(service,
                ProviderSettings.builder("local").credential(Secret.of("sk-local-1")).build());
        providers.add(provider);
        ChatRequest request = ChatRequest.builder().model(ModelRef.parse("local/echo")).addMessage(Message.user("hi"))
                .headers(Map.of("x-trace", "from-the-request", "X-Session", "s-42", "API-Key", "not-the-key"))
                .build();

        provider.chatModel().chat(request).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(server.lastHeader("X-Session")).contains("s-42");
        assertThat(values("X-Trace")).containsExactly("from-the-request");
        assertThat(server.lastHeader("X-Team")).contains("search");
        assertThat(values("API-Key")).containsExactly("sk-local-1");
    }

    @Test
    void routingPreferencesAreOpenRoutersAndAreNotSentToAnOpenAiCompatibleEndpoint() throws Exception {
        ChatRequest request = ChatRequest.builder().model(ModelRef.parse("local/echo")).addMessage(Message.user("hi"))
                .routing(Map.of("order", List.of("anthropic"), "data_collection", "deny"))
                .build();

        ChatResponse answer = provider().chatModel().chat(request).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(answer.text()).isNotEmpty();
        assertThat(server.lastChatBody()).doesNotContain("\"provider\"").doesNotContain("data_collection");
    }

    @Test
    void aRejectedKeyIsMaskedInTheServersMessageAndTheRestOfItKept() throws Exception {
        try (OpenAiCompatibleDouble guarded = OpenAiCompatibleDouble.requiringKey("sk-right-0123456789abcdef")) {
            String wrong = "sk-wrong-0123456789abcdef";
            Provider provider = provider(Map.of("baseURL", guarded.baseUrl().toString()), Secret.of(wrong));

            List<ChatEvent> events = events(provider.chatModel().stream(ask("echo", "hi")));

            assertThat(events).singleElement().isInstanceOfSatisfying(ChatEvent.Failed.class, failed -> {
                assertThat(failed.error().code()).isEqualTo(ErrorCode.AUTH_INVALID);
                assertThat(failed.error().getMessage()).doesNotContain(wrong)
                        .contains("Incorrect API key provided: " + Secret.of(wrong).masked(), "Check the key and try again");
            });
        }
    }

    @Test
    void modelsComeFromTheServerOrFromTheConfiguredList() throws Exception {
        List<ModelInfo> listed = provider().catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS);
        List<ModelInfo> configured = provider(Map.of("baseURL", server.baseUrl().toString(), "models", List.of("a", "b")),
                null).catalog().models().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(listed).map(model -> model.ref().model()).containsExactlyElementsOf(OpenAiCompatibleDouble.MODELS);
        assertThat(configured).map(model -> model.ref().toString()).containsExactly("local/a", "local/b");
    }

    @Test
    void plainHttpIsAllowedToThisMachineOnly() {
        assertThatThrownBy(() -> provider(Map.of("baseURL", "http://192.0.2.1:8000/v1"), null))
                .isInstanceOfSatisfying(CreorException.class, error -> {
                    assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
                    assertThat(error.getMessage()).contains("plain http is allowed only to this machine");
                });
        assertThatThrownBy(() -> provider(Map.of("baseURL", "http://127.0.0.1.example.com/v1"), null))
                .as("a name that merely starts like a loopback address").isInstanceOf(CreorException.class);
        assertThat(provider(Map.of("baseURL", "http://localhost:11434/v1"), null)).isNotNull();
        assertThat(provider(Map.of("baseURL", "http://[::1]:11434/v1"), null)).isNotNull();
        assertThat(provider(Map.of("baseURL", "https://api.groq.com/openai/v1"), null)).isNotNull();
    }

    @Test
    void withoutABaseUrlItSaysWhatToSet() {
        assertThatThrownBy(() -> provider(Map.of(), null)).isInstanceOfSatisfying(CreorException.class, error -> {
            assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID);
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("provider.local.options.baseURL"));
        });
    }

    @Test
    void aServerThatIsDownIsUnavailable() throws Exception {
        String down = server.baseUrl().toString();
        server.close();

        List<ChatEvent> events = events(provider(Map.of("baseURL", down), null).chatModel().stream(ask("echo", "hi")));

        assertThat(events).singleElement().isInstanceOfSatisfying(ChatEvent.Failed.class,
                failed -> assertThat(failed.error().code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
    }
}
