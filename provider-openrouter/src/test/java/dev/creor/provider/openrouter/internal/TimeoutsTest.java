package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatEvent;
import dev.creor.provider.openrouter.sandbox.SandboxBehaviour;
import dev.creor.spi.Provider;
import dev.creor.testkit.RecordingSubscriber;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each of the three time limits fires, says which it was, and closes the connection. */
class TimeoutsTest extends SandboxTestSupport {

    @Test
    void silenceBeforeTheFirstByteIsAChunkTimeout() {
        sandbox.script("vendor/slow", SandboxBehaviour.latency(Duration.ofSeconds(30)));
        Provider provider = provider(settings -> settings.chunkTimeout(Duration.ofMillis(300)));

        CreorException fromStream = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/slow"))).awaitError();
        CreorException fromChat = chatError(provider);

        for (CreorException error : List.of(fromStream, fromChat)) {
            assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(error.retryable()).isTrue();
            assertThat(error.getMessage()).startsWith("chunk timeout").contains("300 ms", "vendor/slow");
            assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("provider.openrouter.chunkTimeout"));
        }
        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void theTotalLimitCutsARequestThatIsNeverSilentForLong() {
        sandbox.script("vendor/slow", SandboxBehaviour.latency(Duration.ofSeconds(30)));
        Provider provider = provider(settings -> settings.totalTimeout(Duration.ofMillis(400))
                .chunkTimeout(Duration.ofSeconds(20)));

        CreorException error = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/slow"))).awaitError();

        assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
        assertThat(error.getMessage()).startsWith("total timeout").contains("400 ms");
        assertThat(error.hint()).hasValueSatisfying(hint -> assertThat(hint).contains("provider.openrouter.timeout", "false"));
        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void withoutATotalLimitASlowButLivelyAnswerCompletes() {
        sandbox.script("vendor/slowish", SandboxBehaviour.latency(Duration.ofMillis(300)));
        Provider provider = provider(settings -> settings.noTotalTimeout().chunkTimeout(Duration.ofSeconds(5)));

        assertThat(RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/slowish"))).awaitResponse().text()).isNotEmpty();
    }

    @Test
    void aStreamNeverSilentForTheChunkLimitCompletesThoughItLastsSeveralLimits() {
        sandbox.script("vendor/drip", SandboxBehaviour.textChunks(12).and(SandboxBehaviour.dripEvery(Duration.ofMillis(100))));
        Provider provider = provider(settings -> settings.noTotalTimeout().chunkTimeout(Duration.ofMillis(500)));

        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requestingAll()
                .subscribeTo(provider.chatModel().stream(request("vendor/drip")));

        assertThat(subscriber.awaitCompletion()).last().isInstanceOf(ChatEvent.Completed.class);
        assertThat(subscriber.textDeltas()).hasSize(12);
    }

    @Test
    void aSubscriberThatPausesLongerThanTheChunkLimitIsNoTimeout() throws InterruptedException {
        sandbox.script("vendor/paused", SandboxBehaviour.textChunks(4).and(SandboxBehaviour.dripEvery(Duration.ofMillis(50))));
        Provider provider = provider(settings -> settings.noTotalTimeout().chunkTimeout(Duration.ofMillis(300)));
        RecordingSubscriber<ChatEvent> subscriber = RecordingSubscriber.<ChatEvent>requesting(1)
                .subscribeTo(provider.chatModel().stream(request("vendor/paused")));
        subscriber.awaitEvents(1);

        Thread.sleep(900); // the consumer is slow, the server is not silent: the limit does not run meanwhile
        subscriber.request(Long.MAX_VALUE);

        assertThat(subscriber.awaitCompletion()).last().isInstanceOf(ChatEvent.Completed.class);
        assertThat(subscriber.textDeltas()).hasSize(4);
    }

    @Test
    void aServerThatNeverAcceptsTheConnectionIsAConnectTimeout() throws Exception {
        // A listening socket whose accept backlog is full: the kernel drops further SYNs, so a
        // connect neither succeeds nor fails until the client gives up.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = fillBacklog(full);
            try {
                String baseUrl = "http://127.0.0.1:" + full.getLocalPort() + "/api/v1";
                Provider provider = provider(settings -> settings.options(Map.of("baseURL", baseUrl))
                        .connectTimeout(Duration.ofMillis(300)));

                CreorException error = RecordingSubscriber.<ChatEvent>requestingAll()
                        .subscribeTo(provider.chatModel().stream(request("openai/gpt-4o"))).awaitError();

                assertThat(error.code()).isEqualTo(ErrorCode.TIMEOUT);
                assertThat(error.getMessage()).startsWith("connect timeout").contains("300 ms",
                        "127.0.0.1:" + full.getLocalPort());
                assertThat(error.hint()).hasValueSatisfying(hint ->
                        assertThat(hint).contains("provider.openrouter.connectTimeout"));
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    private static List<Socket> fillBacklog(ServerSocket server) {
        List<Socket> fillers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 200);
                fillers.add(socket);
            } catch (IOException backlogFull) {
                closeQuietly(socket);
                return fillers;
            }
        }
        throw new IllegalStateException("the accept backlog never filled up");
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to clean up
        }
    }

    private static CreorException chatError(Provider provider) {
        Throwable thrown = catchThrowable(() -> provider.chatModel().chat(request("vendor/slow")).toCompletableFuture()
                .get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(CreorException.class);
        return (CreorException) thrown.getCause();
    }
}
