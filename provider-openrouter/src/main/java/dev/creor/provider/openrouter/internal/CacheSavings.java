package dev.creor.provider.openrouter.internal;

import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ResponseMetadata;
import dev.creor.core.chat.Usage;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What the prompt cache saved on one answer, from the served model's prices: cached tokens cost
 * {@code input_cache_read} instead of the prompt price, written tokens {@code input_cache_write}
 * (more, for Claude and Gemini). OpenRouter's {@code cost} already prices both; the saving is what
 * the same answer would have cost without the cache, minus that.
 */
final class CacheSavings {
    private CacheSavings() {
    }

    /** The metadata with the saving in its usage, when the answer used the cache and the prices are known. */
    static ResponseMetadata added(ResponseMetadata metadata, Optional<ModelInfo> servedModel) {
        Usage usage = metadata.usage();
        if (usage.cachedTokens() == 0 && usage.cacheWriteTokens() == 0 || servedModel.isEmpty()) {
            return metadata;
        }
        ModelInfo model = servedModel.get();
        BigDecimal prompt = model.inputPricePerMillion().orElse(null);
        BigDecimal read = model.cacheReadPricePerMillion().orElse(null);
        if (prompt == null || read == null && usage.cachedTokens() > 0) {
            return metadata;
        }
        BigDecimal write = model.cacheWritePricePerMillion().orElse(prompt);
        BigDecimal saved = (read == null ? BigDecimal.ZERO : prompt.subtract(read).multiply(BigDecimal.valueOf(usage.cachedTokens())))
                .subtract(write.subtract(prompt).multiply(BigDecimal.valueOf(usage.cacheWriteTokens())))
                .movePointLeft(6).stripTrailingZeros();
        return metadata.toBuilder().usage(usage.withCacheWrites(usage.cacheWriteTokens(), saved)).build();
    }

    /** The event with the saving added when it is the {@link ChatEvent.Completed} one. */
    static ChatEvent added(ChatEvent event, OpenRouterModelCatalog catalog) {
        if (event instanceof ChatEvent.Completed completed) {
            ResponseMetadata metadata = completed.metadata();
            return new ChatEvent.Completed(added(metadata, catalog.loadedModel(metadata.servedModel().model())));
        }
        return event;
    }
}
