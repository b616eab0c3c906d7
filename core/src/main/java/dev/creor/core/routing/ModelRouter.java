package dev.creor.core.routing;

import dev.creor.core.CreorException;
import dev.creor.core.ModelRef;
import dev.creor.core.RouteReport;
import dev.creor.core.Scheduler;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatModel;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.internal.Checks;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

/**
 * A {@link ChatModel} in front of several providers that survives outages, rate limits and bad
 * answers, and reports the route each request took.
 *
 * <pre>{@code
 * ModelRouter router = ModelRouter.builder(scheduler)
 *         .provider("openrouter", RouteTarget.builder(openRouter.chatModel())
 *                 .nativeFallbacks(true)
 *                 .retryPolicy(RetryPolicy.defaults())
 *                 .build())
 *         .provider("local", RouteTarget.builder(local.chatModel()).build())
 *         .build();
 *
 * ChatRequest request = ChatRequest.builder()
 *         .model(ModelRef.parse("openrouter/anthropic/claude-sonnet-4"))
 *         .fallbacks(List.of(ModelRef.parse("openrouter/openai/gpt-4o"), ModelRef.parse("local/qwen3")))
 *         .addMessage(Message.user("Explain this stack trace"))
 *         .build();
 * router.chat(request).thenAccept(answer -> System.out.println(answer.route().summary()));
 * }</pre>
 *
 * <p>For each request the router:
 * <ol>
 * <li>resolves the route, the request's model then its fallbacks (duplicates dropped), to
 *     registered providers. An unknown provider fails the request with
 *     {@link dev.creor.core.ErrorCode#CONFIG_INVALID}; a model its provider's
 *     {@link dev.creor.core.catalog.ModelFilter} excludes is skipped with
 *     {@link dev.creor.core.ErrorCode#MODEL_NOT_ALLOWED}, and the request fails with that code
 *     when no model is left;</li>
 * <li>skips, without sending anything, a model whose context window is known
 *     ({@link RouteTarget#contextWindow(String)}) and smaller than the prompt's estimate (a token
 *     per four characters of the messages, an undercount for nearly every prompt), reporting
 *     {@link dev.creor.core.ErrorCode#CONTEXT_TOO_LONG}; the request fails with that code when
 *     no model is left;</li>
 * <li>groups consecutive models of a provider that tries fallbacks natively into one step
 *     (one request whose fallbacks are the rest of the group); every other model is a step of
 *     its own;</li>
 * <li>tries the steps in order. Each step is retried by its provider's {@link RetryPolicy}, for
 *     retryable failures only. After the retries, a failure whose code
 *     {@link dev.creor.core.ErrorCode#movesToNextModel() moves to the next model} goes on to
 *     the next step; any other failure (credentials, credit, a bad request) ends the request at
 *     once with its own error;</li>
 * <li>skips models whose circuit breaker ({@link CircuitBreakerPolicy}) is open, reporting the
 *     skip, and fails with {@link dev.creor.core.ErrorCode#CIRCUIT_OPEN} when every model was
 *     skipped;</li>
 * <li>keeps to each provider's {@link ConcurrencyLimit}, if it has one.</li>
 * </ol>
 *
 * <p>Every answer's {@link dev.creor.core.chat.ResponseMetadata#route()}, every
 * {@link ChatEvent.Failed} and every failure's {@link CreorException#route()} carries the
 * {@link RouteReport}. A stream is retried or falls back only until its first event reaches
 * the subscriber; after that, a failure ends it with {@link ChatEvent.Failed} holding the text
 * delivered so far, and nothing is delivered twice.
 *
 * <p>All waits go through the {@link Scheduler} and are measured on its clock, so tests drive
 * them with virtual time. A router is thread-safe; circuit breakers and concurrency limits are
 * shared by every request that goes through it.
 */
