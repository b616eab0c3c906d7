package dev.creor.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterHeaderTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    void readsDeltaSeconds() {
        assertThat(RetryAfterHeader.parse("120", NOW)).hasValue(Duration.ofSeconds(120));
        assertThat(RetryAfterHeader.parse(" 0 ", NOW)).hasValue(Duration.ZERO);
    }

    @Test
    void readsFractionalSecondsRoundingUpToTheMillisecond() {
        assertThat(RetryAfterHeader.parse("1.5", NOW)).hasValue(Duration.ofMillis(1500));
        assertThat(RetryAfterHeader.parse("0.0001", NOW)).hasValue(Duration.ofMillis(1));
    }

    @Test
    void readsAnHttpDateAgainstTheGivenClock() {
        assertThat(RetryAfterHeader.parse("Wed, 21 Oct 2026 07:28:30 GMT", NOW)).hasValue(Duration.ofSeconds(30));
    }

    @Test
    void readsTheObsoleteDateFormsRecipientsMustAccept() {
        assertThat(RetryAfterHeader.parse("Wednesday, 21-Oct-26 07:29:00 GMT", NOW)).hasValue(Duration.ofMinutes(1));
        assertThat(RetryAfterHeader.parse("Wed Oct 21 07:28:10 2026", NOW)).hasValue(Duration.ofSeconds(10));
        assertThat(RetryAfterHeader.parse("Thu Oct  1 07:28:10 2026", Clock.fixed(Instant.parse("2026-10-01T07:28:00Z"),
                ZoneOffset.UTC))).hasValue(Duration.ofSeconds(10));
    }

    @Test
    void aDateInThePastMeansNoWait() {
        assertThat(RetryAfterHeader.parse("Wed, 21 Oct 2026 07:00:00 GMT", NOW)).hasValue(Duration.ZERO);
    }

    @Test
    void absurdWaitsAreCappedAtADay() {
        assertThat(RetryAfterHeader.parse("99999999999999999999", NOW)).hasValue(Duration.ofDays(1));
        assertThat(RetryAfterHeader.parse("Fri, 01 Jan 2100 00:00:00 GMT", NOW)).hasValue(Duration.ofDays(1));
    }

    @Test
    void anAbsentOrUnreadableHeaderIsNoAdvice() {
        assertThat(RetryAfterHeader.parse(null, NOW)).isEmpty();
        assertThat(RetryAfterHeader.parse("", NOW)).isEmpty();
        assertThat(RetryAfterHeader.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfterHeader.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfterHeader.parse("1e3", NOW)).isEmpty();
    }
}
