package dev.creor.provider.openrouter.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelInfo;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Tells OpenRouter's two caps on free models apart when a 429 does not say when its limit
 * resets (no {@code Retry-After}, no {@code X-RateLimit-Reset}): a used-up daily cap (50 free
 * requests a day on a free-tier key, 1,000 once 10 credits were bought; the counter starts again
 * at 00:00 UTC) and the per-minute cap (20 requests a minute). Only {@code GET /key}'s
 * {@code free_model_daily_requests} counter says which: when it has none left the wait is until
 * 00:00 UTC, longer than any retry policy waits, so the router falls back at once and its report
 * says why; otherwise the wait is until the next minute, which the router waits for when it fits
 * the retry policy and the request's time limit.
 *
 * <p>{@code /key} is asked only for such a 429 of a free model ({@code :free}, or prices of zero
 * in the loaded model list) that no upstream provider answered, at most once per
 * {@link #READING_KEPT} for concurrent and later 429s alike, with the provider's time limits. A
 * failing {@code /key} (or one without the counter) leaves the 429 as it was: it never becomes
 * the request's error. The key goes only in the {@code Authorization} header; nothing here logs
 * it or an answer.
 */
final class FreeModelCaps {
    /** How long one reading of {@code /key} answers for: long enough for a burst of 429s, short enough to see a new day. */
    static final Duration READING_KEPT = Duration.ofSeconds(30);
    /** OpenRouter's per-minute cap on free models, for the message (the counter does not report it). */
    private static final int REQUESTS_PER_MINUTE = 20;
    /** The daily limit of a key with at least 10 credits bought; below it, buying credits raises the limit. */
    private static final long CREDITED_DAILY_REQUESTS = 1000;
    private static final long FREE_TIER_DAILY_REQUESTS = 50;
    private static final System.Logger LOG = System.getLogger(FreeModelCaps.class.getName());

    private final OpenRouterTransport transport;
    private final OpenRouterModelCatalog catalog;
    private final Clock clock;
    private Reading reading;

    FreeModelCaps(OpenRouterTransport transport, OpenRouterModelCatalog catalog) {
        this.transport = transport;
        this.catalog = catalog;
        this.clock = transport.clock();
    }

    /** Today's free-model requests as {@code GET /key} counts them. */
    record DailyCounter(long used, long limit, long remaining) {
        boolean usedUp() {
            return remaining <= 0;
        }
    }

    /** One answer of {@code /key} (or its failure, as empty), for the key it was asked with. */
    private record Reading(Secret key, Instant at, CompletableFuture<Optional<DailyCounter>> counter) {
    }

    /**
     * The error to report for a failed request of {@code modelId}: for a rate limit of a free
     * model without a reset, the same 429 with the wait and the reason {@code /key} gives; any
     * other error as it is. Never completes exceptionally.
     */
    CompletionStage<CreorException> explain(CreorException error, String modelId, Secret key) {
        if (error.code() != ErrorCode.RATE_LIMITED || error.retryAfter().isPresent()
                || error.upstreamProvider().isPresent() || key == null || !isFree(modelId)) {
            return CompletableFuture.completedFuture(error);
        }
        return dailyCounter(key).thenApply(counter -> counter.map(found -> explained(error, found)).orElse(error));
    }

    private boolean isFree(String modelId) {
        if (modelId.endsWith(":free")) {
            return true;
        }
        Optional<ModelInfo> model = catalog.loadedModel(modelId);
        return model.isPresent() && isZero(model.get().inputPricePerMillion())
                && isZero(model.get().outputPricePerMillion());
    }

    private static boolean isZero(Optional<BigDecimal> price) {
        return price.isPresent() && price.get().signum() == 0;
    }

    private CompletableFuture<Optional<DailyCounter>> dailyCounter(Secret key) {
        synchronized (this) {
            Instant now = clock.instant();
            if (reading != null && reading.key().equals(key) && now.isBefore(reading.at().plus(READING_KEPT))) {
                return reading.counter();
            }
            OpenRouterErrors errors = transport.errors(key);
            CompletableFuture<Optional<DailyCounter>> counter = transport
                    .getJson("/key", key, errors, "the key's free-model counters")
                    .thenApply(FreeModelCaps::parse)
                    .exceptionally(failure -> {
                        // The 429 keeps its ordinary handling; the reason (key masked by the errors) is for debugging.
                        LOG.log(System.Logger.Level.DEBUG, () -> "could not read the free-model counters of the key: "
                                + OpenRouterTransport.unexpected("the key", unwrap(failure)).getMessage());
                        return Optional.empty();
                    })
                    .toCompletableFuture();
            reading = new Reading(key, now, counter);
            return counter;
        }
    }

    /** {@code free_model_daily_requests} of a {@code /key} answer; empty when the answer has none. */
    static Optional<DailyCounter> parse(byte[] body) {
        JsonNode data;
        try {
            data = Json.MAPPER.readTree(body).path("data");
        } catch (IOException notJson) {
            return Optional.empty();
        }
        JsonNode daily = data.path("free_model_daily_requests");
        if (!daily.path("used").isNumber() && !daily.path("remaining").isNumber()) {
            return Optional.empty();
        }
        long limit = daily.path("limit").isNumber() ? daily.path("limit").asLong()
                : data.path("is_free_tier").asBoolean(false) ? FREE_TIER_DAILY_REQUESTS : CREDITED_DAILY_REQUESTS;
        long used = daily.path("used").isNumber() ? daily.path("used").asLong()
                : limit - daily.path("remaining").asLong();
        long remaining = daily.path("remaining").isNumber() ? daily.path("remaining").asLong() : limit - used;
        return Optional.of(new DailyCounter(used, limit, remaining));
    }

    private CreorException explained(CreorException error, DailyCounter counter) {
        Instant now = clock.instant();
        CreorException.Builder explained;
        if (counter.usedUp()) {
            Instant midnight = now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            explained = CreorException.builder(error.code(), "the daily cap on free-model requests is used up ("
                            + counter.used() + " of " + counter.limit() + " today, as GET /key counts them); it resets"
                            + " at 00:00 UTC, " + midnight + ". " + error.getMessage())
                    .hint((counter.limit() < CREDITED_DAILY_REQUESTS ? "buy at least 10 credits at "
                            + OpenRouterErrors.CREDITS_PAGE + " to raise the daily limit to " + CREDITED_DAILY_REQUESTS
                            + " free-model requests, " : "") + "use a paid model or add one as a fallback, or wait"
                            + " until 00:00 UTC")
                    .retryAfter(Duration.between(now, midnight));
        } else {
            Instant nextMinute = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
            explained = CreorException.builder(error.code(), error.getMessage() + " GET /key: "
                            + counter.remaining() + " of today's " + counter.limit() + " free-model requests left,"
                            + " so this is the per-minute cap (" + REQUESTS_PER_MINUTE + " a minute), resetting at "
                            + nextMinute)
                    .hint("wait a minute, or add a paid model as a fallback")
                    .retryAfter(Duration.between(now, nextMinute));
        }
        explained.retryable(true);
        error.httpStatus().ifPresent(explained::httpStatus);
        if (error.getCause() != null) {
            explained.cause(error.getCause());
        }
        return explained.build();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = Objects.requireNonNull(error);
        while (current instanceof java.util.concurrent.CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
