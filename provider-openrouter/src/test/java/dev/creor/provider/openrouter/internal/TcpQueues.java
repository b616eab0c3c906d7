package dev.creor.provider.openrouter.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's view of loopback TCP connections to a port (Linux {@code /proc/net/tcp}): how
 * many bytes wait in the server's send queue and in the client's receive queue. A client that
 * stopped reading shows a full, unchanging receive queue, and a server blocked by TCP flow
 * control a non-empty send queue.
 */
record TcpQueues(long serverSendQueue, long clientReceiveQueue, int connections) {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    static boolean available() {
        return TABLES.stream().allMatch(Files::isReadable);
    }

    /** The queues of the established connections to {@code port} on loopback, summed. */
    static TcpQueues of(int port) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (Path table : TABLES) {
            List<String> rows = Files.readAllLines(table);
            lines.addAll(rows.subList(1, rows.size())); // Java's sockets are often IPv6 ones, even for 127.0.0.1
        }
        long send = 0;
        long receive = 0;
        int connections = 0;
        for (String line : lines) {
            String[] fields = line.trim().split("\\s+");
            int local = port(fields[1]);
            int remote = port(fields[2]);
            boolean established = fields[3].equals("01");
            String[] queues = fields[4].split(":");
            if (!established) {
                continue;
            }
            if (local == port) {
                send += Long.parseLong(queues[0], 16);
                connections++;
            } else if (remote == port) {
                receive += Long.parseLong(queues[1], 16);
            }
        }
        return new TcpQueues(send, receive, connections);
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }
}
