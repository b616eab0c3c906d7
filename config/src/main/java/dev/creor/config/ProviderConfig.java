package dev.creor.config;

import dev.creor.agents.RequestOptions;
import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.routing.CircuitBreakerPolicy;
import dev.creor.core.routing.ConcurrencyLimit;
import dev.creor.core.routing.RetryPolicy;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code provider.<id>} section, after substitution and validation.
 *
 * <p>{@link #options()} and {@link #routing()} are JSON-like values (see
 * {@link dev.creor.core.internal.JsonValues}) as the provider's schema allows them; values under secret
 * keys ({@code apiKey}, {@code token}, ...) are {@link Secret}s. The core keys arrive typed;
 * the routing policies ({@code retry}, {@code circuitBreaker}, {@code concurrency}) arrive as
 * the router's own values with its defaults filled in, and the other keys are present only when
 * configured, so the defaults of {@code ProviderSettings} apply to them.
 */
public final class ProviderConfig {
    /** The queue behind a concurrency limit when the config sets {@code maxConcurrent} only. */
    public static final int DEFAULT_MAX_QUEUED = 1000;

    private final String id;
    private final Map<String, Object> section;
    private final Map<String, Object> options;
    private final List<String> whitelist;
    private final List<String> blacklist;
    private final TimeLimit timeout;
    private final Duration chunkTimeout;
    private final Duration connectTimeout;
    private final RetryPolicy retryPolicy;
    private final CircuitBreakerPolicy circuitBreakerPolicy;
    private final ConcurrencyLimit concurrencyLimit;
    private final Map<String, Object> routing;
    private final String type;
    private final Map<String, RequestOptions> modelOptions;

    private ProviderConfig(String id, Map<String, Object> section) {
        this.id = id;
        this.section = section;
        this.options = TypedValues.object(section.get("options"));
        this.whitelist = TypedValues.strings(section.get("whitelist"));
        this.blacklist = TypedValues.strings(section.get("blacklist"));
        Object timeoutValue = section.get("timeout");
        this.timeout = timeoutValue == null ? null
                : Boolean.FALSE.equals(timeoutValue) ? TimeLimit.disabled() : TimeLimit.of(TypedValues.millis(timeoutValue));
        this.chunkTimeout = TypedValues.millis(section.get("chunkTimeout"));
        this.connectTimeout = TypedValues.millis(section.get("connectTimeout"));
        this.retryPolicy = retryPolicy(TypedValues.object(section.get("retry")));
        this.circuitBreakerPolicy = circuitBreakerPolicy(TypedValues.object(section.get("circuitBreaker")));
        this.concurrencyLimit = concurrencyLimit(TypedValues.object(section.get("concurrency")));
        this.routing = TypedValues.object(section.get("routing"));
        this.type = section.get("type") instanceof String text ? text : null;
        Map<String, RequestOptions> models = new LinkedHashMap<>();
        TypedValues.object(section.get("models")).forEach((modelId, options) ->
                models.put(modelId, CreorConfig.requestOptions(TypedValues.object(options))));
        this.modelOptions = Collections.unmodifiableMap(models);
    }

    /**
     * The installed provider that serves this section, when the section is of the user's own name
     * ({@code provider.ollama} with {@code "type": "openai-compatible"}); empty when the section's
     * name is itself the provider's id.
     */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    static ProviderConfig of(String id, Map<String, Object> section) {
        return new ProviderConfig(id, section);
    }

    // ConfigChecks has already rejected what these constructors would (a first back-off over
    // the longest, a queue without a limit), with the file and line, so they cannot fail here.
    static RetryPolicy retryPolicy(Map<String, Object> retry) {
        RetryPolicy defaults = RetryPolicy.defaults();
        Integer maxAttempts = TypedValues.integer(retry.get("maxAttempts"));
        Duration initial = TypedValues.millis(retry.get("initialBackoffMs"));
        Duration max = TypedValues.millis(retry.get("maxBackoffMs"));
        Duration maxRetryAfter = TypedValues.millis(retry.get("maxRetryAfterMs"));
        return new RetryPolicy(maxAttempts == null ? defaults.maxAttempts() : maxAttempts,
                initial == null ? defaults.initialBackoff() : initial, max == null ? defaults.maxBackoff() : max,
                maxRetryAfter == null ? defaults.maxRetryAfter() : maxRetryAfter);
    }

