package dev.creor.provider.openrouter.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * OpenRouter's caps on free ({@code :free}) model variants: so many requests per window (per
 * day, or per minute) for the whole account, after which each request is answered {@code 429}
 * with {@code X-RateLimit-Reset} (epoch milliseconds of the window's end, windows aligned to the
 * epoch like the real service's UTC days) and no {@code Retry-After}, in the header and in the
 * error's {@code metadata.headers}; or, set by {@link OpenRouterSandbox#limitFreeModelsWithoutReset},
 * with the bare body some of the real service's 429s have, which names no reset at all. Off until
 * one of them sets it.
 */
final class FreeModelLimit {
    private int requests;
    private Duration window;
    private boolean namesReset;
    private long windowStartMillis = Long.MIN_VALUE;
    private int used;

    /**
     * Limits free models to {@code requests} per {@code window} from now on, counting from zero.
     *
     * @param namesReset whether a 429 says when the window ends ({@code X-RateLimit-Reset})
     */
    synchronized void set(int requests, Duration window, boolean namesReset) {
        this.requests = requests;
        this.window = window;
        this.namesReset = namesReset;
        this.windowStartMillis = Long.MIN_VALUE;
        this.used = 0;
    }

    /** The cap per UTC day, when one is set: {@code GET /key} reports it as the daily free-request limit. */
    synchronized OptionalInt dailyRequests() {
        return window != null && window.equals(Duration.ofDays(1)) ? OptionalInt.of(requests) : OptionalInt.empty();
    }

    /** Lifts the limit. */
    synchronized void clear() {
        this.window = null;
    }

    /**
     * Counts a request for {@code modelId} at {@code now}; the answer to send instead of the
     * model's when the request is over the limit.
     */
    synchronized Optional<ResponsePlan> admit(String modelId, Instant now) {
        if (window == null || !modelId.endsWith(":free")) {
            return Optional.empty();
        }
        long windowMillis = window.toMillis();
        long start = Math.floorDiv(now.toEpochMilli(), windowMillis) * windowMillis;
        if (start != windowStartMillis) {
            windowStartMillis = start;
            used = 0;
        }
        if (used < requests) {
            used++;
            return Optional.empty();
        }
        String reset = Long.toString(start + windowMillis);
        String limit = Integer.toString(requests);
        String name = window.equals(Duration.ofDays(1)) ? "free-models-per-day"
                : window.equals(Duration.ofMinutes(1)) ? "free-models-per-min" : "free-models-per-" + window.toSeconds() + "s";
        if (!namesReset) {
            // The bare shape of some of the real service's 429s (openclaude#1549): no headers, no metadata.
            String bare = "{\"error\":{\"message\":" + JsonText.quote("Rate limit exceeded: " + name + ".")
                    + ",\"type\":\"rate_limit_error\",\"code\":\"429\"}}";
            return Optional.of(ResponsePlan.builder().head(429, "application/json", false)
                    .segment(bare.getBytes(StandardCharsets.UTF_8), 0)
                    .build());
        }
        // The real service's message and metadata for a used-up free-model cap.
        String body = "{\"error\":{\"message\":" + JsonText.quote("Rate limit exceeded: " + name + ". Add 10 credits"
                + " to unlock 1000 free model requests per day") + ",\"code\":429,\"metadata\":{\"headers\":{"
                + "\"X-RateLimit-Limit\":" + JsonText.quote(limit) + ",\"X-RateLimit-Remaining\":\"0\","
                + "\"X-RateLimit-Reset\":" + JsonText.quote(reset) + "},\"provider_name\":null}},\"user_id\":\"user_sandbox\"}";
        return Optional.of(ResponsePlan.builder().head(429, "application/json", false)
                .header("x-ratelimit-limit", limit)
                .header("x-ratelimit-remaining", "0")
                .header("x-ratelimit-reset", reset)
                .segment(body.getBytes(StandardCharsets.UTF_8), 0)
                .build());
    }
}
