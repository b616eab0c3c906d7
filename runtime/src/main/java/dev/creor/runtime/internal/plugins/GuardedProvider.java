package dev.creor.runtime.internal.plugins;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.catalog.ModelCatalog;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatModel;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.runtime.internal.plugins.PluginCalls.Outcome;
import dev.creor.runtime.internal.plugins.PluginCalls.Threw;
import dev.creor.runtime.internal.plugins.PluginCalls.TimedOut;
import dev.creor.spi.KeyInspector;
import dev.creor.spi.Provider;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A provider as the host uses it: every call into the plugin's provider, its chat model,
 * streams, catalog and key inspector is guarded, so that nothing the plugin throws
 * ({@link StackOverflowError}, {@link OutOfMemoryError}, {@link LinkageError} and the rest
 * included) reaches the caller as anything but a failure naming the provider and its jar.
 *
 * <p>A call that throws becomes a failed stage, a stream that ends with
 * {@link ChatEvent.Failed}, or a catalog or key inspector whose every call fails. The code is
 * {@link ErrorCode#PLUGIN_INVALID} for a {@link LinkageError} (the plugin does not fit this
 * Creor) and {@link ErrorCode#INTERNAL} for anything else (a defect of the provider); the
 * provider's own {@link CreorException}s pass unchanged. {@link #close()} runs within the time
 * limit on a thread of its own, and only once.
 */
final class GuardedProvider implements Provider {
    private static final System.Logger LOGGER = System.getLogger(GuardedProvider.class.getName());

    private final DiscoveredProvider owner;
    private final Provider delegate;
    private final AtomicBoolean closed = new AtomicBoolean();

    GuardedProvider(DiscoveredProvider owner, Provider delegate) {
        this.owner = Objects.requireNonNull(owner, "owner is null");
        this.delegate = Objects.requireNonNull(delegate, "delegate is null");
    }

    @Override
    public ChatModel chatModel() {
        ChatModel model;
        try {
            model = delegate.chatModel();
        } catch (Throwable error) {
            return failingChatModel(failure("chatModel()", error));
        }
        return model == null ? failingChatModel(returnedNull("chatModel()")) : new GuardedChatModel(model);
    }

    @Override
    public ModelCatalog catalog() {
        ModelCatalog catalog;
        try {
            catalog = delegate.catalog();
        } catch (Throwable error) {
            return failingCatalog(failure("catalog()", error));
        }
        return catalog == null ? failingCatalog(returnedNull("catalog()")) : new GuardedCatalog(catalog);
    }

    @Override
    public Optional<KeyInspector> keyInspector() {
        Optional<KeyInspector> inspector;
        try {
            inspector = delegate.keyInspector();
        } catch (Throwable error) {
            CreorException failure = failure("keyInspector()", error);
            return Optional.of(key -> CompletableFuture.failedFuture(failure));
        }
        if (inspector == null || inspector.isEmpty()) {
            return Optional.empty();
        }
        KeyInspector plugin = inspector.get();
        return Optional.of(key -> guarded("keyInspector().inspect()", () -> plugin.inspect(key)));
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Outcome<Void> outcome;
        try (PluginCalls calls = owner.calls("close")) {
            outcome = calls.call(() -> {
                delegate.close();
                return null;
            });
        }
        if (outcome instanceof TimedOut<Void> late) {
            LOGGER.log(System.Logger.Level.WARNING, owner.describe() + " did not close within " + late.describeLimit()
                    + late.stuckIn().map(frame -> " (it is stuck in " + frame + ")").orElse("")
                    + "; Creor goes on without waiting for it");
        } else if (outcome instanceof Threw<Void> threw) {
            LOGGER.log(System.Logger.Level.WARNING, owner.describe() + " failed to close: "
                    + Failures.describe(threw.error()));
        }
    }

    @Override
    public String toString() {
        return "GuardedProvider[" + owner.describe() + "]";
    }

    /** What the plugin threw, as a failure naming the provider, its origin and the call. */
    private CreorException failure(String call, Throwable thrown) {
        Throwable error = thrown;
        while ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            error = error.getCause();
        }
        if (error instanceof CreorException own) {
            return own;
        }
        boolean doesNotFit = error instanceof LinkageError;
        return CreorException.builder(doesNotFit ? ErrorCode.PLUGIN_INVALID : ErrorCode.INTERNAL,
                        owner.describe() + " failed in " + call + ": " + Failures.describe(error))
                .hint(doesNotFit ? "get a build of the plugin made for this Creor, or switch the provider off with "
                        + "disabled_providers"
                        : "this is a defect of the provider: report it to its authors, or switch the provider off with "
                        + "disabled_providers")
                .cause(error)
                .build();
    }

    private CreorException returnedNull(String call) {
        return failure(call, new NullPointerException(call + " returned null"));
    }

    /**
     * The plugin's stage as a host stage: a throw or a non-Creor failure becomes a named failure,
     * and cancelling the host stage cancels the plugin's.
     */
    private <T> CompletionStage<T> guarded(String call, Supplier<CompletionStage<T>> pluginCall) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            CompletionStage<T> stage = pluginCall.get();
            if (stage == null) {
                return CompletableFuture.failedFuture(returnedNull(call));
            }
            stage.whenComplete((value, error) -> {
                if (error == null) {
                    result.complete(value);
                } else if (error instanceof CancellationException) {
                    result.completeExceptionally(error);
                } else {
                    result.completeExceptionally(failure(call, error));
                }
            });
            result.whenComplete((value, error) -> {
                if (result.isCancelled()) {
                    cancelQuietly(stage);
                }
            });
        } catch (Throwable error) {
            result.completeExceptionally(failure(call, error));
        }
        return result;
    }

    private static void cancelQuietly(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().cancel(true);
        } catch (Throwable notCancellable) {
            // The answer is ignored whatever it turns out to be.
        }
    }

    private static ChatModel failingChatModel(CreorException failure) {
        return new ChatModel() {
            @Override
            public CompletionStage<ChatResponse> chat(ChatRequest request) {
                return CompletableFuture.failedFuture(failure);
            }

            @Override
            public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
                return ChatModel.failedStream(failure);
            }
        };
    }

    private static ModelCatalog failingCatalog(CreorException failure) {
        return new ModelCatalog() {
            @Override
            public CompletionStage<List<ModelInfo>> models() {
                return CompletableFuture.failedFuture(failure);
            }

            @Override
            public CompletionStage<Optional<ModelInfo>> find(String modelId) {
                return CompletableFuture.failedFuture(failure);
            }
        };
    }

    private final class GuardedChatModel implements ChatModel {
        private final ChatModel plugin;

        GuardedChatModel(ChatModel plugin) {
            this.plugin = plugin;
        }

        @Override
        public CompletionStage<ChatResponse> chat(ChatRequest request) {
            return guarded("chat()", () -> plugin.chat(request));
        }

        @Override
        public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
            Flow.Publisher<ChatEvent> publisher;
            try {
                publisher = plugin.stream(request);
            } catch (Throwable error) {
                return ChatModel.failedStream(failure("stream()", error));
            }
            if (publisher == null) {
                return ChatModel.failedStream(returnedNull("stream()"));
            }
            return subscriber -> {
                GuardedStream relay = new GuardedStream(Objects.requireNonNull(subscriber, "subscriber is null"));
                try {
                    publisher.subscribe(relay);
                } catch (Throwable error) {
                    relay.fail(failure("a stream's subscribe()", error));
                }
            };
        }
    }

    private final class GuardedCatalog implements ModelCatalog {
        private final ModelCatalog plugin;

        GuardedCatalog(ModelCatalog plugin) {
            this.plugin = plugin;
        }

        @Override
        public CompletionStage<List<ModelInfo>> models() {
            return guarded("catalog().models()", plugin::models);
        }

        @Override
        public CompletionStage<List<ModelInfo>> refresh() {
            return guarded("catalog().refresh()", plugin::refresh);
        }

        @Override
        public CompletionStage<Optional<ModelInfo>> find(String modelId) {
            return guarded("catalog().find()", () -> plugin.find(modelId));
        }

        @Override
        public CompletionStage<Optional<List<ModelInfo>>> modelsAtHand() {
            return guarded("catalog().modelsAtHand()", plugin::modelsAtHand);
        }
    }

    /**
     * Stands between the plugin's stream and its subscriber: the subscriber's {@code request}
     * and {@code cancel} reach the plugin guarded, and a plugin that throws from
     * {@code subscribe} or {@code request} ends the stream with {@link ChatEvent.Failed} (once
     * the subscriber has asked for an event), after which the plugin's signals are ignored.
     *
     * <p>Should the plugin go on emitting on another thread while its {@code request} throws,
     * the failure and that event may reach the subscriber at the same time; Creor's router
     * takes each signal through its own serial queue, so it is not confused by that.
     */
    private final class GuardedStream implements Flow.Subscriber<ChatEvent>, Flow.Subscription {
        private final Flow.Subscriber<? super ChatEvent> downstream;
        private final AtomicBoolean subscribed = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();
        /** Events requested by the subscriber and not yet delivered. */
        private final AtomicLong outstanding = new AtomicLong();
        private volatile Flow.Subscription upstream;
        private volatile CreorException pendingFailure;

        GuardedStream(Flow.Subscriber<? super ChatEvent> downstream) {
            this.downstream = downstream;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            if (ended.get() || !subscribed.compareAndSet(false, true)) {
                cancelUpstream(subscription);
                return;
            }
            upstream = subscription;
            downstream.onSubscribe(this);
        }

        @Override
        public void onNext(ChatEvent event) {
            if (!ended.get()) {
                outstanding.decrementAndGet();
                downstream.onNext(event);
            }
        }

        @Override
        public void onError(Throwable error) {
            if (ended.compareAndSet(false, true)) {
                downstream.onError(error);
            }
        }

        @Override
        public void onComplete() {
            if (ended.compareAndSet(false, true)) {
                downstream.onComplete();
            }
        }

        @Override
        public void request(long n) {
            if (ended.get()) {
                return;
            }
            if (n > 0) {
                outstanding.accumulateAndGet(n, (now, more) -> now + more < 0 ? Long.MAX_VALUE : now + more);
            }
            CreorException failure = pendingFailure;
            if (failure != null) {
                deliver(failure);
                return;
            }
            Flow.Subscription plugin = upstream;
            if (plugin == null) {
                return;
            }
            try {
                plugin.request(n);
            } catch (Throwable error) {
                fail(failure("a stream's request()", error));
            }
        }

        @Override
        public void cancel() {
            if (ended.compareAndSet(false, true)) {
                Flow.Subscription plugin = upstream;
                if (plugin != null) {
                    cancelUpstream(plugin);
                }
            }
        }

        /** Ends the stream with the failure: now if an event is wanted, else at the next request. */
        void fail(CreorException failure) {
            Flow.Subscription plugin = upstream;
            if (plugin != null) {
                cancelUpstream(plugin);
            }
            if (subscribed.compareAndSet(false, true)) {
                pendingFailure = failure;
                downstream.onSubscribe(this);
                return;
            }
            if (outstanding.get() > 0) {
                deliver(failure);
            } else {
                pendingFailure = failure;
            }
        }

        private void deliver(CreorException failure) {
            if (outstanding.get() > 0 && ended.compareAndSet(false, true)) {
                downstream.onNext(ChatEvent.Failed.of(failure));
                downstream.onComplete();
            }
        }

        private void cancelUpstream(Flow.Subscription subscription) {
            try {
                subscription.cancel();
            } catch (Throwable error) {
                LOGGER.log(System.Logger.Level.DEBUG, owner.describe() + " failed to cancel a stream: "
                        + Failures.describe(error));
            }
        }
    }
}
