package dev.creor.provider.openrouter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sandbox cannot be held by a client that asks nothing (issue 14, item 7): an idle
 * keep-alive connection and a slowloris that never finishes its headers are closed after the
 * idle limit, and a request body larger than the cap gets 413. Raw sockets over loopback, so no
 * client pool hides what the server did.
 */
class ConnectionLimitsTest {
    private static final Duration IDLE_LIMIT = Duration.ofMillis(300);
    private static final int BODY_LIMIT = 1024;
    /** Far longer than the idle limit: a connection still open after this was not going to be closed. */
    private static final int PATIENCE_MILLIS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static OpenRouterSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = OpenRouterSandbox.builder().idleTimeout(IDLE_LIMIT).maxRequestBodyBytes(BODY_LIMIT).start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void clean() {
        sandbox.clearRequests();
        sandbox.clearScripts();
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws IOException {
        try (Socket socket = connect()) {
            assertThat(socket.getInputStream().read()).as("the sandbox closed the connection").isEqualTo(-1);
        }
    }

    @Test
    void aSlowlorisThatNeverFinishesItsHeadersIsClosedThoughItKeepsSending() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /api/v1/models HTTP/1.1\r\nHost: sandbox\r\n".getBytes(StandardCharsets.US_ASCII));
            // One header byte every 50 ms, far more often than the idle limit: the clock must not restart per byte.
            socket.setSoTimeout(50);
            long deadline = System.nanoTime() + Duration.ofMillis(PATIENCE_MILLIS).toNanos();
            boolean closed = false;
            int trickled = 0;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    out.write('X');
                    out.flush();
                    trickled++;
                    closed = socket.getInputStream().read() == -1;
                } catch (SocketTimeoutException stillOpen) {
                    // The pace of the trickle.
                } catch (IOException refused) {
                    closed = true;
                }
            }
            assertThat(closed).as("closed while trickling headers").isTrue();
            assertThat(trickled).as("bytes sent before the close").isGreaterThan(1);
        }
        assertThat(sandbox.requests()).isEmpty();
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterItsAnswer() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET /api/v1/models HTTP/1.1\r\nHost: sandbox\r\n\r\n");
            Response models = readResponse(socket.getInputStream());
            assertThat(models.status()).isEqualTo(200);
            assertThat(models.headers()).doesNotContainIgnoringCase("connection: close");

            assertThat(socket.getInputStream().read()).as("closed once idle").isEqualTo(-1);
        }
    }

    @Test
    void aStalledAnswerIsNotCutByTheIdleLimit() throws IOException {
        String body = SandboxClient.chatBody("openai/gpt-4o", "stall", true);
        try (Socket socket = connect()) {
            send(socket, chatRequest(body, SandboxBehaviour.scriptHeader(SandboxBehaviour.stallBeforeHeaders())));
            sandbox.awaitRequest(0, Duration.ofMillis(PATIENCE_MILLIS));
            socket.setSoTimeout((int) IDLE_LIMIT.multipliedBy(5).toMillis());

            assertThatThrownBy(() -> socket.getInputStream().read())
                    .as("still open and silent, as the script says").isInstanceOf(SocketTimeoutException.class);
            assertThat(sandbox.inFlightRequests()).isEqualTo(1);
        }
    }

    @Test
    void aDeclaredBodyOverTheCapIsRefusedWith413BeforeItIsSent() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST /api/v1/chat/completions HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + sandbox.apiKey().reveal() + "\r\nContent-Length: " + (BODY_LIMIT + 1)
                    + "\r\n\r\n");

            Response refused = readResponse(socket.getInputStream());

            assertTooLarge(refused);
            assertThat(socket.getInputStream().read()).as("the connection is closed").isEqualTo(-1);
        }
        assertThat(sandbox.requests()).isEmpty();
    }

    @Test
    void aChunkedBodyThatGrowsOverTheCapIsRefusedWith413() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST /api/v1/chat/completions HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + sandbox.apiKey().reveal() + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            String chunk = "{" + " ".repeat(510) + "\r\n";
            for (int i = 0; i < 3; i++) {
                send(socket, Integer.toHexString(chunk.length() - 2) + "\r\n" + chunk);
            }

            assertTooLarge(readResponse(socket.getInputStream()));
            assertThat(socket.getInputStream().read()).as("the connection is closed").isEqualTo(-1);
        }
    }

    @Test
    void aClientThatSendsAWholeBodyOverTheCapReadsThe413() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/chat/completions"))
                .header("Authorization", "Bearer " + sandbox.apiKey().reveal())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMillis(PATIENCE_MILLIS))
                .POST(HttpRequest.BodyPublishers.ofString(SandboxClient.chatBody("openai/gpt-4o", "x".repeat(64 * 1024), false)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(refused.body()).path("error").path("code").asInt()).isEqualTo(413);
    }

    @Test
    void aBodyOfExactlyTheCapIsAnsweredAsBefore() throws IOException {
        int overhead = SandboxClient.chatBody("openai/gpt-4o", "", false).length();
        String body = SandboxClient.chatBody("openai/gpt-4o", "x".repeat(BODY_LIMIT - overhead), false);
        assertThat(body.getBytes(StandardCharsets.UTF_8)).as("exactly at the cap").hasSize(BODY_LIMIT);
        try (Socket socket = connect()) {
            send(socket, chatRequest(body, null));

            Response answer = readResponse(socket.getInputStream());

            assertThat(answer.status()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).path("model").asText()).isEqualTo("openai/gpt-4o");
        }
    }

    @Test
    void theLimitsMustBePositive() {
        assertThatThrownBy(() -> OpenRouterSandbox.builder().idleTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("idleTimeout must be positive: PT0S");
        assertThatThrownBy(() -> OpenRouterSandbox.builder().maxRequestBodyBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRequestBodyBytes must be positive: 0");
    }

    private static void assertTooLarge(Response response) throws IOException {
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.headers()).containsIgnoringCase("content-type: application/json");
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(413);
        assertThat(error.path("message").asText())
                .isEqualTo("Request body too large: the sandbox accepts at most " + BODY_LIMIT + " bytes");
    }

    private static String chatRequest(String body, String script) {
        return "POST /api/v1/chat/completions HTTP/1.1\r\nHost: sandbox\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + sandbox.apiKey().reveal() + "\r\n"
                + (script == null ? "" : OpenRouterSandbox.SCRIPT_HEADER + ": " + script + "\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), sandbox.port());
        socket.setSoTimeout(PATIENCE_MILLIS);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** A response with a {@code Content-Length} body, read exactly, so that what follows is the next byte. */
    private static Response readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("the connection closed inside the response head: " + head);
            }
            head.write(next);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = headers.lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim())).findFirst()
                .orElseThrow(() -> new IOException("no content-length in " + headers));
        byte[] body = in.readNBytes(length);
        return new Response(Integer.parseInt(headers.substring(9, 12)), headers, new String(body, StandardCharsets.UTF_8));
    }

    private record Response(int status, String headers, String body) {
    }
}
