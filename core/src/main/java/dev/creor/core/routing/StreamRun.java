package dev.creor.core.routing;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.RouteReport;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import java.lang.System.Logger.Level;
import java.util.concurrent.Flow;

/**
 * A routed {@link ModelRouter#stream}: each attempt is one upstream stream. It is the
 * downstream subscriber's subscription.
 *
 * <p>Demand passes straight through: the current upstream is asked for exactly what the
 * subscriber asked for and has not received, so nothing is buffered. Until the first event is
 * delivered, an upstream failure is retried or falls back; after it, the failure ends the
 * stream, because the subscriber cannot take back what it was given.
 */
final class StreamRun extends RouteRun implements Flow.Subscription {
    private final Flow.Subscriber<? super ChatEvent> downstream;
    /** Requested by the subscriber and not yet delivered; {@link Long#MAX_VALUE} means unbounded. */
    private long demand;
    private boolean committed;
    private final StringBuilder deliveredText = new StringBuilder();
    /** A terminal event waiting for demand. */
    private ChatEvent pendingTerminal;
    /** Whether the subscriber has been told the end, or cancelled: it is never called again. */
    private boolean done;
    /**
     * Set by {@link #cancel()} at once, before its task runs: signals queued ahead of that task
     * must not reach a subscriber that has already cancelled.
     */
    private volatile boolean cancelRequested;

    StreamRun(ModelRouter router, ChatRequest request, Flow.Subscriber<? super ChatEvent> downstream) {
        super(router, request);
        this.downstream = downstream;
    }

    @Override
    void onStart() {
        try {
            downstream.onSubscribe(this);
        } catch (RuntimeException thrown) {
            subscriberThrew(thrown);
        }
    }

    @Override
    public void request(long n) {
        execute(() -> requested(n));
    }

    @Override
    public void cancel() {
        cancelRequested = true;
        execute(this::cancelled);
    }

    private void requested(long n) {
        if (done) {
            return;
        }
        if (n <= 0) {
            if (cancelRequested) {
                return;
            }
            done = true;
            cancelRoute();
            downstream.onError(new IllegalArgumentException(
                    "a subscriber must request a positive number of events (Reactive Streams rule 3.9), got " + n));
            return;
        }
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        if (pendingTerminal != null) {
            emitTerminal(pendingTerminal);
        } else if (current != null && current.subscription != null && !current.ended) {
            current.subscription.request(n);
        }
    }

    private void cancelled() {
        if (!done) {
            done = true;
            pendingTerminal = null;
            cancelRoute();
        }
    }

    @Override
    boolean committed() {
        return committed;
    }

    @Override
    void send(Attempt attempt, ChatRequest attemptRequest) {
        Flow.Publisher<ChatEvent> upstream = attempt.step.target().chatModel().stream(attemptRequest);
        if (upstream == null) {
            throw new IllegalStateException("stream returned null");
        }
        upstream.subscribe(new UpstreamSubscriber(attempt));
    }

    @Override
    void abort(Attempt attempt) {
        if (attempt.subscription != null) {
            attempt.subscription.cancel();
        }
    }

    private void subscribed(Attempt attempt, Flow.Subscription subscription) {
        if (attempt.subscription != null || !isCurrent(attempt)) {
            // A second subscription, or one that arrives after the attempt was given up on.
            subscription.cancel();
            return;
        }
        attempt.subscription = subscription;
        if (demand > 0) {
            subscription.request(demand);
        }
    }

    private void received(Attempt attempt, ChatEvent event) {
        if (!isCurrent(attempt)) {
            return;
        }
        if (event instanceof ChatEvent.Failed failed) {
            attemptFailed(attempt, failed.error(), committed);
        } else if (event instanceof ChatEvent.Completed completed) {
            RouteReport report = ChatRun.withPromptCache(attemptSucceeded(attempt, completed.metadata().servedModel(),
                    completed.metadata().upstreamProvider()), completed.metadata().usage());
            emitTerminal(new ChatEvent.Completed(completed.metadata().withRoute(report)));
        } else if (demand == 0) {
            abort(attempt);
            attemptFailed(attempt, CreorException.builder(ErrorCode.INTERNAL, "provider " + attempt.step.providerId()
                            + " sent more stream events than were requested")
                    .hint("this is a defect in the provider; please report it").build(), committed);
        } else {
            committed = true;
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
            if (event instanceof ChatEvent.TextDelta delta) {
                deliveredText.append(delta.text());
            }
            signal(event);
        }
    }

    private void ended(Attempt attempt, CreorException error) {
        if (isCurrent(attempt)) {
            attemptFailed(attempt, error, committed);
        }
    }

    @Override
    void deliverFailure(CreorException error, RouteReport report) {
        emitTerminal(new ChatEvent.Failed(error, deliveredText.toString(), report));
    }

    private void emitTerminal(ChatEvent terminal) {
        if (done) {
            return;
        }
        if (demand == 0) {
            pendingTerminal = terminal;
            return;
        }
        pendingTerminal = null;
        if (signal(terminal)) {
            done = true;
            try {
                downstream.onComplete();
            } catch (RuntimeException thrown) {
                LOG.log(Level.WARNING, "route " + id + ": the subscriber threw from onComplete", thrown);
            }
        }
    }

    /** Delivers one event; a subscriber that throws is treated as cancelled (Reactive Streams rule 2.13). */
    private boolean signal(ChatEvent event) {
        if (cancelRequested) {
            return false;
        }
        try {
            downstream.onNext(event);
            return true;
        } catch (RuntimeException thrown) {
            subscriberThrew(thrown);
            return false;
        }
    }

    private void subscriberThrew(RuntimeException thrown) {
        LOG.log(Level.WARNING, "route " + id + ": the subscriber threw; cancelling its stream", thrown);
        done = true;
        pendingTerminal = null;
        cancelRoute();
    }

    /** Receives one attempt's upstream signals and hands them to the run, in order. */
    private final class UpstreamSubscriber implements Flow.Subscriber<ChatEvent> {
        private final Attempt attempt;

        UpstreamSubscriber(Attempt attempt) {
            this.attempt = attempt;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            execute(() -> subscribed(attempt, subscription));
        }

        @Override
        public void onNext(ChatEvent event) {
            execute(() -> received(attempt, event));
        }

        @Override
        public void onError(Throwable error) {
            execute(() -> ended(attempt, asCreorException(error, attempt.step.providerId())));
        }

        @Override
        public void onComplete() {
            execute(() -> ended(attempt, CreorException.of(ErrorCode.STREAM_INTERRUPTED, "the stream of "
                    + attempt.models.get(0) + " ended without saying whether the answer completed")));
        }
    }
}
