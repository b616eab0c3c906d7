package dev.creor.runtime;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waits for an answer on behalf of a blocking method of the facade. */
final class Blocking {
    private Blocking() {
    }

    /**
     * The future's value; its failure rethrown as the {@link CreorException} it is. An
     * interrupted wait cancels the future (and with it the request) and keeps the interrupt.
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException interrupted) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw CreorException.of(ErrorCode.CANCELLED, "interrupted while waiting for the answer; the request was"
                    + " cancelled");
        } catch (ExecutionException failed) {
            throw asCreorException(failed.getCause());
        } catch (java.util.concurrent.CancellationException cancelled) {
            throw CreorException.of(ErrorCode.CANCELLED, "the request was cancelled");
        }
    }

    /** The failure as a {@link CreorException}: itself, or an {@code INTERNAL} one that wraps it. */
    static CreorException asCreorException(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof CreorException creor) {
            return creor;
        }
        return CreorException.builder(ErrorCode.INTERNAL, "the request failed unexpectedly: " + cause)
                .cause(cause).build();
    }
}
