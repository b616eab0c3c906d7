package dev.creor.runtime.internal.wiring;

import dev.creor.core.CreorException;
import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatModel;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.runtime.internal.credentials.CredentialResolver;
import dev.creor.runtime.internal.credentials.ResolvedCredential;
import dev.creor.runtime.internal.plugins.DiscoveredProvider;
import dev.creor.spi.KeyInspector;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderDescriptor;
import dev.creor.spi.ProviderSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * One enabled provider of a runtime: its discovery record, its resolved credential and
 * settings, and the provider itself, created on first use so that a runtime whose requests
 * never reach a provider never pays for it (nor fails because of it).
 *
 * <p>A provider that needs a credential and has none is never called: its requests fail with
 * {@code AUTH_MISSING} and a hint naming every way to supply one. A factory that fails fails
 * every request of its provider with its error, and no other provider's. What discovery creates
 * is guarded: nothing the plugin throws, and no {@code create} or {@code close} that blocks,
 * reaches past this handle.
 */
public final class ProviderHandle implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(ProviderHandle.class.getName());

    private final DiscoveredProvider discovered;
    private final ResolvedCredential credential;
    private final ProviderSettings settings;
    private final ProviderContext context;
    /** Context windows by model id, from the provider's latest model list; empty until one is listed. */
    private volatile Map<String, Long> contextWindows = Map.of();
    /** The list {@link #contextWindows} was built from: a catalog hands out the same list until it reloads. */
    private volatile List<ModelInfo> windowsFrom;
    private Provider provider;
    private CreorException creationFailure;
    private boolean closed;

    ProviderHandle(DiscoveredProvider discovered, ResolvedCredential credential, ProviderSettings settings,
                   ProviderContext context) {
        this.discovered = discovered;
        this.credential = credential;
        this.settings = settings;
        this.context = context;
    }

    public String id() {
        return discovered.id();
    }

    public DiscoveredProvider discovered() {
        return discovered;
    }

    public ProviderDescriptor descriptor() {
        return discovered.descriptor();
    }

    public ResolvedCredential credential() {
        return credential;
    }

    public ProviderSettings settings() {
        return settings;
    }

    /** The provider's chat model; a missing credential or a broken factory fails each request. */
    public ChatModel chatModel() {
        return new ChatModel() {
            @Override
            public CompletionStage<ChatResponse> chat(ChatRequest request) {
                CompletionStage<ChatResponse> answer;
                try {
                    answer = provider(true).chatModel().chat(request);
                } catch (CreorException unusable) {
                    return CompletableFuture.failedFuture(unusable);
                }
                CompletableFuture<ChatResponse> explained = new CompletableFuture<>();
                answer.whenComplete((response, failure) -> {
                    if (failure == null) {
                        explained.complete(response);
                        return;
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    explained.completeExceptionally(cause instanceof CreorException error
                            ? credential.explainRejection(error) : cause);
                });
                // Cancelling the caller's future must still abort the provider's request.
                explained.whenComplete((ignored, failure) -> {
                    if (explained.isCancelled()) {
                        answer.toCompletableFuture().cancel(false);
                    }
                });
                return explained;
            }

            @Override
            public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
                Flow.Publisher<ChatEvent> events;
                try {
                    events = provider(true).chatModel().stream(request);
                } catch (CreorException unusable) {
                    return ChatModel.failedStream(unusable);
                }
                return subscriber -> events.subscribe(new RejectionExplainingSubscriber(subscriber));
            }
        };
    }

    /** Passes events through, explaining a rejected key in a failure by where the key came from. */
    private final class RejectionExplainingSubscriber implements Flow.Subscriber<ChatEvent> {
        private final Flow.Subscriber<? super ChatEvent> downstream;

        RejectionExplainingSubscriber(Flow.Subscriber<? super ChatEvent> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            downstream.onSubscribe(subscription);
        }

        @Override
        public void onNext(ChatEvent event) {
            downstream.onNext(event instanceof ChatEvent.Failed failed
                    ? new ChatEvent.Failed(credential.explainRejection(failed.error()), failed.partialText(), failed.route())
                    : event);
        }

        @Override
        public void onError(Throwable failure) {
            downstream.onError(failure);
        }

        @Override
        public void onComplete() {
            downstream.onComplete();
        }
    }

    /**
     * The provider's catalog; listing models needs no credential. The provider is guarded (see
     * {@link DiscoveredProvider#create}), so a catalog that throws fails its own listing; it
     * never throws into the caller.
     */
    public ModelCatalog catalog() {
        return new ModelCatalog() {
            @Override
            public CompletionStage<List<ModelInfo>> models() {
                return listing(false);
            }

            @Override
            public CompletionStage<List<ModelInfo>> refresh() {
                return listing(true);
            }

            @Override
            public CompletionStage<Optional<List<ModelInfo>>> modelsAtHand() {
                try {
                    return provider(false).catalog().modelsAtHand();
                } catch (CreorException unusable) {
                    return CompletableFuture.completedFuture(Optional.empty());
                }
            }
        };
    }

    private CompletionStage<List<ModelInfo>> listing(boolean refresh) {
        try {
            ModelCatalog catalog = provider(false).catalog();
            return (refresh ? catalog.refresh() : catalog.models()).thenApply(this::rememberContextWindows);
        } catch (CreorException unusable) {
            return CompletableFuture.failedFuture(unusable);
        }
    }

    /**
     * The context window of one of the provider's models (a routing variant such as
     * {@code x:nitro} has its base model's), from the latest list the catalog gave, without
     * waiting: empty before any list was had. Agents' requests list the catalog before they are
     * sent (the agent check), so theirs is known.
     */
    public OptionalLong contextWindow(String modelId) {
        Map<String, Long> windows = contextWindows;
        Long window = windows.get(modelId);
        int colon = modelId.lastIndexOf(':');
        if (window == null && colon > 0) {
            window = windows.get(modelId.substring(0, colon));
        }
        return window == null ? OptionalLong.empty() : OptionalLong.of(window);
    }

    private List<ModelInfo> rememberContextWindows(List<ModelInfo> models) {
        if (models == windowsFrom) {
            return models;
        }
        Map<String, Long> windows = new HashMap<>();
        for (ModelInfo model : models) {
            model.contextLength().ifPresent(length -> windows.put(model.ref().model(), length));
        }
        contextWindows = Map.copyOf(windows);
        windowsFrom = models;
        return models;
    }

    /** The provider's key inspector, when it offers one (creating the provider to find out). */
    public Optional<KeyInspector> keyInspector() {
        return provider(false).keyInspector();
    }

    /** Creates the provider now, if it is not created yet; its failure, if creation fails. */
    public synchronized Provider provider(boolean needsCredential) {
        if (needsCredential && credential.required() && credential.secret().isEmpty()) {
            throw credential.storeProblem()
                    .orElseGet(() -> CredentialResolver.missingCredential(id(), descriptor()));
        }
        if (closed) {
            throw CreorException.of(dev.creor.core.ErrorCode.CANCELLED, "the Creor runtime is closed");
        }
        if (creationFailure != null) {
            throw creationFailure;
        }
        if (provider == null) {
            try {
                provider = discovered.create(settings, context);
                LOGGER.log(System.Logger.Level.DEBUG, () -> "created provider " + id() + " from " + discovered.origin());
            } catch (CreorException failure) {
                creationFailure = failure;
                throw failure;
            }
        }
        return provider;
    }

    /**
     * Closes the provider if it was created; safe to call twice. The guarded provider logs a
     * {@code close()} that fails or does not return in time instead of throwing or blocking.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            credential.secret().ifPresent(dev.creor.runtime.internal.logging.Redaction::forget);
        }
        closed = true;
        if (provider != null) {
            provider.close();
            provider = null;
        }
    }

    @Override
    public String toString() {
        return "ProviderHandle[" + id() + ", " + discovered.origin() + ", credential " + credential.source().describe() + "]";
    }
}
