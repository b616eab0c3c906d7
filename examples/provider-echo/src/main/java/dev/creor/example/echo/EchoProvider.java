package dev.creor.example.echo;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
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
import dev.creor.core.chat.Usage;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The echo provider: its chat model, catalog and the streams it has open. It starts no thread;
 * timers for {@code wordDelayMs} run on the host's scheduler, and {@link #close()} ends the
 * streams still open.
 */
final class EchoProvider implements Provider, ChatModel, ModelCatalog {
    private static final Pattern SIMULATED_ERROR = Pattern.compile("error-(\\d{3})(?:-retry-after-(\\d{1,5}))?");
    private static final Pattern WORD_BOUNDARY = Pattern.compile("\\s+");
    private static final List<ModelInfo> MODELS = List.of(
            ModelInfo.builder(new ModelRef(EchoProviderFactory.ID, "any"))
                    .name("Echo")
                    .description("Answers with your last message; any other model id does the same.")
                    .inputModalities(Set.of("text"))
                    .outputModalities(Set.of("text"))
                    .build(),
            ModelInfo.builder(new ModelRef(EchoProviderFactory.ID, "shout"))
                    .name("Echo, shouting")
                    .description("Answers with your last message in capitals.")
                    .inputModalities(Set.of("text"))
                    .outputModalities(Set.of("text"))
                    .build());

    private final Duration wordDelay;
    private final ProviderContext context;
    private final Set<WordStream> openStreams = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    EchoProvider(Duration wordDelay, ProviderContext context) {
        this.wordDelay = wordDelay;
        this.context = context;
        context.logger().log(System.Logger.Level.DEBUG, "echo provider created, word delay {0}", wordDelay);
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
        try {
            Answer answer = answer(request);
            return CompletableFuture.completedFuture(new ChatResponse(String.join(" ", answer.words()), "", List.of(),
                    answer.metadata()));
        } catch (CreorException error) {
            return CompletableFuture.failedFuture(error);
        }
    }

    @Override
    public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
        List<ChatEvent> events = new ArrayList<>();
        try {
            Answer answer = answer(request);
            List<String> words = answer.words();
            for (int i = 0; i < words.size(); i++) {
                events.add(new ChatEvent.TextDelta(i == 0 ? words.get(i) : " " + words.get(i)));
            }
            events.add(new ChatEvent.Completed(answer.metadata()));
        } catch (CreorException error) {
            events.add(ChatEvent.Failed.of(error));
        }
        return new WordStream(events, wordDelay, context.scheduler(), openStreams);
    }

    @Override
    public CompletionStage<List<ModelInfo>> models() {
        return CompletableFuture.completedFuture(MODELS);
    }

    /** Ends every stream still open with a {@code Failed} event; safe to call twice. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (WordStream stream : openStreams) {
                stream.end(CreorException.of(ErrorCode.PROVIDER_UNAVAILABLE, "the echo provider was closed"));
            }
        }
    }

    private Answer answer(ChatRequest request) {
        if (closed.get()) {
            throw CreorException.of(ErrorCode.PROVIDER_UNAVAILABLE, "the echo provider was closed");
        }
        ModelRef model = request.model();
        Matcher simulated = SIMULATED_ERROR.matcher(model.model());
        if (simulated.matches()) {
            throw simulatedError(model, Integer.parseInt(simulated.group(1)), simulated.group(2));
        }
        rejectMedia(request);
        String lastUserMessage = request.messages().stream()
                .filter(message -> message.role() == Role.USER)
                .reduce((earlier, later) -> later)
                .map(Message::text)
                .orElse("");
        String text = model.model().equals("shout") ? lastUserMessage.toUpperCase(Locale.ROOT) : lastUserMessage;
        List<String> words = words(text);
        long promptWords = request.messages().stream().mapToLong(message -> words(message.text()).size()).sum();
        ResponseMetadata metadata = ResponseMetadata.builder(model)
                .finishReason(FinishReason.STOP)
                .usage(Usage.of(promptWords, words.size()))
                .build();
        return new Answer(words, metadata);
    }

    private static List<String> words(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? List.of() : List.of(WORD_BOUNDARY.split(trimmed));
    }

    private static CreorException simulatedError(ModelRef model, int status, String retryAfterSeconds) {
        ErrorCode code = switch (status) {
            case 401 -> ErrorCode.AUTH_INVALID;
            case 402 -> ErrorCode.INSUFFICIENT_CREDITS;
            case 404 -> ErrorCode.MODEL_NOT_FOUND;
            case 408 -> ErrorCode.TIMEOUT;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 500, 502, 503, 504 -> ErrorCode.PROVIDER_UNAVAILABLE;
            default -> null;
        };
        if (code == null) {
            return CreorException.builder(ErrorCode.INVALID_REQUEST, "echo cannot simulate HTTP " + status + " ("
                            + model + ")")
                    .hint("use error-401, error-402, error-404, error-408, error-429, error-500, error-502, error-503 or "
                            + "error-504")
                    .build();
        }
        CreorException.Builder error = CreorException.builder(code, model + " simulates a failing service: HTTP "
                + status).httpStatus(status);
        if (retryAfterSeconds != null) {
            error.retryAfter(Duration.ofSeconds(Long.parseLong(retryAfterSeconds)));
        }
        return error.build();
    }

    private record Answer(List<String> words, ResponseMetadata metadata) {
    }

    /**
     * The echo provider reads text only. An image or a file it cannot read is refused, not
     * dropped: the caller should know the model never saw it.
     */
    private static void rejectMedia(ChatRequest request) {
        List<Message> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            for (Message.Part part : messages.get(i).parts()) {
                String kind = part instanceof Message.Part.Image ? "an image" : part instanceof Message.Part.File ? "a file" : null;
                if (kind != null) {
                    throw CreorException.builder(ErrorCode.INVALID_REQUEST, "message " + (i + 1) + " holds " + kind
                                    + " part, and the echo provider reads text only")
                            .hint("send the text alone, or ask a model that reads " + (kind.equals("an image") ? "images" : "files"))
                            .build();
                }
            }
        }
    }
}
