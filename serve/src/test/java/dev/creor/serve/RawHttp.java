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
        this(port, path, token, json, 0);
    }

    /**
     * @param receiveBufferBytes the socket's receive buffer, set before connecting so that the
     *                           kernel holds no more than that for a client that stops reading;
     *                           0 for the system's default
     */
    RawHttp(int port, String path, String token, String json, int receiveBufferBytes) {
        try {
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
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

    /**
     * Reads and discards until {@code text} has arrived, keeping only a short tail (for answers
     * too long to hold); returns the bytes read.
     */
    long skipUntil(String text) {
        byte[] buffer = new byte[64 * 1024];
        byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
        byte[] tail = new byte[0];
        long total = 0;
        try {
            while (true) {
                int read = in.read(buffer);
                if (read < 0) {
                    throw new IllegalStateException("the connection ended after " + total + " bytes before \"" + text
                            + "\" arrived");
                }
                total += read;
                byte[] window = new byte[tail.length + read];
                System.arraycopy(tail, 0, window, 0, tail.length);
                System.arraycopy(buffer, 0, window, tail.length, read);
                if (new String(window, StandardCharsets.ISO_8859_1).contains(new String(wanted, StandardCharsets.ISO_8859_1))) {
                    return total;
                }
                tail = java.util.Arrays.copyOfRange(window, Math.max(0, window.length - wanted.length), window.length);
            }
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
