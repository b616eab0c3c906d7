package dev.creor.testkit;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatModel;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ResponseMetadata;
import dev.creor.core.chat.Role;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.Usage;
import dev.creor.spi.KeyInfo;
import dev.creor.spi.KeyInspector;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/** The fake provider: deterministic answers computed in memory, breakable by {@link Defect}s. */
final class FakeProvider implements Provider, ChatModel, ModelCatalog {
    /** Lets the threads of {@link Defect#LEAKS_THREAD} end once the tests are done with them. */
    static final CountDownLatch LEAKED_THREADS_MAY_STOP = new CountDownLatch(1);

    private final String id;
    private final ProviderSettings settings;
    private final Set<Defect> defects;
    private final AtomicBoolean closed = new AtomicBoolean();

    FakeProvider(String id, ProviderSettings settings, Set<Defect> defects) {
        this.id = id;
        this.settings = settings;
        this.defects = defects;
        if (defects.contains(Defect.LEAKS_THREAD)) {
            Thread leaked = new Thread(() -> {
                try {
                    LEAKED_THREADS_MAY_STOP.await();
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "fake-leaked-thread");
            leaked.setDaemon(true);
            leaked.start();
        }
    }

    private static final ToolCall CALL = new ToolCall("fake_call_0", "lookup", "{\"q\":1}");
    private static final String DETAIL = "{\"type\":\"reasoning.text\",\"text\":\"Thinking.\",\"signature\":\"c2ln\"}";

    @Override
    public ChatModel chatModel() {
        return this;
    }

    @Override
    public ModelCatalog catalog() {
        return this;
    }

    @Override
    public Optional<KeyInspector> keyInspector() {
        return defects.contains(Defect.KEY_INSPECTOR_UNDECLARED)
                ? Optional.of(key -> CompletableFuture.completedFuture(KeyInfo.builder().build()))
                : Optional.empty();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) && defects.contains(Defect.CLOSE_NOT_IDEMPOTENT)) {
            throw new IllegalStateException("already closed");
        }
    }

    @Override
    public CompletionStage<ChatResponse> chat(ChatRequest request) {
        try {
            List<String> words = answer(request);
            if (request.model().model().equals("tools")) {
                return CompletableFuture.completedFuture(new ChatResponse("", "", List.of(CALL),
                        metadata(request, 1).toBuilder().finishReason(FinishReason.TOOL_CALLS).build()));
            }
            if (request.model().model().equals("reasoning")) {
                Message message = ChatResponse.assistantMessage(String.join(" ", words),
                        new Message.Reasoning("Thinking.", "", List.of(DETAIL)), List.of());
                return CompletableFuture.completedFuture(new ChatResponse(message, List.of(), metadata(request, words.size())));
            }
            return CompletableFuture.completedFuture(new ChatResponse(String.join(" ", words), "", List.of(),
                    metadata(request, words.size())));
        } catch (CreorException error) {
            return CompletableFuture.failedFuture(error);
        }
    }

    @Override
    public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
        List<ChatEvent> events = new ArrayList<>();
        boolean failedAsOnError = false;
        try {
            List<String> words = answer(request);
            if (request.model().model().equals("tools")) {
                events.add(new ChatEvent.ToolCallDelta(0, CALL.id(), CALL.name(), "{\"q\""));
                events.add(new ChatEvent.ToolCallDelta(0, null, null, ":1}"));
                events.add(new ChatEvent.Completed(metadata(request, 1).toBuilder().finishReason(FinishReason.TOOL_CALLS)
                        .build()));
                return new FakeStream(events, false, defects);
            }
            if (request.model().model().equals("reasoning")) {
                events.add(new ChatEvent.ReasoningDelta("Thinking."));
                events.add(new ChatEvent.ReasoningDetail(0, DETAIL));
            }
            for (int i = 0; i < words.size(); i++) {
                events.add(new ChatEvent.TextDelta(i == 0 ? words.get(i) : " " + words.get(i)));
            }
            if (!defects.contains(Defect.NO_COMPLETED)) {
                events.add(new ChatEvent.Completed(metadata(request, words.size())));
                if (defects.contains(Defect.TWO_COMPLETED)) {
                    events.add(new ChatEvent.Completed(metadata(request, words.size())));
                }
            }
        } catch (CreorException error) {
            events.add(ChatEvent.Failed.of(error));
            failedAsOnError = defects.contains(Defect.FAILURE_AS_ON_ERROR);
        }
        return new FakeStream(events, failedAsOnError, defects);
    }

    @Override
    public CompletionStage<List<ModelInfo>> models() {
        if (defects.contains(Defect.EMPTY_CATALOG)) {
            return CompletableFuture.completedFuture(List.of());
        }
        String provider = defects.contains(Defect.CATALOG_UNDER_OTHER_PROVIDER) ? "other" : id;
        return CompletableFuture.completedFuture(List.of(
                ModelInfo.builder(new ModelRef(provider, "ok")).name("Fake OK").build(),
                ModelInfo.builder(new ModelRef(provider, "long")).name("Fake long").build()));
    }

    private List<String> answer(ChatRequest request) {
        String key = settings.credential().map(Secret::reveal).orElse("");
        if (!key.equals("fk-good")) {
            throw CreorException.builder(ErrorCode.AUTH_INVALID, "the fake backend rejected the key"
                            + (defects.contains(Defect.CREDENTIAL_IN_MESSAGE) ? " " + key : ""))
                    .retryable(defects.contains(Defect.AUTH_RETRYABLE))
                    .httpStatus(401)
                    .build();
        }
        String model = request.model().model();
        switch (model) {
            case "401" -> throw CreorException.builder(ErrorCode.AUTH_INVALID, "rejected").httpStatus(401)
                    .retryable(defects.contains(Defect.AUTH_RETRYABLE)).build();
            case "429", "429-7" -> {
                CreorException.Builder error = CreorException.builder(defects.contains(Defect.RATE_LIMIT_AS_UNAVAILABLE)
                        ? ErrorCode.PROVIDER_UNAVAILABLE : ErrorCode.RATE_LIMITED, "slow down").httpStatus(429);
                if (model.equals("429-7") && !defects.contains(Defect.DROPS_RETRY_AFTER)) {
                    error.retryAfter(Duration.ofSeconds(7));
                }
                throw error.build();
            }
            case "503" -> throw CreorException.builder(ErrorCode.PROVIDER_UNAVAILABLE, "down").httpStatus(503)
                    .retryable(!defects.contains(Defect.UNAVAILABLE_NOT_RETRYABLE)).build();
            case "long" -> {
                List<String> words = new ArrayList<>();
                for (int i = 1; i <= 40; i++) {
                    words.add("word" + i);
                }
                return words;
            }
            default -> {
                String last = request.messages().stream().filter(message -> message.role() == Role.USER)
                        .reduce((first, second) -> second).map(Message::text).orElse("");
                List<String> words = new ArrayList<>(List.of(last.split(" ")));
                if (defects.contains(Defect.WRONG_TEXT)) {
                    Collections.reverse(words);
                }
                return words;
            }
        }
    }

    private ResponseMetadata metadata(ChatRequest request, int answerWords) {
        ResponseMetadata.Builder metadata = ResponseMetadata.builder(request.model()).finishReason(FinishReason.STOP);
        if (!defects.contains(Defect.NO_USAGE)) {
            metadata.usage(Usage.of(request.messages().size(), answerWords));
        }
        return metadata.build();
    }
}
