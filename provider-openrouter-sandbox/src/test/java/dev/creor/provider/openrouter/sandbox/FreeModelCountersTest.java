package dev.creor.provider.openrouter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /key}'s {@code free_model_daily_requests} follows the free answers served on the
 * sandbox clock's UTC day, and a free-model cap can answer with the bare 429 that names no reset.
 */
class FreeModelCountersTest {
    private static final String FREE = "meta-llama/llama-3.3-70b-instruct:free";

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T23:59:00Z"));
    private OpenRouterSandbox sandbox;
    private SandboxClient client;

    @BeforeEach
    void start() {
        sandbox = OpenRouterSandbox.builder().clock(clock).start();
        client = new SandboxClient(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void theDailyCounterStartsAgainAtMidnightUtc() {
        client.chat(SandboxClient.chatBody(FREE, "one", false));
        client.chat(SandboxClient.chatBody(FREE, "two", false));
        assertThat(daily().path("used").asInt()).isEqualTo(2);

        clock.now = Instant.parse("2026-01-02T00:00:00Z");

        assertThat(daily().path("used").asInt()).isZero();
        assertThat(daily().path("remaining").asInt()).isEqualTo(1000);
    }

    @Test
    void aFreeTierKeySaysSoAndHasFiftyFreeRequestsADay() {
        sandbox.freeTier(true);

        JsonNode data = client.get("/key").json().path("data");

        assertThat(data.path("is_free_tier").asBoolean()).isTrue();
        assertThat(data.path("free_model_daily_requests").path("limit").asInt()).isEqualTo(50);
    }

    @Test
    void aDailyCapWithoutResetAnswersTheBare429AndKeyReportsItUsedUp() {
        sandbox.limitFreeModelsWithoutReset(1, Duration.ofDays(1));
        assertThat(client.chat(SandboxClient.chatBody(FREE, "one", false)).status()).isEqualTo(200);

        SandboxClient.Answer capped = client.chat(SandboxClient.chatBody(FREE, "two", false));

        assertThat(capped.status()).isEqualTo(429);
        assertThat(capped.header("x-ratelimit-reset")).isNull();
        assertThat(capped.header("retry-after")).isNull();
        assertThat(capped.body()).isEqualTo("{\"error\":{\"message\":\"Rate limit exceeded: free-models-per-day.\","
                + "\"type\":\"rate_limit_error\",\"code\":\"429\"}}");
        assertThat(daily().path("limit").asInt()).isEqualTo(1);
        assertThat(daily().path("used").asInt()).isEqualTo(1);
        assertThat(daily().path("remaining").asInt()).isZero();
    }

    @Test
    void aFailingKeyEndpointAnswers500() {
        sandbox.failKeyRequests(true);
        assertThat(client.get("/key").status()).isEqualTo(500);

        sandbox.failKeyRequests(false);
        assertThat(client.get("/key").status()).isEqualTo(200);
    }

    private JsonNode daily() {
        return client.get("/key").json().path("data").path("free_model_daily_requests");
    }

    /** A clock the test moves by hand. */
    private static final class SettableClock extends Clock {
        volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
