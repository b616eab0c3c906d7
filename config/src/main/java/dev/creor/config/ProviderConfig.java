package dev.creor.config;

import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelFilter;
import java.time.Duration;
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
 * each is present only when configured, so the defaults of {@code ProviderSettings} and of the
 * router apply to the others.
 */
public final class ProviderConfig {
    private final String id;
    private final Map<String, Object> section;
    private final Map<String, Object> options;
    private final List<String> whitelist;
    private final List<String> blacklist;
    private final TimeLimit timeout;
    private final Duration chunkTimeout;
    private final Duration connectTimeout;
    private final RetrySettings retry;
    private final CircuitBreakerSettings circuitBreaker;
    private final ConcurrencySettings concurrency;
    private final Map<String, Object> routing;

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
        Map<String, Object> retrySection = TypedValues.objectOrNull(section.get("retry"));
        this.retry = retrySection == null ? null : new RetrySettings(TypedValues.integer(retrySection.get("maxAttempts")),
                TypedValues.millis(retrySection.get("initialBackoffMs")), TypedValues.millis(retrySection.get("maxBackoffMs")),
                TypedValues.millis(retrySection.get("maxRetryAfterMs")));
        Map<String, Object> breakerSection = TypedValues.objectOrNull(section.get("circuitBreaker"));
        this.circuitBreaker = breakerSection == null ? null : new CircuitBreakerSettings(
                TypedValues.integer(breakerSection.get("failureThreshold")), TypedValues.millis(breakerSection.get("cooldownMs")));
        Map<String, Object> concurrencySection = TypedValues.objectOrNull(section.get("concurrency"));
        this.concurrency = concurrencySection == null ? null : new ConcurrencySettings(
                TypedValues.integer(concurrencySection.get("maxConcurrent")), TypedValues.integer(concurrencySection.get("maxQueued")));
        this.routing = TypedValues.object(section.get("routing"));
    }

    static ProviderConfig of(String id, Map<String, Object> section) {
        return new ProviderConfig(id, section);
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

    /** {@code retry}. */
    public Optional<RetrySettings> retry() {
        return Optional.ofNullable(retry);
    }

    /** {@code circuitBreaker}. */
    public Optional<CircuitBreakerSettings> circuitBreaker() {
        return Optional.ofNullable(circuitBreaker);
    }

    /** {@code concurrency}. */
    public Optional<ConcurrencySettings> concurrency() {
        return Optional.ofNullable(concurrency);
    }

    /** {@code routing}: provider-specific routing preferences, JSON-like. */
    public Map<String, Object> routing() {
        return routing;
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
