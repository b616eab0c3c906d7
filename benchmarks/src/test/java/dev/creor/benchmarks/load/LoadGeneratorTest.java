package dev.creor.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The closed loop's accounting, with a client whose answers take a known time (completed on a
 * delayed executor: no server, so that only the loop's arithmetic is under test).
 */
class LoadGeneratorTest {

    @Test
    void aPeriodShorterThanOneRoundTripStillCountsTheFirstAnswer() {
        // What a loaded machine does to the smoke test's 200 ms period: no answer within it.
        Phase phase = LoadGenerator.closedLoop(new DelayedClient(Duration.ofMillis(100), false), LoadClient.Kind.JSON, 4,
                Duration.ofMillis(1));

        assertThat(phase.completed).as("the first answer, though after the deadline").isEqualTo(1);
        assertThat(phase.failed).isZero();
        assertThat(phase.elapsedNanos).as("the period lasted until that answer")
                .isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(phase.throughputPerSecond()).isPositive().isLessThanOrEqualTo(10);
    }

    @Test
    void answersWithinThePeriodAreCountedAndThePeriodIsNotExtended() {
        Duration period = Duration.ofMillis(500);

        Phase phase = LoadGenerator.closedLoop(new DelayedClient(Duration.ofMillis(1), false), LoadClient.Kind.JSON, 2,
                period);

        assertThat(phase.completed).isGreaterThan(1);
        assertThat(phase.elapsedNanos).isEqualTo(period.toNanos());
    }

    @Test
    void aClientThatFailsEveryRequestCompletesNone() {
        Phase phase = LoadGenerator.closedLoop(new DelayedClient(Duration.ofMillis(100), true), LoadClient.Kind.JSON, 2,
                Duration.ofMillis(1));

        assertThat(phase.completed).isZero();
        assertThat(phase.failed).isEqualTo(1);
    }

    /** Answers every request after {@code delay}, or fails it then. */
    private record DelayedClient(Duration delay, boolean failing) implements LoadClient {
        @Override
        public String name() {
            return "delayed";
        }

        @Override
        public String description() {
            return "answers after " + delay.toMillis() + " ms";
        }

        @Override
        public CompletableFuture<Long> chat() {
            Executor later = CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS);
            return failing
                    ? CompletableFuture.supplyAsync(() -> {
                        throw new IllegalStateException("refused");
                    }, later)
                    : CompletableFuture.supplyAsync(() -> 0L, later);
        }

        @Override
        public StreamCall stream(String model, StreamListener listener) {
            throw new UnsupportedOperationException("JSON only");
        }

        @Override
        public void close() {
        }
    }
}
