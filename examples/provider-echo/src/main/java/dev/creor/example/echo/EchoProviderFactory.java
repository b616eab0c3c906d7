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
import dev.creor.spi.Capability;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderDescriptor;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code echo} provider: answers with the last user message, word by word, with no credential
 * and no network. {@code echo/shout} answers in capitals; {@code echo/error-503} or
 * {@code echo/error-429-retry-after-7} simulate a failing service, to try fallbacks offline.
 * Option {@code wordDelayMs} (0 by default) pauses between streamed words.
 */
public final class EchoProviderFactory implements ProviderFactory {
    /** The provider id. */
    public static final String ID = "echo";

    private static final String SCHEMA = """
            {"type": "object", "properties": {"options": {"type": "object", "additionalProperties": false,
              "properties": {"wordDelayMs": {"type": "integer", "minimum": 0, "maximum": 60000, "default": 0,
                "x-creor-trust": "any", "description": "Milliseconds between streamed words, to watch streaming."}}}}}
            """;

    /** Creates the factory; ServiceLoader calls this, so it does nothing else. */
    public EchoProviderFactory() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.builder("Echo")
                .requiresCredential(false)
                .documentationUrl(URI.create("https://creor.dev/docs/writing-a-provider"))
                .configSchema(SCHEMA)
                .capabilities(EnumSet.of(Capability.STREAMING, Capability.MODEL_CATALOG))
                .build();
    }

    @Override
    public Provider create(ProviderSettings settings, ProviderContext context) {
        Object delay = settings.option("wordDelayMs").orElse(0);
        long millis = delay instanceof Number number && number.doubleValue() == number.longValue() ? number.longValue() : -1;
        if (millis < 0 || millis > 60_000) {
            throw CreorException.builder(ErrorCode.CONFIG_INVALID, "provider.echo.options.wordDelayMs must be a whole "
                            + "number of milliseconds from 0 to 60000; got " + delay)
                    .hint("set it to 0 for no pause, or e.g. 50 to watch words arrive").build();
        }
        return new EchoProvider(Duration.ofMillis(millis), context);
    }

    /** The created provider: no network, no thread; the kit's event stream paces the words on the host's scheduler. */
    private record EchoProvider(Duration wordDelay, ProviderContext context) implements Provider, ChatModel, ModelCatalog {
        static final Pattern SIMULATED_ERROR = Pattern.compile("error-(\\d{3})(?:-retry-after-(\\d{1,5}))?");
        static final List<ModelInfo> MODELS = List.of(
                ModelInfo.builder(new ModelRef(ID, "any")).name("Echo").build(),
                ModelInfo.builder(new ModelRef(ID, "shout")).name("Echo, shouting").build());

        @Override
        public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
            return ProviderContext.Kit.refuseMedia(request, "the echo provider").map(ChatModel::failedStream)
                    .orElseGet(() -> ProviderContext.Kit.eventStream(answer(request), wordDelay, context.scheduler()));
        }

        @Override
        public CompletionStage<ChatResponse> chat(ChatRequest request) {
            return ProviderContext.Kit.collect(stream(request));
        }

        private static List<ChatEvent> answer(ChatRequest request) {
            ModelRef model = request.model();
            Matcher simulated = SIMULATED_ERROR.matcher(model.model());
            if (simulated.matches()) {
                int status = Integer.parseInt(simulated.group(1));
                CreorException.Builder error = CreorException.builder(ProviderContext.Kit.errorCode(status),
                        model + " simulates a failing service: HTTP " + status).httpStatus(status);
                if (simulated.group(2) != null) {
                    error.retryAfter(Duration.ofSeconds(Long.parseLong(simulated.group(2))));
                }
                return List.of(ChatEvent.Failed.of(error.build()));
            }
            String last = request.messages().stream().filter(message -> message.role() == Role.USER)
                    .reduce((earlier, later) -> later).map(Message::text).orElse("");
            List<String> words = words(model.model().equals("shout") ? last.toUpperCase(Locale.ROOT) : last);
            List<ChatEvent> events = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                events.add(new ChatEvent.TextDelta(i == 0 ? words.get(i) : " " + words.get(i)));
            }
            long promptWords = request.messages().stream().mapToLong(message -> words(message.text()).size()).sum();
            events.add(new ChatEvent.Completed(ResponseMetadata.builder(model).finishReason(FinishReason.STOP)
                    .usage(Usage.of(promptWords, words.size())).build()));
            return events;
        }

        private static List<String> words(String text) {
            return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
        }

        @Override
        public CompletionStage<List<ModelInfo>> models() {
            return CompletableFuture.completedFuture(MODELS);
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
        public void close() {
            // Nothing is held: each answer is computed whole and streamed from memory.
        }
    }
}
