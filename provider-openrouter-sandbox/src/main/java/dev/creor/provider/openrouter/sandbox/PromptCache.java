package dev.creor.provider.openrouter.sandbox;

import dev.creor.provider.openrouter.sandbox.ChatCall.CachePrefix;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompt cache of models that cache at {@code cache_control} breakpoints (Claude, Gemini):
 * a request writes the prompt up to each breakpoint; a later request reads the longest cached
 * prefix that ends at any message boundary up to its last breakpoint (Anthropic looks back over
 * earlier boundaries, so last turn's breakpoint is found in the middle of this turn's prompt),
 * within the entry's time to live. Keyed by model, as the real caches are.
 */
final class PromptCache {
    private static final Duration REFRESH = Duration.ofMinutes(5);
    private final Map<String, Instant> expiries = new HashMap<>();

    /**
     * What one request read from and wrote to the cache.
     *
     * @param readTokens  prompt tokens read from the cache
     * @param writeTokens prompt tokens written to it
     */
    record Use(long readTokens, long writeTokens) {
        static final Use NONE = new Use(0, 0);
    }

    /** Reads the longest cached prefix, and writes the rest up to the last breakpoint. */
    synchronized Use use(String model, List<CachePrefix> prefixes, Instant now) {
        int last = -1;
        for (int i = 0; i < prefixes.size(); i++) {
            if (prefixes.get(i).breakpoint()) {
                last = i;
            }
        }
        if (last < 0) {
            return Use.NONE;
        }
        long read = 0;
        for (int i = 0; i <= last; i++) {
            Instant expiry = expiries.get(model + " " + prefixes.get(i).key());
            if (expiry != null && expiry.isAfter(now)) {
                read = prefixes.get(i).tokens();
                // A hit refreshes the entry's lifetime, as Anthropic's cache does.
                expiries.merge(model + " " + prefixes.get(i).key(), now.plus(REFRESH), Ordering::later);
            }
        }
        for (int i = 0; i <= last; i++) {
            CachePrefix prefix = prefixes.get(i);
            if (prefix.breakpoint()) {
                expiries.merge(model + " " + prefix.key(), now.plus(prefix.ttlOrNull()), Ordering::later);
            }
        }
        return new Use(read, Math.max(0, prefixes.get(last).tokens() - read));
    }

    private static final class Ordering {
        private Ordering() {
        }

        static Instant later(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }
    }
}
