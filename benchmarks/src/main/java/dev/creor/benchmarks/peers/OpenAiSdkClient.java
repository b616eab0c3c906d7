package dev.creor.benchmarks.peers;

import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.creor.benchmarks.load.BenchWorkspace;
import dev.creor.benchmarks.load.LoadClient;
import dev.creor.benchmarks.load.StreamCall;
import dev.creor.benchmarks.load.StreamListener;
import dev.creor.benchmarks.load.Versions;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The official OpenAI Java SDK ({@code com.openai:openai-java}), as its README shows for another
 * OpenAI-compatible endpoint: {@code OpenAIOkHttpClientAsync.builder().baseUrl(...).apiKey(...)}, the
 * asynchronous client, so no thread waits per JSON request. Streams are read by the SDK on its
 * stream-handler executor (a cached pool: one thread per open stream). OkHttp's dispatcher allows 64
 * calls at once by default; it is given the harness's connection limit instead, as every client is.
 */
public final class OpenAiSdkClient implements LoadClient {
    private final OkHttpClient okHttp;
    private final OpenAIClientAsync client;
    private final ChatCompletionCreateParams json;
    private final ChatCompletionCreateParams streamed;

    /** A client of the sandbox at {@code baseUrl} allowing {@code maxConnections} calls at once. */
    public OpenAiSdkClient(URI baseUrl, String apiKey, int maxConnections) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(maxConnections);
        dispatcher.setMaxRequestsPerHost(maxConnections);
        this.okHttp = new OkHttpClient.Builder().dispatcher(dispatcher).build();
        this.client = OpenAIOkHttpClientAsync.builder()
                .baseUrl(baseUrl.toString())
                .apiKey(apiKey)
                .okHttpClient(okHttp)
                .build();
        this.json = params(BenchWorkspace.MODEL);
        this.streamed = streamParams(BenchWorkspace.MODEL);
    }

    private static ChatCompletionCreateParams params(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(BenchWorkspace.PROMPT).build();
    }

    private static ChatCompletionCreateParams streamParams(String model) {
        // The usage chunk, as Creor and the baseline ask for it.
        return params(model).toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
    }

    @Override
    public String name() {
        return "openai-sdk";
    }

    @Override
    public String description() {
        return "OpenAI Java SDK " + Versions.of(ChatCompletionCreateParams.class) + " (OkHttp "
                + Versions.of(OkHttpClient.class) + "), asynchronous client";
    }

    @Override
    public CompletableFuture<Long> chat() {
        return client.chat().completions().create(json).thenApply(completion -> {
            if (completion.choices().isEmpty() || completion.choices().get(0).message().content().isEmpty()) {
                throw new IllegalStateException("an empty answer");
            }
            return 0L;
        });
    }

    @Override
    public StreamCall stream(String model, StreamListener listener) {
        AsyncStreamResponse<ChatCompletionChunk> response = client.chat().completions()
                .createStreaming(model.equals(BenchWorkspace.MODEL) ? streamed : streamParams(model));
        AtomicBoolean cancelled = new AtomicBoolean();
        response.subscribe(chunk -> {
            if (!cancelled.get()) {
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    if (choice.delta().content().filter(text -> !text.isEmpty()).isPresent()) {
                        listener.onText();
                    }
                }
            }
        }).onCompleteFuture().whenComplete((ignored, failure) -> {
            if (cancelled.get()) {
                return;
            }
            if (failure == null) {
                listener.onCompleted();
            } else {
                listener.onFailed(failure);
            }
        });
        return () -> {
            if (cancelled.compareAndSet(false, true)) {
                response.close();
            }
        };
    }

    @Override
    public void close() {
        client.close();
        // The SDK closes only what it made; the OkHttp client handed to it is the caller's to release.
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
    }
}
