package dev.creor.provider.openrouter.routing;

import static dev.creor.core.RouteAttempt.Outcome.FAILED;
import static dev.creor.core.RouteAttempt.Outcome.SUCCEEDED;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.keepAlive;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.malformedChunk;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.midStreamError;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.reply;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.resetAfterBytes;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.resetBeforeHeaders;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallAfterChunks;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallBeforeFirstChunk;
import static dev.creor.provider.openrouter.sandbox.SandboxBehaviour.stallBeforeHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.RouteAttempt;
import dev.creor.core.RouteReport;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.routing.ModelRouter;
import dev.creor.core.routing.RouteTarget;
import dev.creor.testkit.RecordingSubscriber;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault matrix, part two: broken, silent, slow and garbled connections, through the real
 * adapter and the router. Where a test stalls the sandbox, the adapter's chunk timeout is a real
 * 300 ms; the router's waits are virtual. A stream is retried only while nothing has reached the subscriber; after that the
 * failure ends it with exactly the text already delivered.
 */
class ConnectionFaultsTest extends RouterOverSandbox {
    private static final String SEEN_BEFORE_THE_FAULT = "alpha beta ";

    @Test
    void aRefusedConnectionIsRetriedThenFallsBackToAnotherProvider() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String deadUrl = "http://127.0.0.1:" + closedPort + "/api/v1";
        ModelRouter router = ModelRouter.builder(time).random(new SplittableRandom(SEED))
                .provider("openrouter", RouteTarget.builder(provider("openrouter",
                        settings -> settings.options(Map.of("baseURL", deadUrl))).chatModel()).build())
                .provider("backup", RouteTarget.builder(provider("backup", settings -> settings).chatModel()).build())
                .build();
        sandbox.script(FALLBACK, reply(REPLY));
        ModelRef backup = ModelRef.parse("backup/" + FALLBACK);

        ChatResponse answer = chat(router, request(PRIMARY_REF, backup));

