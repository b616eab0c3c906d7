package dev.creor.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guard on a real Vert.x server over loopback, driven by raw sockets so that no client pool
 * hides what the server did: what has nothing to answer is closed after the limit, what is being
 * answered is not.
 */
class IdleConnectionsTest {
    private static final Duration LIMIT = Duration.ofMillis(200);
    /** Far longer than the limit: a connection still open after this was not going to be closed. */
    private static final int PATIENCE_MILLIS = 10_000;

    private static Vertx vertx;
    private static int port;
    private static final Handler<HttpServerRequest> ANSWER_AT_ONCE = request -> request.response().end("ok");
    private static volatile Handler<HttpServerRequest> handler = ANSWER_AT_ONCE;

    @BeforeAll
    static void listen() throws Exception {
        vertx = Vertx.vertx();
        IdleConnections idle = new IdleConnections(vertx, LIMIT);
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setHttp2ClearTextEnabled(false));
        server.connectionHandler(connection -> {
            idle.opened(connection);
            connection.closeHandler(closed -> idle.closed(connection));
        });
        server.requestHandler(request -> {
            idle.requestArrived(request);
            handler.handle(request);
        });
        port = server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @AfterEach
    void answerAtOnceAgain() {
        handler = ANSWER_AT_ONCE;
    }

    @AfterAll
    static void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws IOException {
        try (Socket socket = connect()) {
            assertThat(socket.getInputStream().read()).as("closed by the server").isEqualTo(-1);
        }
    }

    @Test
    void aSlowlorisIsClosedThoughItKeepsSendingBytesOfItsHead() throws Exception {
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: test\r\n");
            // A byte of a header every quarter of the limit: never silent for as long as the limit.
            trickle.scheduleAtFixedRate(() -> {
                try {
                    send(socket, "X");
                } catch (IOException closed) {
                    throw new IllegalStateException(closed);
                }
            }, 0, LIMIT.toMillis() / 4, TimeUnit.MILLISECONDS);

            assertThat(readToEnd(socket.getInputStream())).as("closed without an answer").isEmpty();
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void aRequestWhoseBodyNeverArrivesIsClosed() throws IOException {
        handler = request -> request.body().onSuccess(body -> request.response().end("ok"));
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nabc");

            assertThat(readToEnd(socket.getInputStream())).as("closed without an answer").isEmpty();
        }
    }

    @Test
    void anAnswerTakingLongerThanTheLimitIsNotCutAndTheConnectionIsIdleAfterIt() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CompletableFuture<Void> release = new CompletableFuture<>();
        handler = request -> {
            Context connectionLoop = Vertx.currentContext();
            request.end().onSuccess(ignored -> {
                received.countDown();
                release.thenRun(() -> connectionLoop.runOnContext(now -> request.response().end("late but whole")));
            });
        };
        try (Socket answered = connect()) {
            send(answered, "GET / HTTP/1.1\r\nHost: test\r\n\r\n");
            assertThat(received.await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
            // Opened after the request arrived: once the server has closed this one, the answered
            // connection has been waiting longer than the limit.
            try (Socket silent = connect()) {
                assertThat(silent.getInputStream().read()).isEqualTo(-1);
            }
            release.complete(null);

            assertThat(readToEnd(answered.getInputStream())).as("the whole answer, then closed as idle")
                    .startsWith("HTTP/1.1 200 OK").endsWith("late but whole");
        }
    }

    @Test
    void aRefusedBodyLeavesTheConnectionIdleFromTheAnswerOn() throws IOException {
        handler = request -> request.response().setStatusCode(413).end("too large");
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 1000000\r\n\r\n");

            assertThat(readToEnd(socket.getInputStream())).as("refused, then closed as idle")
                    .startsWith("HTTP/1.1 413").endsWith("too large");
        }
    }

    @Test
    void aKeptAliveConnectionServesRequestsUntilItFallsIdle() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET /1 HTTP/1.1\r\nHost: test\r\n\r\nGET /2 HTTP/1.1\r\nHost: test\r\n\r\n");

            String both = readToEnd(socket.getInputStream());
            assertThat(both.split("HTTP/1.1 200 OK", -1)).as(both).hasSize(3);
        }
    }

    @Test
    void theLimitMustBePositive() {
        assertThat(IdleConnections.requirePositive(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
        assertThatThrownBy(() -> IdleConnections.requirePositive(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("idleTimeout must be positive: PT0S");
        assertThatThrownBy(() -> new IdleConnections(vertx, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("idleTimeout must be positive: PT-1S");
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(PATIENCE_MILLIS);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Everything until the server closes the connection; a read timeout fails the test. */
    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        in.transferTo(read);
        return read.toString(StandardCharsets.ISO_8859_1);
    }
}
