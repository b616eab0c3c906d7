package dev.creor.provider.openaicompatible;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatModel;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.spi.Provider;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The provider while no {@code baseURL} is configured: it offers no models, and a chat request
 * is told which option to set, instead of the whole runtime failing at start-up for a provider
 * nobody uses.
 */
final class UnconfiguredEndpoint implements Provider, ChatModel, ModelCatalog {
    private final String providerId;

    UnconfiguredEndpoint(String providerId) {
        this.providerId = providerId;
    }

    private CreorException notConfigured() {
        return CreorException.builder(ErrorCode.CONFIG_INVALID, "provider \"" + providerId + "\" has no base URL")
                .hint("set provider." + providerId + ".options.baseURL to the server's OpenAI-compatible API, e.g."
                        + " http://127.0.0.1:11434/v1 for Ollama (see docs/providers/openai-compatible.md)")
                .build();
    }

    @Override
    public ChatModel chatModel() {
        return this;
    }

    @Override
    public ModelCatalog catalog() {
        return this;
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request) {
        return CompletableFuture.failedFuture(notConfigured());
    }

    @Override
    public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
        return ChatModel.failedStream(notConfigured());
    }

    @Override
    public CompletionStage<List<ModelInfo>> models() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public void close() {
    }
}
