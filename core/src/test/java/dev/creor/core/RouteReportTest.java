package dev.creor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteReportTest {
    private static final ModelRef A = ModelRef.parse("openrouter/a/x");
    private static final ModelRef B = ModelRef.parse("openrouter/b/y");

    @Test
    void summarisesAttemptsInOrderAndSumsWaits() {
        RouteReport report = new RouteReport(List.of(
                RouteAttempt.builder(A, RouteAttempt.Outcome.FAILED).errorCode(ErrorCode.PROVIDER_UNAVAILABLE)
                        .latency(Duration.ofMillis(30)).build(),
                RouteAttempt.builder(B, RouteAttempt.Outcome.SUCCEEDED).waitBefore(Duration.ofMillis(500))
                        .servedModel(B).build()));

        assertThat(report.summary()).isEqualTo("openrouter/a/x FAILED PROVIDER_UNAVAILABLE → openrouter/b/y SUCCEEDED");
        assertThat(report.rerouted()).isTrue();
        assertThat(report.totalWait()).isEqualTo(Duration.ofMillis(500));
        assertThat(RouteReport.NONE.rerouted()).isFalse();
    }

    @Test
    void aReportWithoutCacheFiguresHasNoneAndOneWithThemKeepsTheAttempts() {
        RouteReport plain = new RouteReport(List.of(RouteAttempt.builder(A, RouteAttempt.Outcome.SUCCEEDED).build()));
        RouteReport.PromptCache cache = RouteReport.PromptCache.of(1200, 40).withSavings(new BigDecimal("0.00321"));

        RouteReport cached = plain.withPromptCache(cache);

        assertThat(plain.promptCache()).isEqualTo(RouteReport.PromptCache.NONE);
        assertThat(RouteReport.NONE.promptCache().used()).isFalse();
        assertThat(RouteReport.NONE.promptCache().savings()).isEmpty();
        assertThat(cached.attempts()).isEqualTo(plain.attempts());
        assertThat(cached.promptCache().cachedTokens()).isEqualTo(1200);
        assertThat(cached.promptCache().writtenTokens()).isEqualTo(40);
        assertThat(cached.promptCache().savings()).hasValue(new BigDecimal("0.00321"));
        assertThat(cached.promptCache().used()).isTrue();
        assertThat(RouteReport.PromptCache.of(1200, 40).savings()).as("prices unknown").isEmpty();
        assertThat(cached).isNotEqualTo(plain);
        assertThatThrownBy(() -> RouteReport.PromptCache.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAttemptNamesItsProvider() {
        assertThat(RouteAttempt.builder(A, RouteAttempt.Outcome.SUCCEEDED).build().provider()).isEqualTo("openrouter");
    }

    @Test
    void aFailedAttemptNeedsAnErrorCode() {
        assertThatThrownBy(() -> RouteAttempt.builder(A, RouteAttempt.Outcome.FAILED).build())
                .hasMessage("FAILED attempt needs an error code");
    }
}
