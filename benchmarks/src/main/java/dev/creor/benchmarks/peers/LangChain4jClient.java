package dev.creor.benchmarks.peers;

import dev.creor.benchmarks.load.BenchWorkspace;
import dev.creor.benchmarks.load.LoadClient;
import dev.creor.benchmarks.load.StreamCall;
import dev.creor.benchmarks.load.StreamListener;
import dev.creor.benchmarks.load.Versions;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * LangChain4j's OpenAI module ({@code dev.langchain4j:langchain4j-open-ai}) as its OpenRouter example
 * shows: {@code OpenAiChatModel} and {@code OpenAiStreamingChatModel} with a base URL, a key and a model
 * name, on its default HTTP client (the JDK's {@code java.net.http.HttpClient}, which has no connection
 * limit to raise). {@code chat} blocks, so JSON requests wait on {@link CallerThreads}. The streaming model
 * reads each answer's body on a thread of the JDK client's executor until it ends.
 *
 * <p>One setting differs from the example: the JDK client is told to speak HTTP/1.1, as every other client
 * here does. Left at its default it upgrades the sandbox's cleartext connection to HTTP/2 (h2c), which no
 * other client does, and on JDK 17 it then fails every stream beyond the server's limit of concurrent
 * streams ({@code IOException: too many concurrent streams}) instead of opening another connection: 122 of
 * 300 concurrent streams failed so in a trial run.
 *
 * <p>A stream can be cancelled only through the handle its first partial response brings
 * ({@code PartialResponseContext.streamingHandle()}, since 1.8): a cancel before then takes effect upon
 * that first token.
 */
public final class LangChain4jClient implements LoadClient {
    private final URI baseUrl;
    private final String apiKey;
    private final ChatModel chatModel;
    private final Map<String, StreamingChatModel> streamingModels = new ConcurrentHashMap<>();
    private final CallerThreads callers = new CallerThreads("langchain4j");

    /** A client of the sandbox at {@code baseUrl}. */
    public LangChain4jClient(URI baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.chatModel = OpenAiChatModel.builder()
                .httpClientBuilder(http11())
                .baseUrl(baseUrl.toString())
                .apiKey(apiKey)
                .modelName(BenchWorkspace.MODEL)
                .build();
    }

    private static JdkHttpClientBuilder http11() {
        return JdkHttpClient.builder().httpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
    }

    @Override
    public String name() {
        return "langchain4j";
    }

    @Override
    public String description() {
        return "LangChain4j " + Versions.of(OpenAiChatModel.class) + " (langchain4j-open-ai, JDK HttpClient, HTTP/1.1)";
    }

    @Override
    public String cancellation() {
        return "upon the first token (the cancel handle comes with it)";
    }

    @Override
    public CompletableFuture<Long> chat() {
        return CompletableFuture.supplyAsync(() -> {
            if (chatModel.chat(BenchWorkspace.PROMPT).isEmpty()) {
                throw new IllegalStateException("an empty answer");
            }
            return 0L;
        }, callers.pool());
    }

    @Override
    public StreamCall stream(String model, StreamListener listener) {
        StreamingChatModel streaming = streamingModels.computeIfAbsent(model, id -> OpenAiStreamingChatModel.builder()
                .httpClientBuilder(http11())
                .baseUrl(baseUrl.toString())
                .apiKey(apiKey)
                .modelName(id)
                .build());
        Handler handler = new Handler(listener);
        streaming.chat(BenchWorkspace.PROMPT, handler);
        return handler;
    }

    private static final class Handler implements StreamingChatResponseHandler, StreamCall {
        private final StreamListener listener;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile StreamingHandle handle;
        private volatile boolean cancelled;

        Handler(StreamListener listener) {
            this.listener = listener;
        }

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            StreamingHandle given = context.streamingHandle();
            handle = given;
            if (cancelled) {
                given.cancel();
                return;
            }
            if (!partialResponse.text().isEmpty()) {
                listener.onText();
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            if (ended.compareAndSet(false, true) && !cancelled) {
                listener.onCompleted();
            }
        }

        @Override
        public void onError(Throwable error) {
            if (ended.compareAndSet(false, true) && !cancelled) {
                listener.onFailed(error);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            StreamingHandle given = handle;
            if (given != null && !given.isCancelled()) {
                given.cancel();
            }
        }
    }

    @Override
    public void close() {
        // The models have nothing to close; the JDK HttpClient under them has no close() before Java 21.
        callers.close();
    }
}
