package dev.creor.core.routing;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.RouteAttempt;
import dev.creor.core.RouteReport;
import dev.creor.core.Scheduler;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.internal.Durations;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One routed request: walks the plan's steps, retries, waits, skips open breakers, takes
 * concurrency permits and records every attempt.
 *
 * <p>Every signal (an upstream outcome, a timer, a permit, the caller's request or cancel) is
 * handed to {@link #execute}, which runs one task at a time in arrival order on whichever thread
 * is delivering. All fields below are touched only by those tasks, so they need no locks, and
 * no lock is held while calling out to a provider or a subscriber.
 */
abstract class RouteRun {
    static final System.Logger LOG = System.getLogger(ModelRouter.class.getName());
    private static final AtomicLong IDS = new AtomicLong();
    private static final int DETAIL_LIMIT = 300;

    final ModelRouter router;
    final ChatRequest request;
    final long id = IDS.incrementAndGet();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingTasks = new AtomicInteger();

    private final List<RouteAttempt> attempts = new ArrayList<>();
    private List<RoutePlan.Step> steps = List.of();
    private int stepIndex;
    private int attemptsInStep;
    private Instant waitingSince;
    private Scheduler.Cancellable pendingWait;
    private CreorException lastFailure;
    private Instant firstHalfOpen;
    private final List<ModelRef> circuitSkipped = new ArrayList<>();
    /** When the request's total time runs out; null when it has no limit. */
    private Instant deadline;
    private Duration totalLimit;
    private String limitingProvider;
    private Alarm deadlineAlarm;
    /** The attempt waiting for a permit or in flight, if any. */
    Attempt current;
    /** Whether the outcome is decided (answered, failed or cancelled); nothing is tried after. */
    boolean finished;

    /** The caller's retry policy, replacing each target's; null for the targets' own. */
    private RetryPolicy retryPolicyOverride;

    RouteRun(ModelRouter router, ChatRequest request) {
        this.router = router;
        this.request = request;
    }

    /** Retries every step with {@code policy} instead of its target's; call before {@link #start()}. */
    final void overrideRetryPolicy(RetryPolicy policy) {
        this.retryPolicyOverride = policy;
    }

    /** Runs {@link #onStart()} then routes, on the calling thread unless a task is running. */
    final void start() {
        execute(() -> {
            onStart();
            if (!finished) {
                begin();
            }
        });
    }

    /** The first task, before routing starts. */
    void onStart() {
    }

    /** Sends one attempt's request to the step's provider; its outcome comes back through {@link #execute}. */
    abstract void send(Attempt attempt, ChatRequest attemptRequest);

    /** Stops the attempt's upstream call; its later signals are ignored. */
    abstract void abort(Attempt attempt);

    /** Delivers the routed failure (the route is finished). */
    abstract void deliverFailure(CreorException error, RouteReport report);

    /** Runs the task after every task before it, never two at once. */
    final void execute(Runnable task) {
        tasks.add(task);
        if (pendingTasks.getAndIncrement() != 0) {
            return;
        }
        do {
            Runnable next = tasks.poll();
            try {
                next.run();
            } catch (RuntimeException | Error defect) {
                crash(defect);
            }
        } while (pendingTasks.decrementAndGet() != 0);
    }

    final Instant now() {
        return router.scheduler().clock().instant();
    }

    final RouteReport report() {
        return new RouteReport(attempts);
    }

    private void begin() {
        RoutePlan plan = router.plan(request);
        for (RouteAttempt skip : plan.skips()) {
            record(skip);
        }
        if (plan.failure() != null) {
            fail(plan.failure());
            return;
        }
        steps = plan.steps();
        waitingSince = now();
        String providerId = request.model().provider();
        Optional<Duration> limit = router.target(providerId).flatMap(RouteTarget::totalTimeout);
        if (limit.isPresent()) {
            totalLimit = limit.get();
            limitingProvider = providerId;
            deadline = waitingSince.plus(totalLimit);
            try {
                deadlineAlarm = new Alarm(deadline, this::timeRanOut);
            } catch (RuntimeException rejected) {
                fail(CreorException.builder(ErrorCode.INTERNAL, "the router's scheduler refused to schedule the"
                        + " request's time limit: " + rejected).cause(rejected).build());
                return;
            }
        }
        nextAttempt();
    }

    /** Starts the current step's next attempt, moving past steps whose every breaker is open. */
    private void nextAttempt() {
        if (deadline != null && !now().isBefore(deadline)) {
            timeRanOut();
            return;
        }
        while (stepIndex < steps.size()) {
            RoutePlan.Step step = steps.get(stepIndex);
            Attempt attempt = admit(step);
            if (attempt == null) {
                stepIndex++;
                attemptsInStep = 0;
                continue;
            }
            current = attempt;
            if (step.gate() == null) {
                launch(attempt);
                return;
            }
            Optional<ConcurrencyGate.Ticket> ticket = step.gate().acquire(() -> execute(() -> permitGranted(attempt)));
            if (ticket.isEmpty()) {
                current = null;
                attempt.releaseBreakers();
                CreorException full = queueFull(step);
                record(RouteAttempt.builder(attempt.models.get(0), RouteAttempt.Outcome.SKIPPED)
                        .nativeFallbacks(attempt.nativeFallbacks()).errorCode(ErrorCode.QUEUE_FULL)
                        .detail(full.getMessage()).build());
                fail(full);
                return;
            }
            attempt.ticket = ticket.get();
            if (attempt.ticket.granted()) {
                launch(attempt);
            } else {
                LOG.log(Level.DEBUG, () -> "route " + id + ": " + attempt.models.get(0) + " waits for a permit of "
                        + step.providerId() + " (" + step.gate() + ")");
            }
            return;
        }
        fail(lastFailure != null ? lastFailure : everyCircuitOpen());
    }

    /** The attempt of this step's models whose breakers let them through, or null when none does. */
    private Attempt admit(RoutePlan.Step step) {
        List<ModelRef> models = new ArrayList<>();
        List<CircuitBreaker.Admission> admissions = new ArrayList<>();
        for (ModelRef model : step.models()) {
            Instant now = now();
            CircuitBreaker.Decision decision = router.breaker(model, step.target()).admit(now);
            if (decision.admitted()) {
                models.add(model);
                admissions.add(decision.admission());
            } else {
                circuitSkipped.add(model);
                decision.halfOpensAtTime().ifPresent(at -> {
                    if (firstHalfOpen == null || at.isBefore(firstHalfOpen)) {
                        firstHalfOpen = at;
                    }
                });
                record(RouteAttempt.builder(model, RouteAttempt.Outcome.SKIPPED).errorCode(ErrorCode.CIRCUIT_OPEN)
                        .detail(decision.rejection()).build());
            }
        }
        return models.isEmpty() ? null : new Attempt(step, models, admissions);
    }

    private void permitGranted(Attempt attempt) {
        if (attempt != current || finished) {
            attempt.ticket.release();
        } else if (attempt.sentAt == null) {
            // Not sent yet: the permit may also have arrived between queueing and checking the
            // ticket, in which case the attempt went out then and this hand-over is a no-op.
            launch(attempt);
        }
    }

    private void launch(Attempt attempt) {
        if (deadline != null && !now().isBefore(deadline)) {
            // A permit that arrives as the time runs out: sending now would only be cut off.
            timeRanOut();
            return;
        }
        attempt.sentAt = now();
        attempt.waitBefore = Duration.between(waitingSince, attempt.sentAt);
        attemptsInStep++;
        ChatRequest attemptRequest = attemptRequest(attempt);
        limitAttempt(attempt);
        try {
            send(attempt, attemptRequest);
        } catch (RuntimeException thrown) {
            // A provider that throws instead of failing asynchronously still gets a routed answer.
            attemptFailed(attempt, asCreorException(thrown, attempt.step.providerId()), false);
        }
    }

    /**
     * The request as the attempt's provider receives it: its model first, the step's native
     * fallbacks after. Most attempts ask what the caller asked (one model, or one provider's
     * models in the caller's order), and get the caller's request itself rather than a rebuilt
     * equal copy.
     */
    private ChatRequest attemptRequest(Attempt attempt) {
        ModelRef model = attempt.models.get(0);
        List<ModelRef> fallbacks = attempt.nativeFallbacks();
        if (model.equals(request.model()) && fallbacks.equals(request.fallbacks())) {
            return request;
        }
        return request.toBuilder().model(model).fallbacks(fallbacks).build();
    }

    /** Whether a signal of this attempt still matters. */
    final boolean isCurrent(Attempt attempt) {
        return attempt == current && !attempt.ended && !finished;
    }

    /** Records the attempt's success and finishes the route; returns the report to attach. */
    final RouteReport attemptSucceeded(Attempt attempt, ModelRef servedModel, Optional<String> upstreamProvider) {
        end(attempt);
        attempt.creditSuccess(servedModel);
        RouteAttempt.Builder record = attempt.record(RouteAttempt.Outcome.SUCCEEDED, now()).servedModel(servedModel);
        upstreamProvider.ifPresent(record::upstreamProvider);
        record(record.build());
        finished = true;
        stopDeadline();
        RouteReport report = report();
        LOG.log(Level.DEBUG, () -> "route " + id + " answered: " + report.summary());
        return report;
    }

    /**
     * Records the attempt's failure, then retries, falls back or fails the route. A
     * {@code committed} attempt (one whose stream already delivered events) is never retried.
     */
    final void attemptFailed(Attempt attempt, CreorException failure, boolean committed) {
        end(attempt);
        Instant now = now();
        RetryPolicy policy = retryPolicyOverride != null ? retryPolicyOverride : attempt.step.target().retryPolicy();
        CreorException error = failure;
        Optional<Duration> retryAfter = failure.retryable() ? failure.retryAfter() : Optional.empty();
        boolean waitTooLong = retryAfter.isPresent() && retryAfter.get().compareTo(policy.maxRetryAfter()) > 0;
        if (waitTooLong) {
            error = retryAfterTooLong(attempt, failure, retryAfter.get(), policy, now);
        }
        boolean retry = !committed && failure.retryable() && !waitTooLong && attemptsInStep < policy.maxAttempts();
        Duration wait = retry ? retryAfter.orElseGet(() -> router.backoff(policy, attemptsInStep - 1)) : null;
        if (retry && deadline != null && !now.plus(wait).isBefore(deadline)) {
            retry = false;
            if (retryAfter.isPresent()) {
                // The provider named the wait (a rate limit's reset, say): the report says why the route moved on.
                error = retryAfterPastTimeLimit(attempt, failure, wait, now);
            }
        }
        if (failure.retryable()) {
            attempt.chargeFailure(now);
        } else {
            attempt.releaseBreakers();
        }
        RouteAttempt.Builder record = attempt.record(RouteAttempt.Outcome.FAILED, now).errorCode(error.code())
                .detail(safeDetail(error));
        error.upstreamProvider().ifPresent(record::upstreamProvider);
        record(record.build());
        lastFailure = error;
        waitingSince = now;

        if (committed) {
            fail(error);
            return;
        }
        if (retry) {
            retryAfterWait(wait);
            return;
        }
        if (wait != null) {
            // Waiting would spend what is left of the request's time; a fallback may still answer in it.
            Duration skipped = wait;
            LOG.log(Level.DEBUG, () -> "route " + id + ": no retry, the wait of " + Durations.describe(skipped)
                    + " would end after the request's time limit");
        }
        if (error.code().movesToNextModel()) {
            stepIndex++;
            attemptsInStep = 0;
            nextAttempt();
        } else {
            fail(error);
        }
    }

    /** Whether the subscriber already received events of the current attempt, which then cannot be retried. */
    boolean committed() {
        return false;
    }

    private void retryAfterWait(Duration wait) {
        LOG.log(Level.DEBUG, () -> "route " + id + ": retrying in " + Durations.describe(wait));
        try {
            pendingWait = router.scheduler().schedule(wait, () -> execute(() -> {
                pendingWait = null;
                if (!finished) {
                    nextAttempt();
                }
            }));
        } catch (RuntimeException rejected) {
            fail(CreorException.builder(ErrorCode.INTERNAL, "the router's scheduler refused to schedule a retry: "
                    + rejected).cause(rejected).build());
        }
    }

    /** Cancels the route: stops the attempt in flight or waiting, and any pending wait. */
    final void cancelRoute() {
        if (finished) {
            return;
        }
        finished = true;
        stopDeadline();
        if (pendingWait != null) {
            pendingWait.cancel();
            pendingWait = null;
        }
        Attempt attempt = current;
        if (attempt != null) {
            end(attempt);
            abort(attempt);
            attempt.releaseBreakers();
            Instant now = now();
            if (attempt.sentAt == null) {
                attempt.waitBefore = Duration.between(waitingSince, now);
            }
            record(attempt.record(RouteAttempt.Outcome.CANCELLED, now).build());
        }
        LOG.log(Level.DEBUG, () -> "route " + id + " cancelled: " + report().summary());
    }

    /** Finishes the route with a failure carrying the route report. */
    final void fail(CreorException error) {
        if (pendingWait != null) {
            pendingWait.cancel();
            pendingWait = null;
        }
        finished = true;
        stopDeadline();
        RouteReport report = report();
        CreorException routed = error.toBuilder().route(report).build();
        LOG.log(Level.DEBUG, () -> "route " + id + " failed with " + error.code() + ": " + report.summary());
        deliverFailure(routed, report);
    }

    private void crash(Throwable defect) {
        LOG.log(Level.ERROR, "route " + id + ": the router failed unexpectedly", defect);
        if (finished) {
            return;
        }
        Attempt attempt = current;
        if (attempt != null && !attempt.ended) {
            end(attempt);
            abort(attempt);
            attempt.releaseBreakers();
        }
        try {
            fail(CreorException.builder(ErrorCode.INTERNAL, "the router failed unexpectedly: " + defect)
                    .cause(defect).build());
        } catch (RuntimeException | Error again) {
            finished = true;
            LOG.log(Level.ERROR, "route " + id + ": could not report the failure", again);
        }
    }

    private void end(Attempt attempt) {
        attempt.ended = true;
        if (attempt.limit != null) {
            attempt.limit.cancel();
        }
        if (attempt.ticket != null) {
            attempt.ticket.release();
        }
        if (current == attempt) {
            current = null;
        }
    }

    private void stopDeadline() {
        if (deadlineAlarm != null) {
            deadlineAlarm.cancel();
            deadlineAlarm = null;
        }
    }

    /**
     * The request's time is up: whatever is under way stops (an attempt in flight, a place in a
     * queue, a wait) and the request fails with {@code TIMEOUT}. No fallback is tried, since
     * there is no time left for it.
     */
    private void timeRanOut() {
        if (finished) {
            return;
        }
        Attempt attempt = current;
        if (attempt != null) {
            end(attempt);
            abort(attempt);
            // The model may have been slow or merely late in a route whose time went elsewhere: no verdict.
            attempt.releaseBreakers();
            Instant now = now();
            boolean sent = attempt.sentAt != null;
            if (!sent) {
                attempt.waitBefore = Duration.between(waitingSince, now);
            }
            record(attempt.record(sent ? RouteAttempt.Outcome.FAILED : RouteAttempt.Outcome.SKIPPED, now)
                    .errorCode(ErrorCode.TIMEOUT)
                    .detail((sent ? "cut off" : "never sent") + ": the request's total time limit of "
                            + Durations.describe(totalLimit) + " ran out")
                    .build());
        }
        long sent = attempts.stream().filter(tried -> tried.outcome() != RouteAttempt.Outcome.SKIPPED).count();
        String tries = sent == 0 ? "nothing was sent" : sent == 1 ? "1 attempt" : sent + " attempts";
        fail(CreorException.builder(ErrorCode.TIMEOUT, "total timeout: the request for " + request.model()
                        + " took longer than " + Durations.describe(totalLimit) + " (" + tries + "); the limit"
                        + " covers every attempt, retry and fallback")
                .hint("raise provider." + limitingProvider + ".timeout, or set it to false to remove the limit")
                .build());
    }

    /**
     * Ends the attempt after its own provider's total timeout when that comes before the
     * request's deadline: a fallback to a provider with a shorter limit keeps to it.
     */
    private void limitAttempt(Attempt attempt) {
        Optional<Duration> own = attempt.step.target().totalTimeout();
        if (own.isEmpty()) {
            return;
        }
        Instant cutOff = attempt.sentAt.plus(own.get());
        if (deadline != null && !cutOff.isBefore(deadline)) {
            return;
        }
        String providerId = attempt.step.providerId();
        try {
            attempt.limit = new Alarm(cutOff, () -> {
                if (isCurrent(attempt)) {
                    abort(attempt);
                    attemptFailed(attempt, CreorException.builder(ErrorCode.TIMEOUT, "total timeout: the attempt at "
                                    + attempt.models.get(0) + " took longer than " + Durations.describe(own.get())
                                    + ", the timeout of provider " + providerId)
                            .hint("raise provider." + providerId + ".timeout, or set it to false to remove the limit")
                            .build(), committed());
                }
            });
        } catch (RuntimeException rejected) {
            LOG.log(Level.DEBUG, () -> "route " + id + ": the scheduler refused the attempt's time limit: " + rejected);
        }
    }

    private void record(RouteAttempt attempt) {
        attempts.add(attempt);
        LOG.log(Level.DEBUG, () -> "route " + id + ": " + attempt + attempt.detail().map(d -> " (" + d + ")").orElse(""));
    }

    private CreorException everyCircuitOpen() {
        String when = firstHalfOpen == null
                ? "each is half-open with a trial request in flight; try again in a moment"
                : "the first half-opens " + Durations.atAndIn(now(), Duration.between(now(), firstHalfOpen));
        return CreorException.builder(ErrorCode.CIRCUIT_OPEN, "every model of the route is skipped because its"
                        + " circuit breaker is open after repeated failures (" + joined(circuitSkipped) + "); " + when)
                .hint("wait for the breaker to half-open, or add a fallback model that is not failing")
                .build();
    }

    private static String joined(List<ModelRef> models) {
        return String.join(", ", models.stream().distinct().map(ModelRef::toString).toList());
    }

    private static CreorException queueFull(RoutePlan.Step step) {
        ConcurrencyLimit limit = step.gate().limit();
        return CreorException.builder(ErrorCode.QUEUE_FULL, "too many requests to provider " + step.providerId()
                        + ": " + limit.maxConcurrent() + " are in flight and the queue of " + limit.maxQueued()
                        + " waiting requests is full")
                .hint("send fewer requests at once, or raise provider." + step.providerId()
                        + ".concurrency (maxConcurrent, maxQueued)")
                .build();
    }

    /**
     * The failure of a provider that asks for a longer wait than the policy allows, saying when
     * to try again. The code stays (a 429 is {@link ErrorCode#RATE_LIMITED}); the wait is not
     * retried.
     */
    private static CreorException retryAfterTooLong(Attempt attempt, CreorException failure, Duration retryAfter,
            RetryPolicy policy, Instant now) {
        CreorException.Builder builder = CreorException.builder(failure.code(), attempt.models.get(0)
                        + " asks to wait " + Durations.describe(retryAfter) + " before trying again, longer than the "
                        + Durations.describe(policy.maxRetryAfter()) + " the retry policy waits (maxRetryAfter); try"
                        + " again " + Durations.atAndIn(now, retryAfter) + ". The provider said: " + failure.getMessage())
                .hint("wait until then, raise provider." + attempt.step.providerId()
                        + ".retry.maxRetryAfterMs, or add a fallback model")
                .retryable(true)
                .retryAfter(retryAfter)
                .cause(failure);
        failure.httpStatus().ifPresent(builder::httpStatus);
        failure.upstreamProvider().ifPresent(builder::upstreamProvider);
        return builder.build();
    }

    /**
     * The failure of a provider whose requested wait would end after the request's time limit:
     * the route moves on (or fails) at once instead of waiting in vain, and says so.
     */
    private static CreorException retryAfterPastTimeLimit(Attempt attempt, CreorException failure, Duration wait,
            Instant now) {
        CreorException.Builder builder = CreorException.builder(failure.code(), attempt.models.get(0)
                        + " asks to wait " + Durations.describe(wait) + " before trying again, past the request's"
                        + " time limit; try again " + Durations.atAndIn(now, wait) + ". The provider said: "
                        + failure.getMessage())
                .hint("wait until then, raise provider." + attempt.step.providerId() + ".timeout, or add a fallback"
                        + " model")
                .retryable(true)
                .retryAfter(wait)
                .cause(failure);
        failure.httpStatus().ifPresent(builder::httpStatus);
        failure.upstreamProvider().ifPresent(builder::upstreamProvider);
        return builder.build();
    }

    private static String safeDetail(CreorException error) {
        String message = error.getMessage().replaceAll("\\s+", " ").strip();
        return message.length() <= DETAIL_LIMIT ? message : message.substring(0, DETAIL_LIMIT - 1) + "…";
    }

    /** The failure as a {@link CreorException}, unwrapping the wrappers futures add. */
    static CreorException asCreorException(Throwable thrown, String providerId) {
        Throwable cause = thrown;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CreorException creor) {
            return creor;
        }
        if (cause instanceof CancellationException) {
            return CreorException.builder(ErrorCode.CANCELLED, "provider " + providerId
                    + " cancelled the request by itself").cause(cause).build();
        }
        return CreorException.builder(ErrorCode.INTERNAL, "provider " + providerId + " failed unexpectedly: "
                        + cause.getClass().getName())
                .hint("this is a defect in the provider; please report it")
                .cause(cause)
                .build();
    }

    /** One attempt: the models sent, their breaker admissions, its permit and its timing. */
    final class Attempt {
        final RoutePlan.Step step;
        final List<ModelRef> models;
        private final List<CircuitBreaker.Admission> admissions;
        ConcurrencyGate.Ticket ticket;
        Instant sentAt;
        Duration waitBefore = Duration.ZERO;
        boolean ended;
        /** The upstream subscription of a streamed attempt, once it arrived. */
        Flow.Subscription subscription;
        /** The upstream call of a chat attempt. */
        CompletionStage<?> call;
        /** Ends the attempt at its own provider's time limit, when that comes first. */
        Alarm limit;

        Attempt(RoutePlan.Step step, List<ModelRef> models, List<CircuitBreaker.Admission> admissions) {
            this.step = step;
            this.models = List.copyOf(models);
            this.admissions = List.copyOf(admissions);
        }

        List<ModelRef> nativeFallbacks() {
            return models.subList(1, models.size());
        }

        RouteAttempt.Builder record(RouteAttempt.Outcome outcome, Instant now) {
            return RouteAttempt.builder(models.get(0), outcome)
                    .nativeFallbacks(nativeFallbacks())
                    .latency(sentAt == null ? Duration.ZERO : Duration.between(sentAt, now))
                    .waitBefore(waitBefore);
        }

        /**
         * Credits the served model (or the first one, when the provider names a model outside
         * the group, as an auto router does); the breakers of the others learn nothing.
         */
        void creditSuccess(ModelRef servedModel) {
            int served = Math.max(0, models.indexOf(servedModel));
            for (int i = 0; i < admissions.size(); i++) {
                if (i == served) {
                    admissions.get(i).succeeded();
                } else {
                    admissions.get(i).release();
                }
            }
        }

        /** Charges the failure to the first model, the only one surely tried. */
        void chargeFailure(Instant now) {
            admissions.get(0).failed(now);
            for (int i = 1; i < admissions.size(); i++) {
                admissions.get(i).release();
            }
        }

        void releaseBreakers() {
            admissions.forEach(CircuitBreaker.Admission::release);
        }
    }

    /**
     * Runs an action, as a task of this run, once the scheduler's clock reaches a given instant.
     * A wake-up that comes early (a scheduler that is shutting down runs whatever waits at once)
     * waits again for the rest; if the scheduler then refuses, the alarm stays silent, and the
     * request ends the way everything does when the runtime closes.
     */
    private final class Alarm {
        private final Instant due;
        private final Runnable action;
        private Scheduler.Cancellable scheduled;
        private boolean off;

        /** Arms the alarm; throws what the scheduler throws when it refuses. */
        Alarm(Instant due, Runnable action) {
            this.due = due;
            this.action = action;
            arm();
        }

        private void arm() {
            scheduled = router.scheduler().schedule(Duration.between(now(), due), () -> execute(this::ring));
        }

        private void ring() {
            if (off) {
                return;
            }
            if (now().isBefore(due)) {
                try {
                    arm();
                } catch (RuntimeException refused) {
                    off = true;
                }
                return;
            }
            off = true;
            action.run();
        }

        void cancel() {
            off = true;
            if (scheduled != null) {
                scheduled.cancel();
            }
        }
    }
}
