package dev.creor.provider.openrouter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    void readsDeltaSeconds() {
        assertThat(RetryAfter.parse("120", NOW)).hasValue(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).hasValue(Duration.ZERO);
    }

    @Test
    void readsFractionalSecondsRoundingUpToTheMillisecond() {
        assertThat(RetryAfter.parse("1.5", NOW)).hasValue(Duration.ofMillis(1500));
        assertThat(RetryAfter.parse("0.0001", NOW)).hasValue(Duration.ofMillis(1));
    }

    @Test
    void readsAnHttpDateAgainstTheGivenClock() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2026 07:28:30 GMT", NOW)).hasValue(Duration.ofSeconds(30));
    }

    @Test
    void readsTheObsoleteDateFormsRecipientsMustAccept() {
        assertThat(RetryAfter.parse("Wednesday, 21-Oct-26 07:29:00 GMT", NOW)).hasValue(Duration.ofMinutes(1));
        assertThat(RetryAfter.parse("Wed Oct 21 07:28:10 2026", NOW)).hasValue(Duration.ofSeconds(10));
        assertThat(RetryAfter.parse("Thu Oct  1 07:28:10 2026", Clock.fixed(Instant.parse("2026-10-01T07:28:00Z"),
                ZoneOffset.UTC))).hasValue(Duration.ofSeconds(10));
    }

    @Test
    void aDateInThePastMeansNoWait() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2026 07:00:00 GMT", NOW)).hasValue(Duration.ZERO);
    }

    @Test
    void absurdWaitsAreCappedAtADay() {
        assertThat(RetryAfter.parse("99999999999999999999", NOW)).hasValue(Duration.ofDays(1));
        assertThat(RetryAfter.parse("Fri, 01 Jan 2100 00:00:00 GMT", NOW)).hasValue(Duration.ofDays(1));
    }

    @Test
    void anAbsentOrUnreadableHeaderIsNoAdvice() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("1e3", NOW)).isEmpty();
    }
}
