package dev.creor.provider.openrouter.sandbox;

import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.dripEvery;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.errorIn200;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.keepAlive;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.keepAliveBetweenChunks;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.latency;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.malformedChunk;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.midStreamError;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.resetAfterBytes;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.resetBeforeHeaders;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.splitAt;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.splitEvery;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallAfterChunks;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallBeforeFirstChunk;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallBeforeHeaders;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.status;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.textChunks;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.withoutFinishReason;
import static dev.creor.provider.openrouter.sandbox.SandboxClient.chatBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scripted wire behaviours, observed with a real HTTP client over loopback. */
class WireBehaviourTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String MODEL = "openai/gpt-4o";

    private static OpenRouterSandbox sandbox;
    private static WireClient wire;

    @BeforeAll
    static void start() {
        sandbox = OpenRouterSandbox.start();
        wire = new WireClient();
    }

    @AfterAll
    static void stop() throws Exception {
        wire.close();
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.clearScripts();
        sandbox.clearRequests();
    }

    @AfterEach
    void leavesNothingBehind() {
        sandbox.awaitOpenConnections(0, WAIT);
        assertThat(sandbox.inFlightRequests()).isZero();
        assertThat(sandbox.pendingTimers()).isZero();
    }

    @Test
    void splitEveryWritesEachPieceSeparatelyEvenInsideCharacters() {
        sandbox.script(MODEL, reply("é🚀").and(splitEvery(1)));

        WireClient.Result result = wire.chat(sandbox, chatBody(MODEL, "split", true), 5000);

        assertThat(result.ended).isTrue();
        assertThat(result.buffers).isNotEmpty().allSatisfy(buffer -> assertThat(buffer).hasSize(1));
        assertThat(result.body()).contains("\"content\":\"é🚀\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void splitAtCutsAtTheGivenOffsetsIncludingInsideAMultiByteCharacter() {
        sandbox.script(MODEL, reply("café 🚀"));
        String whole = wire.chat(sandbox, chatBody(MODEL, "whole", true), 5000).body();
        int insideE = whole.substring(0, whole.indexOf('é')).getBytes(StandardCharsets.UTF_8).length + 1;
        int insideRocket = whole.substring(0, whole.indexOf("🚀")).getBytes(StandardCharsets.UTF_8).length + 2;
        sandbox.script(MODEL, reply("café 🚀").and(splitAt(insideRocket, 3, insideE)));

        WireClient.Result result = wire.chat(sandbox, chatBody(MODEL, "split", true), 5000);

        assertThat(result.boundaries()).contains(3, insideE, insideRocket);
        assertThat(result.body()).contains("\"content\":\"café \"", "\"content\":\"🚀\"");
        assertThat(result.bytes()[insideE - 1]).isEqualTo((byte) 0xC3);
    }

    @Test
    void splitsApplyToJsonAnswersToo() {
        sandbox.script(MODEL, splitEvery(100));

        WireClient.Result result = wire.chat(sandbox, chatBody(MODEL, "json split", false), 5000);

        assertThat(result.ended).isTrue();
        assertThat(result.buffers.size()).isGreaterThan(3);
        assertThat(result.boundaries()).contains(100, 200, 300);
        assertThat(parse(result.body()).path("choices").path(0).path("message").path("content").asText()).contains("🚀");
    }

    @Test
    void latencyDelaysTheStatusLine() {
        sandbox.script(MODEL, status(503).and(latency(Duration.ofMillis(150))));

        WireClient.Result result = wire.chat(sandbox, chatBody(MODEL, "slow", false), 5000);

        assertThat(result.status).isEqualTo(503);
        assertThat(result.millisToHeaders()).isGreaterThanOrEqualTo(140);
    }

    @Test
    void keepAliveCommentsPrecedeTheFirstChunk() {
        sandbox.script(MODEL, textChunks(2).and(keepAlive(3, Duration.ofMillis(50))));

        WireClient.Result result = wire.chat(sandbox, chatBody(MODEL, "wait", true), 5000);

        String body = result.body();
        assertThat(body).startsWith(": OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\ndata: {");
        long firstData = arrivalOfFirstBufferContaining(result, "data: {");
        assertThat(TimeUnit.NANOSECONDS.toMillis(firstData - result.headersNanos)).isGreaterThanOrEqualTo(140);
    }

    @Test
    void dripPacesChunksAndCommentsFillTheWaits() {
        sandbox.script(MODEL, textChunks(2).and(dripEvery(Duration.ofMillis(70)))
                .and(keepAliveBetweenChunks(Duration.ofMillis(20))));

        WireClient.Result result = wire.chat(sandbox, chatBody(MODEL, "drip", true), 5000);

        List<String> events = List.of(result.body().split("\n\n"));
        assertThat(events.get(0)).startsWith("data: {");
        assertThat(events.subList(1, 4)).containsOnly(": OPENROUTER PROCESSING");
        assertThat(events.get(4)).startsWith("data: {");
        assertThat(events.stream().filter(e -> e.startsWith("data:")).count()).isEqualTo(4); // 2 content, usage, [DONE]
        long total = result.arrivals.get(result.arrivals.size() - 1) - result.arrivals.get(0);
        assertThat(TimeUnit.NANOSECONDS.toMillis(total)).isGreaterThanOrEqualTo(3 * 70 - 10);
    }

    @Test
    void midStreamErrorsEndTheStreamWithAnErrorChunk() {
        sandbox.script(MODEL, textChunks(5).and(midStreamError(2, "server_error")));

        WireClient.Result answer = wire.chat(sandbox, chatBody(MODEL, "fail", true));

        assertThat(answer.status).isEqualTo(200);
        List<JsonNode> chunks = answer.chunks();
        assertThat(chunks).hasSize(3);
        assertThat(chunks.subList(0, 2)).allSatisfy(chunk -> {
            assertThat(chunk.path("choices").path(0).path("finish_reason").isNull()).isTrue();
            assertThat(chunk.has("usage")).isFalse();
        });
        JsonNode error = chunks.get(2);
        assertThat(error.path("error").path("code").asText()).isEqualTo("server_error");
        assertThat(error.path("error").path("code").isTextual()).isTrue();
        assertThat(error.path("error").path("message").asText()).isNotBlank();
        assertThat(error.path("choices").path(0).path("finish_reason").asText()).isEqualTo("error");
        assertThat(answer.events().get(answer.events().size() - 1)).isEqualTo("data: [DONE]");
    }

    @Test
    void midStreamErrorsCanHaveNumericCodesAndNoChoices() {
        sandbox.script(MODEL, midStreamError(0, 502).withoutChoices().message("Upstream went away"));

        List<JsonNode> chunks = wire.chat(sandbox, chatBody(MODEL, "fail", true)).chunks();

        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).path("error").path("code").isInt()).isTrue();
        assertThat(chunks.get(0).path("error").path("code").asInt()).isEqualTo(502);
        assertThat(chunks.get(0).path("error").path("message").asText()).isEqualTo("Upstream went away");
        assertThat(chunks.get(0).has("choices")).isFalse();
    }

    @Test
    void errorsInside200HaveNoChoicesAndStreamThemWithAnEmptyChoicesList() {
        sandbox.script(MODEL, errorIn200(429, "Rate limit exceeded upstream"));

        WireClient.Result json = wire.chat(sandbox, chatBody(MODEL, "x", false));
        assertThat(json.status).isEqualTo(200);
        assertThat(json.json().has("choices")).isFalse();
        assertThat(json.json().path("error").path("code").asInt()).isEqualTo(429);
        assertThat(json.json().path("error").path("message").asText()).isEqualTo("Rate limit exceeded upstream");
        assertThat(json.json().path("error").path("metadata").path("provider_name").asText()).isEqualTo("OpenAI");

        WireClient.Result stream = wire.chat(sandbox, chatBody(MODEL, "x", true));
        assertThat(stream.status).isEqualTo(200);
        assertThat(stream.chunks()).singleElement().satisfies(chunk -> {
            assertThat(chunk.path("error").path("code").asInt()).isEqualTo(429);
            assertThat(chunk.path("error").path("metadata").path("error_type").asText()).isEqualTo("rate_limit_exceeded");
            assertThat(chunk.path("choices").isArray()).isTrue();
            assertThat(chunk.path("choices")).isEmpty();
        });
    }

    @Test
    void midStreamErrorWithoutAStreamIsAnErrorInside200() {
        sandbox.script(MODEL, midStreamError(3, "server_error"));

        WireClient.Result answer = wire.chat(sandbox, chatBody(MODEL, "x", false));

        assertThat(answer.status).isEqualTo(200);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("server_error");
        assertThat(answer.json().has("choices")).isFalse();
    }

    @Test
    void malformedChunksAreNotJsonAndTheStreamGoesOn() {
        sandbox.script(MODEL, textChunks(3).and(malformedChunk(1)));

        WireClient.Result answer = wire.chat(sandbox, chatBody(MODEL, "x", true));

        List<String> events = answer.events();
        assertThat(events.get(1)).startsWith("data: {").doesNotEndWith("}");
        assertThat(events).hasSize(6); // 3 content, malformed, usage, [DONE]
        assertThat(events.get(5)).isEqualTo("data: [DONE]");

        WireClient.Result json = wire.chat(sandbox, chatBody(MODEL, "x", false));
        assertThat(json.body()).startsWith("{").doesNotEndWith("}");
    }

    @Test
    void withoutFinishReasonLeavesEveryFinishReasonNull() {
        sandbox.script(MODEL, withoutFinishReason());

        assertThat(wire.chat(sandbox, chatBody(MODEL, "x", true)).chunks())
                .allSatisfy(chunk -> assertThat(chunk.path("choices").path(0).path("finish_reason").isMissingNode()
                        || chunk.path("choices").path(0).path("finish_reason").isNull()).isTrue());
        assertThat(wire.chat(sandbox, chatBody(MODEL, "x", false)).json().path("choices").path(0).path("finish_reason").isNull())
                .isTrue();
    }

    @Test
    void resetAfterBytesSendsExactlyThatManyBytesThenResets() {
        sandbox.script(MODEL, resetAfterBytes(37));

        WireClient.Result result = wire.chat(sandbox, chatBody(MODEL, "reset", true), 5000);

        assertThat(result.status).isEqualTo(200);
        assertThat(result.ended).isFalse();
        assertThat(result.failure).isNotNull();
        assertThat(result.bytes()).hasSize(37);
        assertThat(result.body()).startsWith("data: {\"id\":\"gen-");
    }

    @Test
    void resetBeforeHeadersGivesNoAnswerAtAll() {
        sandbox.script(MODEL, resetBeforeHeaders());

        WireClient.Result result = wire.chat(sandbox, chatBody(MODEL, "reset", false), 5000);

        assertThat(result.status).isEqualTo(-1);
        assertThat(result.failure).isNotNull();
    }

    @Test
    void stallBeforeHeadersIsSilentUntilTheClientGivesUp() {
        sandbox.script(MODEL, stallBeforeHeaders());

        WireClient.Result result = wire.chat(sandbox, chatBody(MODEL, "stall", true), 300);

        assertThat(result.status).isEqualTo(-1);
        assertThat(result.failure).hasMessageContaining("timeout");
        assertThat(sandbox.requests()).hasSize(1);
    }

    @Test
    void stallBeforeFirstChunkSendsHeadersThenNothing() {
        sandbox.script(MODEL, stallBeforeFirstChunk().and(keepAlive(1, Duration.ofMillis(10))));

        WireClient.Result result = wire.chat(sandbox, chatBody(MODEL, "stall", true), 300);

        assertThat(result.status).isEqualTo(200);
        assertThat(result.headers).containsEntry("content-type", "text/event-stream");
        assertThat(result.body()).isEqualTo(": OPENROUTER PROCESSING\n\n");
        assertThat(result.ended).isFalse();
        assertThat(result.failure).hasMessageContaining("timeout");
    }

    @Test
    void stallAfterChunksSendsThatManyChunks() {
        sandbox.script(MODEL, textChunks(5).and(stallAfterChunks(2)));

        WireClient.Result result = wire.chat(sandbox, chatBody(MODEL, "stall", true), 300);

        assertThat(result.body().split("\n\n")).hasSize(2).allMatch(event -> event.startsWith("data: {"));
        assertThat(result.ended).isFalse();
        assertThat(result.failure).hasMessageContaining("timeout");
    }

    @Test
    void aStalledJsonAnswerSendsItsHeadersOnly() {
        sandbox.script(MODEL, stallBeforeFirstChunk());

        WireClient.Result result = wire.chat(sandbox, chatBody(MODEL, "stall", false), 300);

        assertThat(result.status).isEqualTo(200);
        assertThat(Integer.parseInt(result.headers.get("content-length"))).isPositive();
        assertThat(result.buffers).isEmpty();
        assertThat(result.failure).hasMessageContaining("timeout");
    }

    @Test
    void aClientHangingUpMidStreamStopsTheStreamAndIsCancelled() {
        sandbox.script(MODEL, textChunks(50).and(dripEvery(Duration.ofMillis(30))));

        WireClient.Result result = wire.chatAndHangUp(sandbox, chatBody(MODEL, "hang up", true), 2);

        assertThat(result.buffers).hasSize(2);
        sandbox.awaitOpenConnections(0, WAIT);
        JsonNode first = parse(result.body().split("\n\n")[0].substring("data: ".length()));
        JsonNode generation = wire.get(sandbox, "/generation?id=" + first.path("id").asText()).json().path("data");
        assertThat(generation.path("cancelled").asBoolean()).isTrue();
        assertThat(generation.path("streamed").asBoolean()).isTrue();
    }

    private static long arrivalOfFirstBufferContaining(WireClient.Result result, String text) {
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < result.buffers.size(); i++) {
            seen.append(new String(result.buffers.get(i), StandardCharsets.UTF_8));
            if (seen.indexOf(text) >= 0) {
                return result.arrivals.get(i);
            }
        }
        throw new AssertionError("no buffer contains " + text + " in " + seen);
    }

    private static JsonNode parse(String json) {
        try {
            return SandboxClient.JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
