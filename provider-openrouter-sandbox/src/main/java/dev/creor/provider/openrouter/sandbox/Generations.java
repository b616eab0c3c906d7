package dev.creor.provider.openrouter.sandbox;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The generations the sandbox produced, for {@code GET /generation?id=} and the usage that
 * {@code GET /key} reports. Keeps the most recent {@value #KEPT} so that a long-running
 * sandbox does not grow without bound.
 */
final class Generations {
    static final int KEPT = 10_000;

    private final Map<String, Generation> byId = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Generation> eldest) {
            return size() > KEPT;
        }
    };
    private BigDecimal usage = BigDecimal.ZERO;
    /** The UTC day (days since the epoch) {@link #freeRequestsToday} counts. */
    private long freeRequestsDay = Long.MIN_VALUE;
    private long freeRequestsToday;
    private long sequence;

    /** The next generation id, {@code gen-<epoch seconds>-<sequence>}, unique within this sandbox. */
    synchronized String nextId(long createdEpochSecond) {
        sequence++;
        return "gen-" + createdEpochSecond + "-sbx" + String.format("%017d", sequence);
    }

    synchronized void add(Generation generation) {
        byId.put(generation.reply().id(), generation);
        usage = usage.add(generation.reply().cost());
        if (generation.reply().model().endsWith(":free")) {
            long day = utcDay(generation.createdAt);
            if (day != freeRequestsDay) {
                freeRequestsDay = day;
                freeRequestsToday = 0;
            }
            freeRequestsToday++;
        }
    }

    /**
     * How many answers came from {@code :free} models on the UTC day of {@code now}, for
     * {@code /key}'s daily free-request counter: it starts again from zero at 00:00 UTC, as
     * OpenRouter's does.
     */
    synchronized long freeRequests(Instant now) {
        return utcDay(now) == freeRequestsDay ? freeRequestsToday : 0;
    }

    private static long utcDay(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), 86_400L);
    }

    synchronized Optional<Generation> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** What every generation so far cost, in US dollars. */
    synchronized BigDecimal usage() {
        return usage;
    }

    /** One generation and what became of it. */
    static final class Generation {
        private final Reply reply;
        private final boolean streamed;
        private final Instant createdAt;
        private final long latencyMillis;
        private volatile boolean cancelled;

        Generation(Reply reply, boolean streamed, Instant createdAt, long latencyMillis) {
            this.reply = reply;
            this.streamed = streamed;
            this.createdAt = createdAt;
            this.latencyMillis = latencyMillis;
        }

        Reply reply() {
            return reply;
        }

        /** Marks it cancelled: the client went away before the answer ended. */
        void cancel() {
            cancelled = true;
        }

        /** The {@code GET /generation} body. */
        String json() {
            StringBuilder out = new StringBuilder(1200).append("{\"data\":{\"id\":");
            JsonText.quote(out, reply.id()).append(",\"upstream_id\":");
            JsonText.quote(out, "sbx-" + reply.id()).append(",\"total_cost\":");
            JsonText.number(out, reply.cost()).append(",\"cache_discount\":null,\"upstream_inference_cost\":null")
                    .append(",\"created_at\":");
            JsonText.quote(out, createdAt.toString()).append(",\"model\":");
            JsonText.quote(out, reply.model()).append(",\"app_id\":null,\"streamed\":").append(streamed)
                    .append(",\"cancelled\":").append(cancelled)
                    .append(",\"provider_name\":");
            JsonText.quote(out, reply.provider()).append(",\"latency\":").append(latencyMillis)
                    .append(",\"moderation_latency\":null,\"generation_time\":").append(latencyMillis)
                    .append(",\"finish_reason\":");
            JsonText.quoteOrNull(out, reply.finishReason()).append(",\"native_finish_reason\":");
            JsonText.quoteOrNull(out, reply.nativeFinishReason())
                    .append(",\"tokens_prompt\":").append(reply.promptTokens())
                    .append(",\"tokens_completion\":").append(reply.completionTokens())
                    .append(",\"native_tokens_prompt\":").append(reply.promptTokens())
                    .append(",\"native_tokens_completion\":").append(reply.completionTokens())
                    .append(",\"native_tokens_completion_images\":null")
                    .append(",\"native_tokens_reasoning\":").append(reply.reasoningTokens())
                    .append(",\"native_tokens_cached\":0,\"num_media_prompt\":null,\"num_input_audio_prompt\":null")
                    .append(",\"num_media_completion\":null,\"num_search_results\":null,\"num_fetches\":null")
                    .append(",\"origin\":\"\",\"usage\":");
            JsonText.number(out, reply.cost()).append(",\"is_byok\":false,\"api_type\":\"completions\"")
                    .append(",\"data_region\":\"global\",\"external_user\":null,\"http_referer\":null")
                    .append(",\"preset_id\":null,\"router\":null,\"service_tier\":null,\"user_agent\":null")
                    .append(",\"web_search_engine\":null,\"workspace_id\":null,\"provider_responses\":[{\"id\":");
            JsonText.quote(out, "sbx-" + reply.id()).append(",\"provider_name\":");
            JsonText.quote(out, reply.provider()).append(",\"status\":200,\"latency\":").append(latencyMillis)
                    .append(",\"is_byok\":false}]}}");
            return out.toString();
        }
    }
}
