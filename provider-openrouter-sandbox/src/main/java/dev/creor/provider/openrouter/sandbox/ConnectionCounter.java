package dev.creor.provider.openrouter.sandbox;

import java.time.Duration;

/**
 * Counts the sandbox's TCP connections that have sent a request, updated on the event loop and
 * awaited by test threads.
 */
final class ConnectionCounter {
    private int open;
    private long accepted;

    synchronized void opened() {
        open++;
        accepted++;
        notifyAll();
    }

    synchronized void closed() {
        open--;
        notifyAll();
    }

    synchronized int open() {
        return open;
    }

    synchronized long accepted() {
        return accepted;
    }

    /** Waits until exactly {@code expected} connections are open. */
    synchronized void await(int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (open != expected) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("expected " + expected + " open connection(s) within " + timeout
                        + ", but " + open + " are open");
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for connections to close", e);
            }
        }
    }
}
