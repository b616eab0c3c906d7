package dev.creor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The waiting indicator's frames on a fake clock, its erasing, and when it shows at all. */
class WaitingIndicatorTest {
    private final StringWriter written = new StringWriter();
    private final AtomicLong now = new AtomicLong(1_000);
    private final WaitingIndicator indicator = new WaitingIndicator(new PrintWriter(written),
            "openrouter/openai/gpt-4o", now::get, 1_000);

    @Test
    void eachFrameRedrawsTheLineWithTheNextSpinnerAndTheElapsedTime() {
        now.addAndGet(Duration.ofMillis(250).toNanos());
        indicator.tick();
        String first = written.toString();
        now.addAndGet(Duration.ofMillis(1_000).toNanos());
        indicator.tick();

        assertThat(first).isEqualTo("\r⠋ waiting for openrouter/openai/gpt-4o · 0.3 s");
        assertThat(written.toString().substring(first.length()))
                .isEqualTo("\r⠙ waiting for openrouter/openai/gpt-4o · 1.3 s");
    }

    @Test
    void stoppingErasesTheLineOnceAndDrawsNothingAfter() {
        indicator.tick();
        int drawn = written.toString().length();

        indicator.stop();
        indicator.stop();
        indicator.tick();

        assertThat(written.toString().substring(drawn)).isEqualTo("\r\u001b[K");
    }

    @Test
    void anIndicatorStoppedBeforeItsFirstFrameWritesNothing() {
        indicator.start();
        indicator.stop();

        assertThat(written.toString()).isEmpty();
    }

    @Test
    void itShowsOnlyOnATerminalForPeople() {
        assertThat(WaitingIndicator.shows(Map.of("TERM", "xterm-256color"), false, true)).isTrue();
        assertThat(WaitingIndicator.shows(Map.of(), false, true)).isTrue();
        assertThat(WaitingIndicator.shows(Map.of("NO_COLOR", "1"), false, true)).as("it has no colour").isTrue();
        assertThat(WaitingIndicator.shows(Map.of(), false, false)).as("piped").isFalse();
        assertThat(WaitingIndicator.shows(Map.of(), true, true)).as("--json").isFalse();
        assertThat(WaitingIndicator.shows(Map.of("TERM", "dumb"), false, true)).as("TERM=dumb").isFalse();
    }
}
