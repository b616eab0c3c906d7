package dev.creor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreorExceptionTest {

    @Test
    void takesRetryabilityFromTheCodeUnlessOverridden() {
        assertThat(CreorException.of(ErrorCode.RATE_LIMITED, "x").retryable()).isTrue();
        assertThat(CreorException.of(ErrorCode.AUTH_INVALID, "x").retryable()).isFalse();
        assertThat(CreorException.builder(ErrorCode.PROVIDER_UNAVAILABLE, "x").retryable(false).build().retryable())
                .isFalse();
    }

    @Test
    void carriesProviderDetailsAndRoundTripsThroughToBuilder() {
        CreorException error = CreorException.builder(ErrorCode.RATE_LIMITED, "rate limited by Anthropic")
                .hint("wait a minute").retryAfter(Duration.ofSeconds(3)).httpStatus(429).upstreamProvider("Anthropic")
                .build();

        CreorException copy = error.toBuilder().build();

        assertThat(copy.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(copy.retryAfter()).hasValue(Duration.ofSeconds(3));
        assertThat(copy.httpStatus()).hasValue(429);
        assertThat(copy.upstreamProvider()).hasValue("Anthropic");
        assertThat(copy.hint()).hasValue("wait a minute");
        assertThat(copy.describe()).isEqualTo("rate limited by Anthropic (wait a minute)");
        assertThat(copy).hasToString("CreorException[RATE_LIMITED]: rate limited by Anthropic (wait a minute)");
    }

    @Test
    void carriesTheRouteOfARoutedFailureThroughToBuilder() {
        RouteReport route = new RouteReport(List.of(RouteAttempt.builder(ModelRef.parse("openrouter/a/x"),
                RouteAttempt.Outcome.FAILED).errorCode(ErrorCode.TIMEOUT).build()));

        CreorException routed = CreorException.builder(ErrorCode.TIMEOUT, "idle").route(route).build();

        assertThat(routed.route()).isEqualTo(route);
        assertThat(routed.toBuilder().build().route()).isEqualTo(route);
        assertThat(CreorException.of(ErrorCode.TIMEOUT, "idle").route()).isEqualTo(RouteReport.NONE);
    }

    @Test
    void absentDetailsAreEmpty() {
        CreorException error = CreorException.of(ErrorCode.TIMEOUT, "idle");

        assertThat(error.hint()).isEmpty();
        assertThat(error.retryAfter()).isEmpty();
        assertThat(error.httpStatus()).isEmpty();
        assertThat(error.upstreamProvider()).isEmpty();
    }

    @Test
    void validatesItsParts() {
        assertThatThrownBy(() -> CreorException.of(ErrorCode.TIMEOUT, " ")).hasMessage("message is blank");
        assertThatThrownBy(() -> CreorException.builder(ErrorCode.TIMEOUT, "x").httpStatus(42))
                .hasMessageContaining("100..599");
        assertThatThrownBy(() -> CreorException.builder(ErrorCode.TIMEOUT, "x").retryAfter(Duration.ofSeconds(-1)))
                .hasMessageContaining("negative");
    }

    @Test
    void credentialAndCreditErrorsStopAFallbackChain() {
        assertThat(ErrorCode.AUTH_INVALID.movesToNextModel()).isFalse();
        assertThat(ErrorCode.INSUFFICIENT_CREDITS.movesToNextModel()).isFalse();
        assertThat(ErrorCode.MODEL_NOT_FOUND.movesToNextModel()).isTrue();
        assertThat(ErrorCode.CONTEXT_TOO_LONG.movesToNextModel()).isTrue();
        assertThat(ErrorCode.MODERATION.movesToNextModel()).isTrue();
    }
}
