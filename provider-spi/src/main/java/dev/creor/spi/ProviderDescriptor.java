package dev.creor.spi;

import dev.creor.core.internal.Checks;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a provider is and what it needs, known before it is created: shown by
 * {@code creor providers}, used to find its credential and to validate its config section.
 */
public final class ProviderDescriptor {
    /** The config-section schema used when a provider declares none: any options are accepted. */
    public static final String PERMISSIVE_SCHEMA = "{\"type\":\"object\"}";

    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String displayName;
    private final List<String> credentialEnvironmentVariables;
    private final String keyPrefix;
    private final URI defaultBaseUrl;
    private final URI documentationUrl;
    private final String configSchema;
    private final Set<Capability> capabilities;
    private final boolean requiresCredential;
    private final boolean needsConfiguration;

    private ProviderDescriptor(Builder builder) {
        this.displayName = builder.displayName;
        this.credentialEnvironmentVariables = List.copyOf(builder.credentialEnvironmentVariables);
        this.keyPrefix = builder.keyPrefix;
        this.defaultBaseUrl = builder.defaultBaseUrl;
        this.documentationUrl = builder.documentationUrl;
        this.configSchema = builder.configSchema;
        this.capabilities = Set.copyOf(builder.capabilities);
        this.requiresCredential = builder.requiresCredential;
        this.needsConfiguration = builder.needsConfiguration;
    }

    /** Starts a descriptor of a provider shown as {@code displayName}, e.g. {@code OpenRouter}. */
    public static Builder builder(String displayName) {
        return new Builder(displayName);
    }

    /** The name people know the provider by. */
    public String displayName() {
        return displayName;
    }

    /** The environment variables that may hold the credential, most preferred first. */
    public List<String> credentialEnvironmentVariables() {
        return credentialEnvironmentVariables;
    }

    /** The prefix every valid key starts with, e.g. {@code sk-or-}, to warn about pasted mistakes. */
    public Optional<String> keyPrefix() {
        return Optional.ofNullable(keyPrefix);
    }

    /** The service's base URL when the config sets none. */
    public Optional<URI> defaultBaseUrl() {
        return Optional.ofNullable(defaultBaseUrl);
    }

    /** Where users read about the provider. */
    public Optional<URI> documentationUrl() {
        return Optional.ofNullable(documentationUrl);
    }

    /**
     * The JSON Schema (draft-07, as JSON text) of the provider's config section
     * {@code provider.<id>}: an object schema whose {@code properties} describe the keys the
     * provider adds or refines, typically {@code options}. Creor composes it with the core
     * section keys ({@code whitelist}, {@code timeout}, ...), so it need not repeat them.
     */
    public String configSchema() {
        return configSchema;
    }

    /** What the provider can do beyond plain chat. */
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** Whether the provider has the capability. */
    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    /** Whether the provider needs a credential at all; a local provider may not. */
    public boolean requiresCredential() {
        return requiresCredential;
    }

    /**
     * Whether the provider is of no use until its config section says where to go (e.g. a base
     * URL with no default): then Creor creates it only for a section that configures it, its own
     * or one that names it as its {@code type}, and lists it as not configured otherwise (since SPI 3).
     */
    public boolean needsConfiguration() {
        return needsConfiguration;
    }

    @Override
    public String toString() {
        return "ProviderDescriptor[" + displayName + ", " + capabilities + "]";
    }

    /** Builds a {@link ProviderDescriptor}. */
    public static final class Builder {
        private final String displayName;
        private List<String> credentialEnvironmentVariables = List.of();
        private String keyPrefix;
        private URI defaultBaseUrl;
        private URI documentationUrl;
        private String configSchema = PERMISSIVE_SCHEMA;
        private Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        private boolean requiresCredential = true;
        private boolean needsConfiguration;

        private Builder(String displayName) {
            this.displayName = Checks.requireText(displayName, "displayName");
        }

        /** The environment variables that may hold the credential, most preferred first. */
        public Builder credentialEnvironmentVariables(List<String> names) {
            List<String> copy = List.copyOf(names);
            for (String name : copy) {
                if (!ENVIRONMENT_VARIABLE.matcher(name).matches()) {
                    throw new IllegalArgumentException("not an environment variable name: \"" + name + "\"");
                }
            }
            this.credentialEnvironmentVariables = copy;
            return this;
        }

        /** The prefix every valid key starts with. */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = Checks.requireText(keyPrefix, "keyPrefix");
            return this;
        }

        /** The service's default base URL; must be absolute. */
        public Builder defaultBaseUrl(URI defaultBaseUrl) {
            this.defaultBaseUrl = requireAbsolute(defaultBaseUrl, "defaultBaseUrl");
            return this;
        }

        /** Where users read about the provider; must be absolute. */
        public Builder documentationUrl(URI documentationUrl) {
            this.documentationUrl = requireAbsolute(documentationUrl, "documentationUrl");
            return this;
        }

        /** The JSON Schema of the provider's config section, as JSON text. */
        public Builder configSchema(String configSchema) {
            this.configSchema = Checks.requireText(configSchema, "configSchema");
            return this;
        }

        /** What the provider can do beyond plain chat. */
        public Builder capabilities(Set<Capability> capabilities) {
            this.capabilities = capabilities.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(capabilities);
            return this;
        }

        /** Whether the provider needs a credential; {@code true} unless set. */
        public Builder requiresCredential(boolean requiresCredential) {
            this.requiresCredential = requiresCredential;
            return this;
        }

        /** Whether the provider is of no use until its config section configures it; {@code false} unless set. */
        public Builder needsConfiguration(boolean needsConfiguration) {
            this.needsConfiguration = needsConfiguration;
            return this;
        }

        /** Creates the descriptor. */
        public ProviderDescriptor build() {
            return new ProviderDescriptor(this);
        }

        private static URI requireAbsolute(URI uri, String name) {
            Objects.requireNonNull(uri, name + " is null");
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException(name + " must be an absolute URI: " + uri);
            }
            return uri;
        }
    }

}
