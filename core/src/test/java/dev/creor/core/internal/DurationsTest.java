package dev.creor.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void describesDurationsTheWayPeopleSayThem() {
        assertThat(Durations.describe(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(Durations.describe(Duration.ofSeconds(1))).isEqualTo("1 s");
        assertThat(Durations.describe(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(Durations.describe(Duration.ofSeconds(60))).isEqualTo("1 min");
        assertThat(Durations.describe(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
        assertThat(Durations.describe(Duration.ofHours(1))).isEqualTo("1 h");
        assertThat(Durations.describe(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
    }

    @Test
    void roundsTheTimeToTryAgainUpToAWholeSecond() {
        Instant now = Instant.parse("2026-01-01T00:00:00.300Z");

        assertThat(Durations.atAndIn(now, Duration.ofSeconds(90)))
                .isEqualTo("at 2026-01-01T00:01:31Z (in 1 min 30 s)");
        assertThat(Durations.ceilToSecond(Instant.parse("2026-01-01T00:00:01Z")))
                .isEqualTo(Instant.parse("2026-01-01T00:00:01Z"));
    }
}
