package dev.creor.spi;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.RouteReport;
import dev.creor.core.Scheduler;
import dev.creor.core.chat.ChatEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Events known in advance as a stream ({@link ProviderContext.Kit#eventStream}): the deltas, then one
 * {@code Completed} or {@code Failed}, then {@code onComplete}, each delivered only when requested.
 *
 * <p>A cold, single-use publisher without any thread of its own. Events go out on the thread
 * that requests them or, when words are to be paused between, on the scheduler's thread once
 * the pause is over (text deltas after the first wait for the pace). A work counter makes whoever arrives first deliver everything that is
 * due, so signals never overlap and a request made from inside {@code onNext} does not recurse.
 */
final class PacedEvents implements Flow.Publisher<ChatEvent> {
    private static final Flow.Subscription REFUSED = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    private final List<ChatEvent> events;
    private final Duration wordDelay;
    private final Scheduler scheduler;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicInteger work = new AtomicInteger();

    // Guarded by this.
    private Flow.Subscriber<? super ChatEvent> subscriber;
    private long demand;
    private int next;
    private boolean finished;
    private boolean pauseOver;
    private Scheduler.Cancellable pause;
    private IllegalArgumentException badRequest;
    private CreorException endedEarly;
    private final StringBuilder delivered = new StringBuilder();

    /**
     * @param events    the deltas, then exactly one {@code Completed} or {@code Failed}
     * @param wordDelay the pause before each text delta but the first; zero for none
     */
    PacedEvents(List<ChatEvent> events, Duration wordDelay, Scheduler scheduler) {
        this.events = List.copyOf(events);
        this.wordDelay = wordDelay;
        this.scheduler = scheduler;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ChatEvent> newSubscriber) {
        Objects.requireNonNull(newSubscriber, "subscriber is null");
        if (!subscribed.compareAndSet(false, true)) {
            newSubscriber.onSubscribe(REFUSED);
            newSubscriber.onError(new IllegalStateException(
                    "this chat stream already has a subscriber; call stream() again for another answer"));
            return;
        }
        synchronized (this) {
            subscriber = newSubscriber;
        }
        newSubscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                synchronized (PacedEvents.this) {
                    if (finished) {
                        return;
                    }
                    if (n <= 0) {
                        badRequest = new IllegalArgumentException("request(" + n + "): a subscriber must request a "
                                + "positive number of events (Reactive Streams rule 3.9)");
                    } else {
                        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    }
                }
                drain();
            }

            @Override
            public void cancel() {
                synchronized (PacedEvents.this) {
                    finished = true;
                    cancelPause();
                }
            }
        });
    }

    private void drain() {
        if (work.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            deliverWhatIsDue();
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }

    private void deliverWhatIsDue() {
        while (true) {
            Flow.Subscriber<? super ChatEvent> target;
            ChatEvent event = null;
            Throwable error = null;
            boolean last;
            synchronized (this) {
                target = subscriber;
                if (finished || target == null) {
                    return;
                }
                if (badRequest != null) {
                    finished = true;
                    cancelPause();
                    error = badRequest;
                    last = true;
                } else if (demand == 0) {
                    return;
                } else if (endedEarly != null) {
                    event = new ChatEvent.Failed(endedEarly, delivered.toString(), RouteReport.NONE);
                    finished = true;
                    last = true;
                } else {
                    ChatEvent candidate = events.get(next);
                    if (mustPauseBefore(candidate)) {
                        if (endedEarly == null) {
                            return;
                        }
                        continue; // the pause could not be scheduled: deliver that failure instead
                    }
                    pauseOver = false;
                    event = candidate;
                    next++;
                    demand--;
                    last = next == events.size();
                    finished = last;
                    if (event instanceof ChatEvent.TextDelta delta) {
                        delivered.append(delta.text());
                    }
                }
            }
            if (error != null) {
                target.onError(error);
                return;
            }
            target.onNext(event);
            if (last) {
                target.onComplete();
                return;
            }
        }
    }

    /**
     * Whether the candidate must wait for a pause to end; starts the pause when none runs. When
     * the pause cannot be scheduled, sets {@code endedEarly} instead. Holds this.
     */
    private boolean mustPauseBefore(ChatEvent candidate) {
        if (!(candidate instanceof ChatEvent.TextDelta) || next == 0 || wordDelay.isZero() || pauseOver) {
            return false;
        }
        if (pause == null) {
            try {
                pause = scheduler.schedule(wordDelay, this::pauseIsOver);
            } catch (RuntimeException rejected) {
                // The host's scheduler is shutting down: end the stream rather than stall it.
                endedEarly = CreorException.builder(ErrorCode.PROVIDER_UNAVAILABLE,
                        "the chat stream cannot pause between deltas: " + rejected).cause(rejected).build();
            }
        }
        return true;
    }

    private void pauseIsOver() {
        synchronized (this) {
            pause = null;
            pauseOver = true;
        }
        drain();
    }

    /** Holds this. */
    private void cancelPause() {
        if (pause != null) {
            pause.cancel();
            pause = null;
        }
    }
}