        assertThat(answer.text()).isEqualTo(REPLY);
        RouteReport route = answer.route();
        assertThat(route.summary()).isEqualTo(PRIMARY_REF + " FAILED PROVIDER_UNAVAILABLE → " + PRIMARY_REF
                + " FAILED PROVIDER_UNAVAILABLE → " + PRIMARY_REF + " FAILED PROVIDER_UNAVAILABLE → " + backup
                + " SUCCEEDED");
        assertThat(route.attempts().get(0).detail().orElseThrow())
                .startsWith("could not connect to OpenRouter at 127.0.0.1:" + closedPort + ": ")
                .contains("Connection refused");
        assertThat(route.attempts().get(3).provider()).isEqualTo("backup");
        assertWaited(route, Duration.ofMillis(1500));
        assertThat(chatRequests()).containsExactly(FALLBACK);
    }

    @Test
    void aRefusedConnectionWithoutFallbackFailsAfterTheRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ModelRouter router = ModelRouter.builder(time).random(new SplittableRandom(SEED))
                .provider("openrouter", RouteTarget.builder(provider("openrouter", settings -> settings.options(
                        Map.of("baseURL", "http://127.0.0.1:" + closedPort + "/api/v1"))).chatModel()).build())
                .build();

        RecordingSubscriber<ChatEvent> subscriber = stream(router, request(PRIMARY_REF));

        CreorException error = subscriber.failed().error();
        assertThat(error.code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(error.getMessage()).startsWith("could not connect to OpenRouter at 127.0.0.1:" + closedPort + ": ")
                .contains("Connection refused");
        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("baseURL"));
        assertThat(outcomes(subscriber.failed().route())).containsExactly(FAILED, FAILED, FAILED);
        assertWaited(subscriber.failed().route(), Duration.ofMillis(1500));
    }

    @Test
    void aResetMidBodyAfterTheFirstEventsEndsTheStreamWithExactlyWhatWasDelivered() throws Exception {
        int beforeTheThirdWord = byteOffsetOf(sseBody(PRIMARY, reply(REPLY)), "gamma ");
        sandbox.clearRequests();
        sandbox.script(PRIMARY, reply(REPLY).and(resetAfterBytes(beforeTheThirdWord)), reply("never asked for"));

        RecordingSubscriber<ChatEvent> subscriber = stream(router(), request(PRIMARY_REF, FALLBACK_REF));

        assertThat(subscriber.textDeltas()).containsExactly("alpha ", "beta ");
        ChatEvent.Failed failed = subscriber.failed();
        assertThat(failed.partialText()).isEqualTo(SEEN_BEFORE_THE_FAULT);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.STREAM_INTERRUPTED);
        assertThat(failed.error().getMessage()).isEqualTo("the connection to OpenRouter broke while " + PRIMARY
                + " was answering, before the answer was complete");
        assertThat(failed.route().summary()).isEqualTo(PRIMARY_REF + " FAILED STREAM_INTERRUPTED");
        assertThat(failed.route().attempts().get(0).nativeFallbacks()).containsExactly(FALLBACK_REF);
        assertThat(chatRequests()).containsExactly(PRIMARY);
        assertThat(time.elapsed()).isZero();
    }

    @Test
    void aResetBeforeTheFirstEventIsRetriedAndTheTextArrivesOnce() throws Exception {
        sandbox.script(PRIMARY, reply(REPLY).and(resetAfterBytes(10)), resetBeforeHeaders(), reply(REPLY));

        RecordingSubscriber<ChatEvent> subscriber = stream(router(), request(PRIMARY_REF));

        assertThat(subscriber.textDeltas()).containsExactly("alpha ", "beta ", "gamma ", "delta");
        RouteReport route = subscriber.completed().metadata().route();
        assertThat(route.summary()).isEqualTo(PRIMARY_REF + " FAILED STREAM_INTERRUPTED → " + PRIMARY_REF
                + " FAILED PROVIDER_UNAVAILABLE → " + PRIMARY_REF + " SUCCEEDED");
        assertWaited(route, Duration.ofMillis(1500));
    }

    @Test
    void aChatWhoseBodyBreaksOffIsRetried() throws Exception {
        sandbox.script(PRIMARY, reply(REPLY).and(resetAfterBytes(40)), reply(REPLY));

        ChatResponse answer = chat(router(), request(PRIMARY_REF));

        assertThat(answer.text()).isEqualTo(REPLY);
        assertThat(outcomes(answer.route())).containsExactly(FAILED, SUCCEEDED);
        assertThat(answer.route().attempts().get(0).errorCode()).hasValue(ErrorCode.STREAM_INTERRUPTED);
        assertWaited(answer.route(), Duration.ofMillis(500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"before headers", "before the first chunk"})
    void silenceBeforeTheFirstByteIsAChunkTimeoutThatIsRetried(String where) throws Exception {
        SandboxBehaviour stall = where.equals("before headers") ? stallBeforeHeaders() : stallBeforeFirstChunk();
        sandbox.script(PRIMARY, stall, reply(REPLY));
        long start = System.nanoTime();

        RecordingSubscriber<ChatEvent> subscriber = stream(routerTimingOutAfter(STALL_TIMEOUT), request(PRIMARY_REF));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(STALL_TIMEOUT);
        assertThat(subscriber.text()).isEqualTo(REPLY);
        RouteReport route = subscriber.completed().metadata().route();
        assertThat(route.summary()).isEqualTo(PRIMARY_REF + " FAILED TIMEOUT → " + PRIMARY_REF + " SUCCEEDED");
        assertThat(route.attempts().get(0).detail()).hasValue("chunk timeout: OpenRouter sent nothing for 300 ms"
                + " while answering for " + PRIMARY);
        assertWaited(route, Duration.ofMillis(500));
        sandbox.awaitOpenConnections(1, WAIT);
    }

    @Test
    void aChatWhoseAnswerNeverComesTimesOutAndIsRetried() throws Exception {
        sandbox.script(PRIMARY, stallBeforeFirstChunk(), reply(REPLY));

        ChatResponse answer = chat(routerTimingOutAfter(STALL_TIMEOUT), request(PRIMARY_REF));

        assertThat(answer.text()).isEqualTo(REPLY);
        assertThat(answer.route().summary()).isEqualTo(PRIMARY_REF + " FAILED TIMEOUT → " + PRIMARY_REF
                + " SUCCEEDED");
    }

    @Test
    void silenceMidStreamEndsTheStreamWithThePartialText() throws Exception {
        sandbox.script(PRIMARY, reply(REPLY).and(stallAfterChunks(2)), reply("never asked for"));
        long start = System.nanoTime();

        RecordingSubscriber<ChatEvent> subscriber = stream(routerTimingOutAfter(STALL_TIMEOUT), request(PRIMARY_REF, FALLBACK_REF));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(STALL_TIMEOUT);
        assertThat(subscriber.textDeltas()).containsExactly("alpha ", "beta ");
        ChatEvent.Failed failed = subscriber.failed();
        assertThat(failed.partialText()).isEqualTo(SEEN_BEFORE_THE_FAULT);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(failed.error().getMessage()).startsWith("chunk timeout: OpenRouter sent nothing for 300 ms");
        assertThat(failed.route().summary()).isEqualTo(PRIMARY_REF + " FAILED TIMEOUT");
        assertThat(chatRequests()).containsExactly(PRIMARY);
        assertThat(time.elapsed()).isZero();
        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void keepAliveCommentsLongerThanTheChunkTimeoutKeepTheStreamAlive() throws Exception {
        sandbox.script(PRIMARY, reply(REPLY).and(keepAlive(8, Duration.ofMillis(100))));
        long start = System.nanoTime();

        RecordingSubscriber<ChatEvent> subscriber = stream(routerTimingOutAfter(Duration.ofMillis(400)), request(PRIMARY_REF));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(800));
        assertThat(subscriber.textDeltas()).containsExactly("alpha ", "beta ", "gamma ", "delta");
        assertThat(subscriber.completed().metadata().route().summary()).isEqualTo(PRIMARY_REF + " SUCCEEDED");
        assertThat(time.elapsed()).isZero();
    }

    @Test
    void aMalformedChunkBeforeTheFirstEventIsRetried() throws Exception {
        sandbox.script(PRIMARY, reply(REPLY).and(malformedChunk(0)), reply(REPLY));

        RecordingSubscriber<ChatEvent> subscriber = stream(router(), request(PRIMARY_REF));

        assertThat(subscriber.textDeltas()).containsExactly("alpha ", "beta ", "gamma ", "delta");
        RouteReport route = subscriber.completed().metadata().route();
        assertThat(route.summary()).isEqualTo(PRIMARY_REF + " FAILED MALFORMED_RESPONSE → " + PRIMARY_REF
                + " SUCCEEDED");
        assertWaited(route, Duration.ofMillis(500));
    }

    @Test
    void aMalformedChunkMidStreamEndsTheStreamWithThePartialText() throws Exception {
        sandbox.script(PRIMARY, reply(REPLY).and(malformedChunk(2)), reply("never asked for"));

        RecordingSubscriber<ChatEvent> subscriber = stream(router(), request(PRIMARY_REF));

        assertThat(subscriber.textDeltas()).containsExactly("alpha ", "beta ");
        ChatEvent.Failed failed = subscriber.failed();
        assertThat(failed.partialText()).isEqualTo(SEEN_BEFORE_THE_FAULT);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.MALFORMED_RESPONSE);
        assertThat(failed.error().getMessage()).startsWith("OpenRouter's answer for " + PRIMARY + " is malformed");
        assertThat(failed.route().summary()).isEqualTo(PRIMARY_REF + " FAILED MALFORMED_RESPONSE");
        assertThat(chatRequests()).containsExactly(PRIMARY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"502", "server_error"})
    void aMidStreamErrorEndsTheStreamWithThePartialTextWhateverTheCodesType(String code) throws Exception {
        Object wireCode = code.equals("502") ? (Object) 502 : code;
        sandbox.script(PRIMARY, reply(REPLY).and(midStreamError(2, wireCode)), reply("never asked for"));

        RecordingSubscriber<ChatEvent> subscriber = stream(router(), request(PRIMARY_REF, FALLBACK_REF));

        assertThat(subscriber.textDeltas()).containsExactly("alpha ", "beta ");
        ChatEvent.Failed failed = subscriber.failed();
        assertThat(failed.partialText()).isEqualTo(SEEN_BEFORE_THE_FAULT);
        assertThat(failed.error().code()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
        assertThat(failed.error().getMessage()).startsWith("the answer of " + PRIMARY + " broke off with an error (code "
                + code + ")");
        assertThat(failed.route().summary()).isEqualTo(PRIMARY_REF + " FAILED PROVIDER_UNAVAILABLE");
        assertThat(chatRequests()).containsExactly(PRIMARY);
        assertThat(subscriber.events()).noneMatch(ChatEvent.Completed.class::isInstance);
    }

    @ParameterizedTest
    @ValueSource(strings = {"502", "server_error"})
    void aMidStreamErrorBeforeTheFirstEventIsRetried(String code) throws Exception {
        Object wireCode = code.equals("502") ? (Object) 502 : code;
        sandbox.script(PRIMARY, reply(REPLY).and(midStreamError(0, wireCode)), reply(REPLY));

        RecordingSubscriber<ChatEvent> subscriber = stream(router(), request(PRIMARY_REF));

        assertThat(subscriber.textDeltas()).containsExactly("alpha ", "beta ", "gamma ", "delta");
        assertThat(subscriber.completed().metadata().route().attempts()).extracting(RouteAttempt::outcome)
                .containsExactly(FAILED, SUCCEEDED);
    }

    @Test
    void aChatOfAModelThatFailsMidAnswerIsRetried() throws Exception {
        sandbox.script(PRIMARY, reply(REPLY).and(midStreamError(2, "server_error")), reply(REPLY));

        ChatResponse answer = chat(router(), request(PRIMARY_REF));

        assertThat(answer.text()).isEqualTo(REPLY);
        assertThat(answer.route().summary()).isEqualTo(PRIMARY_REF + " FAILED PROVIDER_UNAVAILABLE → " + PRIMARY_REF
                + " SUCCEEDED");
        assertThat(List.of(answer.route().attempts().get(0).detail().orElseThrow()))
                .allSatisfy(detail -> assertThat(detail).contains("server_error"));
    }
}
