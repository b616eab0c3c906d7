package dev.creor.spi;

import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelFilter;
import dev.creor.core.internal.Checks;
import dev.creor.core.internal.JsonValues;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's merged configuration, as the provider needs it.
 *
 * <p>{@link #options()} is the {@code provider.<id>.options} object and {@link #routing()} the
 * {@code routing} object, as plain JSON-like values (see {@link JsonValues}) after
 * substitution and schema validation. The core section keys arrive typed: the time limits
 * and the model filter. The credential is the one Creor resolved from config, environment or
 * store, in that order; a provider never looks it up itself.
 */
public final class ProviderSettings {
    /** How long connecting may take unless configured otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a whole request may take unless configured otherwise. */
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofMinutes(10);
    /** How long a stream may stay silent unless configured otherwise. */
    public static final Duration DEFAULT_CHUNK_TIMEOUT = Duration.ofSeconds(60);

    private final String providerId;
    private final Map<String, Object> options;
    private final Map<String, Object> routing;
    private final Secret credential;
    private final Duration connectTimeout;
    private final Duration totalTimeout;
    private final Duration chunkTimeout;
    private final ModelFilter modelFilter;

    private ProviderSettings(Builder builder) {
        this.providerId = builder.providerId;
        this.options = builder.options;
        this.routing = builder.routing;
        this.credential = builder.credential;
        this.connectTimeout = builder.connectTimeout;
        this.totalTimeout = builder.totalTimeout;
        this.chunkTimeout = builder.chunkTimeout;
        this.modelFilter = builder.modelFilter;
    }

    /** Starts settings for the provider with the given id, with every default. */
    public static Builder builder(String providerId) {
        return new Builder(providerId);
    }

    /** A builder preset with every property of these settings. */
    public Builder toBuilder() {
        Builder builder = new Builder(providerId);
        builder.options = options;
        builder.routing = routing;
        builder.credential = credential;
        builder.connectTimeout = connectTimeout;
        builder.totalTimeout = totalTimeout;
        builder.chunkTimeout = chunkTimeout;
        builder.modelFilter = modelFilter;
        return builder;
    }

    /** The provider's id. */
    public String providerId() {
        return providerId;
    }

    /** The {@code options} object of the provider's config section. */
    public Map<String, Object> options() {
        return options;
    }

    /** One option's value, if set. */
    public Optional<Object> option(String key) {
        return Optional.ofNullable(options.get(Objects.requireNonNull(key, "key is null")));
    }

    /** One option's value if it is a string (the configuration schema enforces the type). */
    public Optional<String> stringOption(String key) {
        return option(key).filter(String.class::isInstance).map(String.class::cast);
    }

    /** The {@code routing} object of the provider's config section. */
    public Map<String, Object> routing() {
        return routing;
    }

    /** The resolved credential, when there is one. */
    public Optional<Secret> credential() {
        return Optional.ofNullable(credential);
    }

    /** How long connecting may take. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long a whole request may take; empty when the user disabled the limit ({@code timeout: false}). */
    public Optional<Duration> totalTimeout() {
        return Optional.ofNullable(totalTimeout);
    }

    /** How long a response may stay silent, before its first byte and between chunks. */
    public Duration chunkTimeout() {
        return chunkTimeout;
    }

    /** The whitelist and blacklist of the provider's models. */
    public ModelFilter modelFilter() {
        return modelFilter;
    }

    /** The provider id and which settings are present; never the credential. */
    @Override
    public String toString() {
        return "ProviderSettings[" + providerId + ", options=" + options.keySet() + ", credential="
                + (credential == null ? "none" : "set") + ", timeouts=" + connectTimeout + "/" + chunkTimeout + "/"
                + (totalTimeout == null ? "none" : totalTimeout) + ", " + modelFilter + "]";
    }

    /** Builds {@link ProviderSettings}. */
    public static final class Builder {
        private final String providerId;
        private Map<String, Object> options = Map.of();
        private Map<String, Object> routing = Map.of();
        private Secret credential;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration totalTimeout = DEFAULT_TOTAL_TIMEOUT;
        private Duration chunkTimeout = DEFAULT_CHUNK_TIMEOUT;
        private ModelFilter modelFilter = ModelFilter.ALLOW_ALL;

        private Builder(String providerId) {
            this.providerId = Checks.requireText(providerId, "providerId");
        }

        /** The {@code options} object, as JSON-like values. */
        public Builder options(Map<String, ?> options) {
            this.options = JsonValues.copyOf(options);
            return this;
        }

        /** The {@code routing} object, as JSON-like values. */
        public Builder routing(Map<String, ?> routing) {
            this.routing = JsonValues.copyOf(routing);
            return this;
        }

        /** The resolved credential. */
        public Builder credential(Secret credential) {
            this.credential = Objects.requireNonNull(credential, "credential is null");
            return this;
        }

        /** How long connecting may take; must be positive. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = requirePositive(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long a whole request may take; must be positive. */
        public Builder totalTimeout(Duration totalTimeout) {
            this.totalTimeout = requirePositive(totalTimeout, "totalTimeout");
            return this;
        }

        /** Removes the limit on a whole request's time ({@code timeout: false}). */
        public Builder noTotalTimeout() {
            this.totalTimeout = null;
            return this;
        }

        /** How long a response may stay silent; must be positive. */
        public Builder chunkTimeout(Duration chunkTimeout) {
            this.chunkTimeout = requirePositive(chunkTimeout, "chunkTimeout");
            return this;
        }

        /** The whitelist and blacklist of the provider's models. */
        public Builder modelFilter(ModelFilter modelFilter) {
            this.modelFilter = Objects.requireNonNull(modelFilter, "modelFilter is null");
            return this;
        }

        /** Creates the settings. */
        public ProviderSettings build() {
            return new ProviderSettings(this);
        }

        private static Duration requirePositive(Duration duration, String name) {
            Objects.requireNonNull(duration, name + " is null");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + duration);
            }
            return duration;
        }
    }
}
