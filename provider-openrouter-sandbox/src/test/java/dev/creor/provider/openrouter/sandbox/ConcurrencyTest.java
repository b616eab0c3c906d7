package dev.creor.provider.openrouter.sandbox;

import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.dripEvery;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallBeforeFirstChunk;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.textChunks;
import static dev.creor.provider.openrouter.sandbox.SandboxClient.chatBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many concurrent streams on the sandbox's one event loop, and nothing left once their clients leave. */
class ConcurrencyTest {
    private static final int STREAMS = 1_000;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private OpenRouterSandbox sandbox;
    private Vertx clientVertx;
    private HttpClient client;

    @BeforeEach
    void start() {
        sandbox = OpenRouterSandbox.builder().recordLimit(0).start();
        clientVertx = Vertx.vertx();
        client = clientVertx.createHttpClient(new HttpClientOptions().setKeepAlive(false),
                new PoolOptions().setHttp1MaxSize(STREAMS).setMaxWaitQueueSize(-1));
    }

    @AfterEach
    void stop() throws Exception {
        clientVertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        sandbox.close();
    }

    private Future<HttpClientResponse> stream(String model) {
        return client.request(new RequestOptions().setMethod(HttpMethod.POST)
                        .setAbsoluteURI(sandbox.baseUrl() + "/chat/completions")
                        .putHeader("Authorization", "Bearer " + sandbox.apiKey().reveal()))
                .compose(request -> request.send(Buffer.buffer(chatBody(model, "load", true))));
    }

    @Test
    void holdsThousandsOfStalledStreamsAtOnceAndReleasesThemWhenClientsLeave() throws Exception {
        sandbox.script("openai/gpt-4o", stallBeforeFirstChunk());

        List<Future<HttpClientResponse>> responses = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            responses.add(stream("openai/gpt-4o"));
        }
        Future.all(responses).toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(responses).allSatisfy(response -> assertThat(response.result().statusCode()).isEqualTo(200));
        assertThat(sandbox.inFlightRequests()).isEqualTo(STREAMS);
        assertThat(sandbox.openConnections()).isEqualTo(STREAMS);

        clientVertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);

        sandbox.awaitOpenConnections(0, WAIT);
        assertThat(sandbox.inFlightRequests()).isZero();
        assertThat(sandbox.pendingTimers()).isZero();
    }

    @Test
    void completesThousandsOfConcurrentDrippedStreams() throws Exception {
        sandbox.script("openai/gpt-4o", textChunks(5).and(dripEvery(Duration.ofMillis(20))));

        List<Future<Buffer>> bodies = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            bodies.add(stream("openai/gpt-4o").compose(HttpClientResponse::body));
        }
        Future.all(bodies).toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(bodies).allSatisfy(body -> {
            String text = body.result().toString();
            assertThat(SseText.chunks(text)).hasSize(6);
            assertThat(text).endsWith("data: [DONE]\n\n");
        });
        sandbox.awaitOpenConnections(0, WAIT);
        assertThat(sandbox.inFlightRequests()).isZero();
        assertThat(sandbox.pendingTimers()).isZero();
    }
}
