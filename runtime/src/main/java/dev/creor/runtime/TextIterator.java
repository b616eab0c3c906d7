package dev.creor.runtime;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.chat.ChatEvent;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The pull side of {@link CreorAgent#textStream}: it asks the stream for one event at a time,
 * so at most one piece of text waits between the connection and the consumer, and closing it
 * cancels the stream.
 */
final class TextIterator implements Iterator<String>, Flow.Subscriber<ChatEvent> {
    /** Marks the end of the answer in the queue. */
    private static final Object END = new Object();

    /** Text pieces, then {@link #END} or the failure; bounded by the demand of one. */
    private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    private Flow.Subscription subscription;
    private boolean closed;
    private boolean finished;
    private String next;

    private TextIterator() {
    }

    static Stream<String> stream(Flow.Publisher<ChatEvent> events) {
        TextIterator iterator = new TextIterator();
        events.subscribe(iterator);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(iterator::close);
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (finished) {
            return false;
        }
        Object signal;
        try {
            signal = signals.take();
        } catch (InterruptedException interrupted) {
            close();
            Thread.currentThread().interrupt();
            throw CreorException.of(ErrorCode.CANCELLED, "interrupted while waiting for the answer; the request was"
                    + " cancelled");
        }
        if (signal instanceof String text) {
            next = text;
            request();
            return true;
        }
        finished = true;
        if (signal instanceof CreorException failure) {
            throw failure;
        }
        return false;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the answer has ended");
        }
        String text = next;
        next = null;
        return text;
    }

    /** Cancels the stream unless it has ended. */
    void close() {
        Flow.Subscription current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = subscription;
        }
        finished = true;
        if (current != null) {
            current.cancel();
        }
    }

    private void request() {
        Flow.Subscription current;
        synchronized (this) {
            current = closed ? null : subscription;
        }
        if (current != null) {
            current.request(1);
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        synchronized (this) {
            if (closed) {
                subscription.cancel();
                return;
            }
            this.subscription = subscription;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(ChatEvent event) {
        if (event instanceof ChatEvent.TextDelta delta && !delta.text().isEmpty()) {
            signals.add(delta.text());
        } else if (event instanceof ChatEvent.Completed) {
            signals.add(END);
        } else if (event instanceof ChatEvent.Failed failed) {
            signals.add(failed.error());
        } else {
            request();
        }
    }

    @Override
    public void onError(Throwable error) {
        signals.add(Blocking.asCreorException(error));
    }

    @Override
    public void onComplete() {
        // After Completed or Failed, already queued; a stream that ends without either ends the text too.
        signals.add(END);
    }
}
