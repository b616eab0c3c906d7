package dev.creor.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A server on loopback that a hostile {@code creor.json} points Creor at: it accepts every
 * connection, records every byte it receives, and answers each request with an empty
 * {@code 200} so that a client that reached it would carry on. Tests assert that it was never
 * reached, not even by a connection.
 *
 * <p>{@link #connections()} is exact without sleeping: it connects once more itself and waits
 * until that marker connection is accepted; the listening socket accepts in arrival order, so
 * every connection a finished process made has been counted by then.
 */
final class HostileServer implements AutoCloseable {
    private static final Duration MARKER_WAIT = Duration.ofSeconds(10);

    private final ServerSocket socket;
    private final List<Integer> acceptedFromPorts = new ArrayList<>();
    private final Set<Integer> markerPorts = new HashSet<>();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Thread acceptor;

    HostileServer() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptForever, "hostile-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where the hostile config sends Creor: {@code http://127.0.0.1:PORT/api/v1}. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/api/v1");
    }

    /** How many connections reached it so far, from anything but this check. */
    int connections() {
        try (Socket marker = new Socket(InetAddress.getLoopbackAddress(), socket.getLocalPort())) {
            int markerPort = marker.getLocalPort();
            long deadline = System.nanoTime() + MARKER_WAIT.toNanos();
            synchronized (this) {
                while (!acceptedFromPorts.contains(markerPort)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("the hostile server did not accept its own marker connection");
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
                markerPorts.add(markerPort);
                return (int) acceptedFromPorts.stream().filter(port -> !markerPorts.contains(port)).count();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Every byte received so far, as text. */
    synchronized String received() {
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    private void acceptForever() {
        while (!socket.isClosed()) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException closed) {
                return;
            }
            synchronized (this) {
                acceptedFromPorts.add(connection.getPort());
                notifyAll();
            }
            Thread reader = new Thread(() -> record(connection), "hostile-server-connection");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void record(Socket connection) {
        try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
            connection.setSoTimeout(5_000);
            byte[] buffer = new byte[8192];
            for (int read; (read = in.read(buffer)) >= 0; ) {
                synchronized (this) {
                    received.write(buffer, 0, read);
                }
                if (new String(buffer, 0, read, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            }
        } catch (SocketException | java.net.SocketTimeoutException done) {
            // The client went away, or stayed silent: what it sent is recorded.
        } catch (IOException e) {
            // Nothing more to record.
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
