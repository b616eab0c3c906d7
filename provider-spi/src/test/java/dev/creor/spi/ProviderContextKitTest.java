package dev.creor.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Scheduler;
import dev.creor.core.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The kit's helpers that need no host, and the description of an OpenAI-compatible service. */
class ProviderContextKitTest {
    @Test
    void statusesMapToErrorCodes() {
        assertThat(ProviderContext.Kit.errorCode(401)).isEqualTo(ErrorCode.AUTH_INVALID);
        assertThat(ProviderContext.Kit.errorCode(404)).isEqualTo(ErrorCode.MODEL_NOT_FOUND);
        assertThat(ProviderContext.Kit.errorCode(429)).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(ProviderContext.Kit.errorCode(418)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(ProviderContext.Kit.errorCode(503)).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
    }

    @Test
    void onlyTheKeyIsMaskedInEchoedText() {
        Secret key = Secret.of("sk-live-0123456789abcdef");

        assertThat(ProviderContext.Kit.maskKey("Incorrect API key provided: sk-live-0123456789abcdef. Check it.", key))
                .isEqualTo("Incorrect API key provided: " + key.masked() + ". Check it.");
    }

    @Test
    void retryAfterReadsSecondsAndDates() {
        Clock clock = Clock.fixed(Instant.parse("2026-10-21T07:28:00Z"), ZoneOffset.UTC);

        assertThat(ProviderContext.Kit.retryAfter("7", clock)).contains(Duration.ofSeconds(7));
        assertThat(ProviderContext.Kit.retryAfter("Wed, 21 Oct 2026 07:28:30 GMT", clock)).contains(Duration.ofSeconds(30));
        assertThat(ProviderContext.Kit.retryAfter("soon", clock)).isEmpty();
        assertThat(ProviderContext.Kit.retryAfter(null, clock)).isEmpty();
    }

    @Test
    void aServiceDescriptionNeedsAnAbsoluteHttpUrlAndNeverShowsHeaderValues() {
        ProviderContext.Kit.OpenAiCompatible service = ProviderContext.Kit.OpenAiCompatible.builder("Acme", URI.create("https://a.example/v1"))
                .headers(Map.of("X-Secret", "s3cret")).models(List.of("m")).build();

        assertThat(service.toString()).contains("X-Secret").doesNotContain("s3cret");
        assertThat(service.authHeader()).contains("Authorization");
        assertThat(service.authScheme()).contains("Bearer");
        assertThatThrownBy(() -> ProviderContext.Kit.OpenAiCompatible.builder("Acme", URI.create("ftp://a.example/v1")))
                .isInstanceOfSatisfying(CreorException.class,
                        error -> assertThat(error.code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }

    @Test
    void aContextWithoutAKitSaysSo() {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try {
            ProviderContext context = ProviderContext.builder(Scheduler.using(timers, Clock.systemUTC()), Runnable::run,
                    Path.of("cache")).build();

            assertThatThrownBy(context::kit).isInstanceOfSatisfying(CreorException.class,
                    error -> assertThat(error.code()).isEqualTo(ErrorCode.USAGE));
        } finally {
            timers.shutdownNow();
        }
    }
}
