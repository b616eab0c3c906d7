package dev.creor.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void defaultsAreThreeAttemptsHalfASecondDoublingToThirtySecondsAndAMinuteOfRetryAfter() {
        RetryPolicy defaults = RetryPolicy.defaults();

        assertThat(defaults.maxAttempts()).isEqualTo(3);
        assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(RetryPolicy.noRetries().maxAttempts()).isEqualTo(1);
    }

    @Test
    void theBackoffCapDoublesUntilTheMaximum() {
        RetryPolicy policy = RetryPolicy.defaults();

        assertThat(policy.backoffCap(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoffCap(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffCap(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.backoffCap(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backoffCap(10_000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void fullJitterDrawsUniformlyFromZeroToTheCapInclusive() {
        RetryPolicy policy = RetryPolicy.defaults().withInitialBackoff(Duration.ofMillis(4)).withMaxBackoff(
                Duration.ofMillis(6));
        SplittableRandom random = new SplittableRandom(42);
        Set<Duration> first = new HashSet<>();
        Set<Duration> third = new HashSet<>();

        for (int i = 0; i < 2_000; i++) {
            first.add(policy.backoff(0, random));
            third.add(policy.backoff(2, random));
        }

        assertThat(first).containsExactlyInAnyOrder(millis(0, 1, 2, 3, 4));
        assertThat(third).containsExactlyInAnyOrder(millis(0, 1, 2, 3, 4, 5, 6));
    }

    @Test
    void theSameSeedGivesTheSameBackoffs() {
        RetryPolicy policy = RetryPolicy.defaults();

        assertThat(policy.backoff(3, new SplittableRandom(9))).isEqualTo(policy.backoff(3, new SplittableRandom(9)));
        assertThat(policy.withInitialBackoff(Duration.ZERO).backoff(3, new SplittableRandom(9))).isZero();
    }

    @Test
    void withersChangeOnePart() {
        RetryPolicy policy = RetryPolicy.defaults().withMaxAttempts(5).withMaxRetryAfter(Duration.ofMinutes(2));

        assertThat(policy).isEqualTo(new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofMinutes(2)));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> RetryPolicy.defaults().withMaxAttempts(0)).hasMessage("maxAttempts must be at least 1: 0");
        assertThatThrownBy(() -> RetryPolicy.defaults().withInitialBackoff(Duration.ofMillis(-1)))
                .hasMessage("initialBackoff must not be negative: PT-0.001S");
        assertThatThrownBy(() -> RetryPolicy.defaults().withMaxBackoff(Duration.ofMillis(100)))
                .hasMessage("maxBackoff (PT0.1S) must not be less than initialBackoff (PT0.5S)");
        assertThatThrownBy(() -> RetryPolicy.defaults().withMaxRetryAfter(Duration.ofSeconds(-1)))
                .hasMessage("maxRetryAfter must not be negative: PT-1S");
        assertThatThrownBy(() -> RetryPolicy.defaults().backoffCap(-1)).hasMessage("retry must not be negative: -1");
    }

    private static Duration[] millis(long... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofMillis(values[i]);
        }
        return durations;
    }
}
