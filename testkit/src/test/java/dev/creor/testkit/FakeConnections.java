package dev.creor.testkit;

import java.time.Duration;

/** The fake backend's count of open "connections": one per stream from its first request to its end. */
final class FakeConnections implements OpenConnections {
    static final FakeConnections INSTANCE = new FakeConnections();

    private int open;

    synchronized void opened() {
        open++;
        notifyAll();
    }

    synchronized void closed() {
        open--;
        notifyAll();
    }

    @Override
    public synchronized int count() {
        return open;
    }

    @Override
    public synchronized void awaitCount(int expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (open != expected) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new IllegalStateException(open + " connections open, " + expected + " expected");
            }
            try {
                wait(Math.max(1, remaining / 1_000_000));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
        }
    }

    synchronized void reset() {
        open = 0;
    }
}
