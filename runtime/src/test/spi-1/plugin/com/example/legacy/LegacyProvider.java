package com.example.legacy;

import dev.creor.core.ChatEvent;
import dev.creor.core.ChatModel;
import dev.creor.core.ChatRequest;
import dev.creor.core.ChatResponse;
import dev.creor.core.FinishReason;
import dev.creor.core.ModelCatalog;
import dev.creor.core.ModelInfo;
import dev.creor.core.ModelRef;
import dev.creor.core.ResponseMetadata;
import dev.creor.spi.Provider;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Answers with a fixed text, through SPI 1's core types (dev.creor.core.ChatModel, before core's split). */
final class LegacyProvider implements Provider {
    @Override
    public ChatModel chatModel() {
        return new ChatModel() {
            @Override
            public CompletionStage<ChatResponse> chat(ChatRequest request) {
                return CompletableFuture.completedFuture(new ChatResponse("legacy answer", "", List.of(),
                        ResponseMetadata.builder(request.model()).finishReason(FinishReason.STOP).build()));
            }

            @Override
            public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
                throw new UnsupportedOperationException("the legacy fixture only chats");
            }
        };
    }

    @Override
    public ModelCatalog catalog() {
        return () -> CompletableFuture.completedFuture(List.of(ModelInfo.builder(new ModelRef("legacy", "fixed"))
                .build()));
    }

    @Override
    public void close() {
    }
}
