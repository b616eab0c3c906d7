package dev.creor.serve;

import static dev.creor.serve.GatewayFixture.MODEL;
import static dev.creor.serve.GatewayFixture.chat;
import static dev.creor.serve.GatewayFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streamed answers through the gateway: the chunks, the end, failures, disconnects and shutdown. */
class CreorGatewayStreamingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int BACK_PRESSURE_CHUNKS = 4000;
    private static final int BACK_PRESSURE_CHUNK_CHARS = 8 * 1024;

    @TempDir
    Path home;

    private GatewayFixture fixture;

    @BeforeEach
    void start() {
        fixture = new GatewayFixture(home);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aStreamEndsWithTheFinishReasonThenUsageAndRouteThenDone() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.textChunks(5));

        HttpResponse<String> answer = fixture.send(fixture.post("/v1/chat/completions", chat(MODEL, true)));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        List<String> events = events(answer.body());
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(GatewayFixture::json).toList();
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk"));
        assertThat(chunks.get(0).path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.path("choices").forEach(choice -> text.append(choice.path("delta").path("content").asText(""))));
        assertThat(text).isNotEmpty();
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.path("choices")).isEmpty();
        assertThat(last.path("usage").path("cost").isNumber()).as(last.toString()).isTrue();
        assertThat(last.path("model").asText()).isEqualTo(MODEL);
        assertThat(last.path("creor").path("route").path("attempts").get(0).path("outcome").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void toolCallsStreamAsIndexedPieces() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.toolCall("get_weather", "{\"city\":\"Paris\"}"));

        HttpResponse<String> answer = fixture.send(fixture.post("/v1/chat/completions", "{\"model\": \"" + MODEL
                + "\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"Weather?\"}], \"tools\": [{\"type\":"
                + " \"function\", \"function\": {\"name\": \"get_weather\", \"parameters\": {\"type\": \"object\"}}}]}"));

        List<JsonNode> chunks = events(answer.body()).stream().filter(event -> !event.equals("[DONE]"))
                .map(GatewayFixture::json).toList();
        StringBuilder arguments = new StringBuilder();
        String name = "";
        for (JsonNode chunk : chunks) {
            for (JsonNode call : chunk.path("choices").path(0).path("delta").path("tool_calls")) {
                assertThat(call.path("index").asInt()).isZero();
                name = call.path("function").path("name").asText(name);
                arguments.append(call.path("function").path("arguments").asText(""));
            }
        }
        assertThat(name).isEqualTo("get_weather");
        assertThat(arguments.toString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(chunks).anySatisfy(chunk -> assertThat(chunk.path("choices").path(0).path("finish_reason").asText())
                .isEqualTo("tool_calls"));
        assertThat(fixture.sandbox.requests().get(fixture.sandbox.requests().size() - 1).rawBody()).contains("get_weather");
    }

    @Test
    void aFailureMidStreamIsAnErrorChunkThenDone() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.midStreamError(2, "server_error"));

        HttpResponse<String> answer = fixture.send(fixture.post("/v1/chat/completions", chat(MODEL, true)));

        assertThat(answer.statusCode()).isEqualTo(200);
        List<String> events = events(answer.body());
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        JsonNode failure = json(events.get(events.size() - 2));
        assertThat(failure.path("error").path("code").asText()).isEqualTo("PROVIDER_UNAVAILABLE");
        assertThat(failure.path("error").path("message").asText()).isNotBlank();
        assertThat(failure.path("choices").get(0).path("finish_reason").asText()).isEqualTo("error");
        assertThat(events.subList(0, events.size() - 2)).as("what came before").isNotEmpty()
                .allSatisfy(event -> assertThat(json(event).has("error")).isFalse());
    }

    @Test
    void aFailureBeforeAnythingWasSaidKeepsItsStatus() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.status(402));

        HttpResponse<String> answer = fixture.send(fixture.post("/v1/chat/completions", chat(MODEL, true)));

        assertThat(answer.statusCode()).isEqualTo(402);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(answer.body()).path("error").path("code").asText()).isEqualTo("INSUFFICIENT_CREDITS");
    }

    @Test
    void aClientHangingUpCancelsTheUpstreamRequestAtOnce() {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.stallAfterChunks(2));
        try (RawHttp client = new RawHttp(fixture.gateway.port(), "/v1/chat/completions", GatewayFixture.TOKEN,
                chat(MODEL, true))) {
            client.readUntil("\"content\"");
            assertThat(fixture.sandbox.inFlightRequests()).isEqualTo(1);
        }

        // The stalled upstream answer would hold its connection for ever unless the gateway gave it up.
        fixture.sandbox.awaitOpenConnections(0, WAIT);
        assertThat(fixture.sandbox.inFlightRequests()).isZero();
    }

    @Test
    void aClientThatStopsReadingStopsTheUpstreamReadUntilItReadsAgain() {
        // A long answer, far more than the socket buffers between the sandbox and the client hold,
        // written by the sandbox in pieces of 8 KiB, each once the previous one left its write queue.
        int chunks = BACK_PRESSURE_CHUNKS;
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.reply("x".repeat(BACK_PRESSURE_CHUNK_CHARS * chunks))
                .and(SandboxBehaviour.textChunks(chunks)).and(SandboxBehaviour.splitEvery(BACK_PRESSURE_CHUNK_CHARS)));
        try (RawHttp client = new RawHttp(fixture.gateway.port(), "/v1/chat/completions", GatewayFixture.TOKEN,
                chat(MODEL, true), 4096)) {
            client.readUntil("\"content\"");

            long stalledAt = awaitPiecesWrittenSettle();
            assertThat(fixture.sandbox.inFlightRequests()).as("the answer is still being written").isEqualTo(1);

            client.skipUntil("data: [DONE]");
            long total = fixture.sandbox.piecesWritten();
            // The socket buffers on the way hold several MiB (7 to 10 when measured); the rest must wait for the client.
            assertThat(stalledAt).as("pieces the sandbox wrote while the client read nothing, of " + total)
                    .isLessThan(total / 2);
        }
    }

    /**
     * Waits until the sandbox has written nothing for a while, and returns how much it wrote:
     * the point where back-pressure stopped it (or the end of the answer, without back-pressure).
     */
    private long awaitPiecesWrittenSettle() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long last = -1;
        int quietPolls = 0;
        while (quietPolls < 10) {
            assertThat(System.nanoTime()).as("the sandbox kept writing for a minute").isLessThan(deadline);
            long now = fixture.sandbox.piecesWritten();
            quietPolls = now == last ? quietPolls + 1 : 0;
            last = now;
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        return last;
    }

    @Test
    void closingTheGatewayEndsStreamsCleanlyAndCancelsThem() throws Exception {
        fixture.sandbox.script("openai/gpt-5-mini", SandboxBehaviour.stallAfterChunks(2));
        try (RawHttp client = new RawHttp(fixture.gateway.port(), "/v1/chat/completions", GatewayFixture.TOKEN,
                chat(MODEL, true))) {
            client.readUntil("\"content\"");

            CompletableFuture<Void> closed = CompletableFuture.runAsync(fixture.gateway::close);

            String received = client.readUntil("data: [DONE]");
            assertThat(received).contains("\"code\":\"CANCELLED\"", "\"finish_reason\":\"error\"");
            closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        fixture.sandbox.awaitOpenConnections(0, WAIT);
    }

    /** The payloads of the {@code data:} lines of a server-sent-events body. */
    private static List<String> events(String body) {
        return Arrays.stream(body.split("\n\n")).map(String::strip).filter(event -> event.startsWith("data: "))
                .map(event -> event.substring("data: ".length())).toList();
    }
}