    private static CircuitBreakerPolicy circuitBreakerPolicy(Map<String, Object> breaker) {
        CircuitBreakerPolicy policy = CircuitBreakerPolicy.defaults();
        Integer failureThreshold = TypedValues.integer(breaker.get("failureThreshold"));
        Duration cooldown = TypedValues.millis(breaker.get("cooldownMs"));
        policy = failureThreshold == null ? policy : policy.withFailureThreshold(failureThreshold);
        return cooldown == null ? policy : policy.withCooldown(cooldown);
    }

    private static ConcurrencyLimit concurrencyLimit(Map<String, Object> concurrency) {
        Integer maxConcurrent = TypedValues.integer(concurrency.get("maxConcurrent"));
        Integer maxQueued = TypedValues.integer(concurrency.get("maxQueued"));
        return maxConcurrent == null ? null
                : new ConcurrencyLimit(maxConcurrent, maxQueued == null ? DEFAULT_MAX_QUEUED : maxQueued);
    }

    /** The provider id, the section's key under {@code provider}. */
    public String id() {
        return id;
    }

    /** {@code options}: provider-specific, JSON-like, secrets as {@link Secret}. */
    public Map<String, Object> options() {
        return options;
    }

    /** {@code options.apiKey}, when the config sets the credential. */
    public Optional<Secret> apiKey() {
        Object apiKey = options.get("apiKey");
        return apiKey instanceof Secret secret ? Optional.of(secret) : Optional.empty();
    }

    /** {@code whitelist}: model id patterns; empty when not set. */
    public List<String> whitelist() {
        return whitelist;
    }

    /** {@code blacklist}: model id patterns; empty when not set. */
    public List<String> blacklist() {
        return blacklist;
    }

    /** The whitelist and blacklist as a filter. */
    public ModelFilter modelFilter() {
        return ModelFilter.of(whitelist, blacklist);
    }

    /** {@code timeout}: the limit on a whole request, or switched off. */
    public Optional<TimeLimit> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** {@code chunkTimeout}: how long a response may stay silent. */
    public Optional<Duration> chunkTimeout() {
        return Optional.ofNullable(chunkTimeout);
    }

    /** {@code connectTimeout}: how long connecting may take. */
    public Optional<Duration> connectTimeout() {
        return Optional.ofNullable(connectTimeout);
    }

    /** {@code retry}: the router's retry policy for this provider, its defaults where the section is silent. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** {@code circuitBreaker}: the breaker policy for this provider's models, its defaults where the section is silent. */
    public CircuitBreakerPolicy circuitBreakerPolicy() {
        return circuitBreakerPolicy;
    }

    /**
     * {@code concurrency}: the limit on requests in flight to this provider, when
     * {@code maxConcurrent} is set ({@code maxQueued} defaults to {@value #DEFAULT_MAX_QUEUED}).
     */
    public Optional<ConcurrencyLimit> concurrencyLimit() {
        return Optional.ofNullable(concurrencyLimit);
    }

    /** {@code routing}: provider-specific routing preferences, JSON-like. */
    public Map<String, Object> routing() {
        return routing;
    }

    /**
     * {@code models}: the request options of each configured model id (sampling, reasoning,
     * routing, headers, caching), applied under an agent's own; empty when none are configured.
     */
    public Map<String, RequestOptions> modelOptions() {
        return modelOptions;
    }

    /** The whole section as JSON-like values, including keys the provider's schema adds. */
    public Map<String, Object> asMap() {
        return section;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProviderConfig provider && id.equals(provider.id) && section.equals(provider.section);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, section);
    }

    /** The id and which keys are set; never an option's value. */
    @Override
    public String toString() {
        return "ProviderConfig[" + id + ", keys=" + section.keySet() + ", options=" + options.keySet() + "]";
    }
}
