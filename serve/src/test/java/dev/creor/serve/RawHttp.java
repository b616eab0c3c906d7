package dev.creor.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A client on a plain socket, for what an HTTP library hides: reading part of a stream and then
 * hanging up, the way a user's abort or a crashed tool does.
 */
final class RawHttp implements AutoCloseable {
    private final Socket socket = new Socket();
    private final InputStream in;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    RawHttp(int port, String path, String token, String json) {
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until what was received contains {@code text}; returns everything received so far. */
    String readUntil(String text) {
        byte[] buffer = new byte[4096];
        try {
            while (!received.toString(StandardCharsets.UTF_8).contains(text)) {
                int read = in.read(buffer);
                if (read < 0) {
                    throw new IllegalStateException("the connection ended before \"" + text + "\" arrived; got:\n"
                            + received.toString(StandardCharsets.UTF_8));
                }
                received.write(buffer, 0, read);
            }
            return received.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
