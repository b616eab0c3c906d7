package dev.creor.benchmarks.peers;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import dev.creor.benchmarks.load.BenchWorkspace;
import dev.creor.benchmarks.load.LoadClient;
import dev.creor.benchmarks.load.StreamCall;
import dev.creor.benchmarks.load.StreamListener;
import dev.creor.benchmarks.load.Versions;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import reactor.core.Disposable;

/**
 * Spring AI's OpenAI chat model ({@code org.springframework.ai:spring-ai-openai}) without Spring Boot:
 * {@code OpenAiChatModel.builder()} by hand, no application context, no observation registry (the
 * builder's default, a no-op). Spring AI 2 is built on the official OpenAI SDK; the model is handed the
 * SDK's clients, made as for the {@link OpenAiSdkClient} peer, because Spring AI's own OkHttp set-up keeps
 * OkHttp's limit of 64 calls at once and has no setting for it. {@code call} blocks, so JSON requests wait
 * on {@link CallerThreads}; {@code stream} is a Reactor {@code Flux} over the SDK's asynchronous stream,
 * cancelled by disposing its subscription.
 */
public final class SpringAiClient implements LoadClient {
    private final OkHttpClient okHttp;
    private final OpenAIClient client;
    private final OpenAIClientAsync asyncClient;
    private final Map<String, OpenAiChatModel> models = new ConcurrentHashMap<>();
    private final CallerThreads callers = new CallerThreads("spring-ai");
    private final Prompt prompt = new Prompt(BenchWorkspace.PROMPT);

    /** A client of the sandbox at {@code baseUrl} allowing {@code maxConnections} calls at once. */
    public SpringAiClient(URI baseUrl, String apiKey, int maxConnections) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(maxConnections);
        dispatcher.setMaxRequestsPerHost(maxConnections);
        this.okHttp = new OkHttpClient.Builder().dispatcher(dispatcher).build();
        this.client = OpenAIOkHttpClient.builder().baseUrl(baseUrl.toString()).apiKey(apiKey).okHttpClient(okHttp).build();
        this.asyncClient = OpenAIOkHttpClientAsync.builder().baseUrl(baseUrl.toString()).apiKey(apiKey)
                .okHttpClient(okHttp).build();
    }

    private OpenAiChatModel model(String id) {
        return models.computeIfAbsent(id, ignored -> OpenAiChatModel.builder()
                .openAiClient(client)
                .openAiClientAsync(asyncClient)
                .options(OpenAiChatOptions.builder().model(id).build())
                .build());
    }

    @Override
    public String name() {
        return "spring-ai";
    }

    @Override
    public String description() {
        return "Spring AI " + Versions.of(OpenAiChatModel.class) + " (spring-ai-openai on the OpenAI Java SDK "
                + Versions.of(OpenAIClient.class) + ", Reactor " + Versions.of(Disposable.class) + ")";
    }

    @Override
    public CompletableFuture<Long> chat() {
        OpenAiChatModel model = model(BenchWorkspace.MODEL);
        return CompletableFuture.supplyAsync(() -> {
            if (text(model.call(prompt)).isEmpty()) {
                throw new IllegalStateException("an empty answer");
            }
            return 0L;
        }, callers.pool());
    }

    private static String text(ChatResponse response) {
        Generation result = response.getResult();
        if (result == null || result.getOutput() == null) {
            return "";
        }
        String text = result.getOutput().getText();
        return text == null ? "" : text;
    }

    @Override
    public StreamCall stream(String model, StreamListener listener) {
        AtomicBoolean cancelled = new AtomicBoolean();
        Disposable subscription = model(model).stream(prompt).subscribe(
                response -> {
                    if (!cancelled.get() && !text(response).isEmpty()) {
                        listener.onText();
                    }
                },
                failure -> {
                    if (!cancelled.get()) {
                        listener.onFailed(failure);
                    }
                },
                () -> {
                    if (!cancelled.get()) {
                        listener.onCompleted();
                    }
                });
        return () -> {
            if (cancelled.compareAndSet(false, true)) {
                subscription.dispose();
            }
        };
    }

    @Override
    public void close() {
        callers.close();
        client.close();
        asyncClient.close();
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
    }
}