public final class ModelRouter implements ChatModel {
    /** How many models' verdicts {@link #rejection} remembers. */
    static final int REMEMBERED_VERDICTS = 4096;

    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final Map<String, RouteTarget> targets;
    private final Map<String, ConcurrencyGate> gates;
    private final Map<ModelRef, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    /** Each model's verdict under its provider's filter, which cannot change while the router lives. */
    private final Map<ModelRef, Optional<String>> verdicts = new ConcurrentHashMap<>();

    private ModelRouter(Builder builder) {
        this.scheduler = builder.scheduler;
        this.random = builder.random;
        this.targets = Collections.unmodifiableMap(new LinkedHashMap<>(builder.targets));
        Map<String, ConcurrencyGate> limited = new LinkedHashMap<>();
        targets.forEach((id, target) -> target.concurrencyLimit()
                .ifPresent(limit -> limited.put(id, new ConcurrencyGate(limit, scheduler))));
        this.gates = Collections.unmodifiableMap(limited);
    }

    /** Starts a router whose waits and clock are the given scheduler's. */
    public static Builder builder(Scheduler scheduler) {
        return new Builder(scheduler);
    }

    /**
     * Routes one request and completes with the answer, whose metadata carries the route; or
     * exceptionally with the last failure, whose {@link CreorException#route()} carries it.
     * Cancelling the returned future cancels the attempt in flight and any pending wait.
     */
    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
        Objects.requireNonNull(request, "request is null");
        ChatRun run = new ChatRun(this, request);
        run.start();
        return run.result();
    }

    /**
     * Routes one request as a stream. The publisher is cold and single-use: routing starts when
     * it is subscribed to, and a second subscriber is refused with {@code onError}. Cancelling
     * the subscription cancels the attempt in flight and any pending wait; the subscriber hears
     * nothing after that.
     */
    @Override
    public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
        Objects.requireNonNull(request, "request is null");
        AtomicBoolean subscribed = new AtomicBoolean();
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber is null");
            if (!subscribed.compareAndSet(false, true)) {
                ChatModel.refuseSubscriber(subscriber, "a routed stream accepts one subscriber only;"
                        + " call stream(request) again for another");
                return;
            }
            new StreamRun(this, request, subscriber).start();
        };
    }

    /**
     * Routes one request as {@link #chat(ChatRequest)} does, retrying each step with
     * {@code retryPolicy} instead of its provider's: for callers (such as an agent with a
     * {@code retry} section) whose requests need other retries than the provider's default.
     */
    public CompletableFuture<ChatResponse> chat(ChatRequest request, RetryPolicy retryPolicy) {
        Objects.requireNonNull(request, "request is null");
        Objects.requireNonNull(retryPolicy, "retryPolicy is null");
        ChatRun run = new ChatRun(this, request);
        run.overrideRetryPolicy(retryPolicy);
        run.start();
        return run.result();
    }

    /**
     * Routes one request as a stream, as {@link #stream(ChatRequest)} does, retrying each step
     * with {@code retryPolicy} instead of its provider's.
     */
    public Flow.Publisher<ChatEvent> stream(ChatRequest request, RetryPolicy retryPolicy) {
        Objects.requireNonNull(request, "request is null");
        Objects.requireNonNull(retryPolicy, "retryPolicy is null");
        AtomicBoolean subscribed = new AtomicBoolean();
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber is null");
            if (!subscribed.compareAndSet(false, true)) {
                ChatModel.refuseSubscriber(subscriber, "a routed stream accepts one subscriber only;"
                        + " call stream(request) again for another");
                return;
            }
            StreamRun run = new StreamRun(this, request, subscriber);
            run.overrideRetryPolicy(retryPolicy);
            run.start();
        };
    }

    /** The ids of the registered providers, in registration order. */
    public Set<String> providers() {
        return targets.keySet();
    }

    /** The registered target of a provider. */
    public Optional<RouteTarget> target(String providerId) {
        return Optional.ofNullable(targets.get(Objects.requireNonNull(providerId, "providerId is null")));
    }

    /**
     * Why the router will not send a request to a model: its provider's whitelist or blacklist
     * excludes it ({@code "x" is not on the whitelist [openai/*]}), or empty when the filter
     * allows it or no registered provider has the model's provider id. This is the one check of
     * a model against the filters: the router asks it for every model of every request, and an
     * agent's up-front report asks it too. Each model is checked once; the verdict is remembered
     * (for up to 4096 models), so a request after the report does not
     * check again.
     */
    public Optional<String> rejection(ModelRef model) {
        Objects.requireNonNull(model, "model is null");
        Optional<String> known = verdicts.get(model);
        if (known != null) {
            return known;
        }
        RouteTarget target = targets.get(model.provider());
        if (target == null) {
            return Optional.empty();
        }
        ModelFilter filter = target.modelFilter();
        Optional<String> verdict = filter.allows(model.model()) ? Optional.empty()
                : Optional.of(filter.explainRejection(model.model()));
        // Raw requests may name any model: a gateway's callers must not grow the memory without bound.
        if (verdicts.size() < REMEMBERED_VERDICTS) {
            Optional<String> raced = verdicts.putIfAbsent(model, verdict);
            return raced == null ? verdict : raced;
        }
        return verdict;
    }

    /**
     * The current state of a model's circuit breaker; {@link CircuitBreakerState#CLOSED} for a
     * model never tried. For the router's tests: the state is not API, a route report says what
     * a breaker did.
     */
    CircuitBreakerState circuitBreakerState(ModelRef model) {
        Objects.requireNonNull(model, "model is null");
        CircuitBreaker breaker = breakers.get(model);
        return breaker == null ? CircuitBreakerState.CLOSED : breaker.state(scheduler.clock().instant());
    }

    @Override
    public String toString() {
        return "ModelRouter" + targets.keySet();
    }

    Scheduler scheduler() {
        return scheduler;
    }

    RoutePlan plan(ChatRequest request) {
        return RoutePlan.of(request, targets, gates, this::rejection);
    }

    CircuitBreaker breaker(ModelRef model, RouteTarget target) {
        return breakers.computeIfAbsent(model, key -> new CircuitBreaker(key, target.circuitBreaker()));
    }

    Optional<ConcurrencyGate> gate(String providerId) {
        return Optional.ofNullable(gates.get(providerId));
    }

    Duration backoff(RetryPolicy policy, int retry) {
        // Generators such as SplittableRandom are not thread-safe; routes draw from many threads.
        synchronized (random) {
            return policy.backoff(retry, random);
        }
    }

    /** Builds a {@link ModelRouter}; every setter rejects {@code null}. */
    public static final class Builder {
        private final Scheduler scheduler;
        private RandomGenerator random = new ThreadLocalRandomGenerator();
        private final Map<String, RouteTarget> targets = new LinkedHashMap<>();

        private Builder(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler is null");
        }

        /**
         * The source of back-off jitter; tests pass a seeded one. Unless set, each thread's
         * {@link ThreadLocalRandom}. Draws are synchronised on the generator, so any generator
         * will do.
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random is null");
            return this;
        }

        /**
         * Registers a provider under the id that model references use.
         *
         * @throws IllegalArgumentException when the id is blank or already registered
         */
        public Builder provider(String providerId, RouteTarget target) {
            Checks.requireText(providerId, "providerId");
            Objects.requireNonNull(target, "target is null");
            if (targets.putIfAbsent(providerId, target) != null) {
                throw new IllegalArgumentException("provider \"" + providerId + "\" is registered twice");
            }
            return this;
        }

        /** Creates the router. */
        public ModelRouter build() {
            return new ModelRouter(this);
        }
    }

    /** Draws from the calling thread's {@link ThreadLocalRandom}, so it needs no lock. */
    private static final class ThreadLocalRandomGenerator implements RandomGenerator {
        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }
    }
}
