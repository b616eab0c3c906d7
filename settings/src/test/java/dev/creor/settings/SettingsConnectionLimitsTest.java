package dev.creor.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings page cannot be held by a client that asks nothing (issue 14, item 7): a silent
 * connection, an idle keep-alive and a slowloris that never finishes its headers are closed
 * after the idle limit, and a body declared larger than the cap is refused before it is sent.
 * Raw sockets over loopback.
 */
class SettingsConnectionLimitsTest {
    private static final Duration IDLE_LIMIT = Duration.ofMillis(300);
    private static final int PATIENCE_MILLIS = 5_000;

    @TempDir
    Path home;

    private SettingsFixture fixture;
    private SettingsServer server;
    private int port;
    private String token;

    @BeforeEach
    void start() {
        fixture = new SettingsFixture(home);
        server = SettingsServer.builder(fixture.backend()).idleTimeout(IDLE_LIMIT).build();
        URI url = server.start();
        port = url.getPort();
        token = url.getQuery().substring("token=".length());
    }

    @AfterEach
    void stop() {
        server.close();
        fixture.close();
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws IOException {
        try (Socket socket = connect()) {
            assertThat(socket.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
        }
    }

    @Test
    void aSlowlorisThatNeverFinishesItsHeadersIsClosedThoughItKeepsSending() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
            // One header byte every 50 ms, far more often than the idle limit: the clock must not restart per byte.
            socket.setSoTimeout(50);
            long deadline = System.nanoTime() + Duration.ofMillis(PATIENCE_MILLIS).toNanos();
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    socket.getOutputStream().write('X');
                    socket.getOutputStream().flush();
                    closed = socket.getInputStream().read() == -1;
                } catch (SocketTimeoutException stillOpen) {
                    // The pace of the trickle.
                } catch (IOException refused) {
                    closed = true;
                }
            }
            assertThat(closed).as("closed while trickling headers").isTrue();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterItsAnswer() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
            String answer = readHead(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 401");
            socket.getInputStream().readNBytes(contentLength(answer));

            assertThat(socket.getInputStream().read()).as("closed once idle").isEqualTo(-1);
        }
    }

    @Test
    void aSlowAnswerIsNotCutByTheIdleLimit() throws Exception {
        // Saving a key waits for the provider to check it; the idle limit must not cut the page off meanwhile.
        Session session = login();
        CompletableFuture<Void> provider = new CompletableFuture<>();
        fixture.providerAnswers = provider;
        try (Socket socket = connect()) {
            String body = "{\"key\": \"" + SettingsFixture.GOOD_KEY + "\"}";
            send(socket, post(session, "/api/providers/openrouter/key", body.length()) + body);
            assertThat(fixture.keyChecksStarted.await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
            socket.setSoTimeout((int) IDLE_LIMIT.multipliedBy(4).toMillis());

            assertThatThrownBy(() -> socket.getInputStream().read())
                    .as("still open, waiting for the answer").isInstanceOf(SocketTimeoutException.class);

            provider.complete(null);
            socket.setSoTimeout(PATIENCE_MILLIS);
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void aBodyDeclaredLargerThanTheCapIsRefusedBeforeItIsSent() throws IOException {
        Session session = login();
        try (Socket socket = connect()) {
            send(socket, post(session, "/api/providers/openrouter/key", 300 * 1024));

            String answer = readHead(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 413");
            String body = new String(socket.getInputStream().readNBytes(contentLength(answer)), StandardCharsets.UTF_8);
            assertThat(body).contains("\"code\":\"TOO_LARGE\"").contains("larger than 262144 bytes");
        }
        assertThat(Files.exists(fixture.authFile)).isFalse();
    }

    @Test
    void theLimitMustBePositive() {
        SettingsServer.Builder builder = SettingsServer.builder(fixture.backend());
        assertThatThrownBy(() -> builder.idleTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("idleTimeout must be positive: PT-0.001S");
    }

    private record Session(String cookie, String csrf) {
    }

    private Session login() throws IOException {
        RawHttp.Response exchange = RawHttp.send(port, "GET", "/?token=" + token, Map.of(), null);
        String cookie = exchange.header("Set-Cookie").orElseThrow().split(";")[0];
        RawHttp.Response page = RawHttp.send(port, "GET", "/", Map.of("Cookie", cookie), null);
        Matcher meta = Pattern.compile("name=\"creor-csrf\" content=\"([^\"]+)\"").matcher(page.body());
        assertThat(meta.find()).isTrue();
        return new Session(cookie, meta.group(1));
    }

    private String post(Session session, String path, int contentLength) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + session.cookie() + "\r\n"
                + SettingsServer.CSRF_HEADER + ": " + session.csrf() + "\r\nOrigin: http://127.0.0.1:" + port + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(PATIENCE_MILLIS);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the connection closed inside the response head: " + head);
            }
            head.write(next);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        return head.lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim())).findFirst().orElse(0);
    }
}
