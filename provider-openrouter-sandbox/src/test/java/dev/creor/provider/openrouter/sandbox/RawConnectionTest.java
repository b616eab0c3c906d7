package dev.creor.provider.openrouter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connections seen from a raw socket: counting (no client pool keeps connections open behind
 * the test's back) and resets (a pool would hide whether the close was a RST or a FIN).
 */
class RawConnectionTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static OpenRouterSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = OpenRouterSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void countsOpenConnectionsUntilTheClientCloses() throws IOException {
        sandbox.awaitOpenConnections(0, WAIT);
        long acceptedBefore = sandbox.acceptedConnections();
        try (Socket first = connect(); Socket second = connect()) {
            exchange(first, "GET /api/v1/models HTTP/1.1\r\nHost: sandbox\r\n\r\n");
            exchange(second, "GET /api/v1/models HTTP/1.1\r\nHost: sandbox\r\n\r\n");
            sandbox.awaitOpenConnections(2, WAIT);
            assertThat(sandbox.openConnections()).isEqualTo(2);
        }
        sandbox.awaitOpenConnections(0, WAIT);
        assertThat(sandbox.acceptedConnections() - acceptedBefore).isEqualTo(2);
        assertThatThrownBy(() -> sandbox.awaitOpenConnections(1, Duration.ofMillis(50)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("but 0 are open");
    }

    @Test
    void countsAConnectionResetByTheClient() throws IOException {
        sandbox.awaitOpenConnections(0, WAIT);
        Socket socket = connect();
        exchange(socket, "GET /api/v1/models HTTP/1.1\r\nHost: sandbox\r\n\r\n");
        sandbox.awaitOpenConnections(1, WAIT);

        socket.setSoLinger(true, 0);
        socket.close();

        sandbox.awaitOpenConnections(0, WAIT);
    }

    @Test
    void aResetIsATcpResetNotAnOrderlyClose() throws IOException {
        String body = SandboxClient.chatBody("openai/gpt-4o", "reset me", true);
        String script = SandboxBehaviour.scriptHeader(SandboxBehaviour.resetAfterBytes(10));
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/chat/completions HTTP/1.1\r\nHost: sandbox\r\n"
                    + "Authorization: Bearer " + sandbox.apiKey().reveal() + "\r\n"
                    + OpenRouterSandbox.SCRIPT_HEADER + ": " + script + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            out.flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];

            assertThatThrownBy(() -> {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    received.write(buffer, 0, read);
                }
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
            String answer = received.toString(StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("transfer-encoding: chunked");
            assertThat(answer.substring(answer.indexOf("\r\n\r\n") + 4)).isEqualTo("a\r\ndata: {\"id\r\n");
        }
        sandbox.awaitOpenConnections(0, WAIT);
    }

    static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), sandbox.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    /** Sends a request and reads the start of the answer. */
    static String exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[256];
        int read = in.read(buffer);
        return new String(buffer, 0, Math.max(read, 0), StandardCharsets.ISO_8859_1);
    }
}
