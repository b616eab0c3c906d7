package dev.creor.runtime.internal.credentials;

import dev.creor.core.internal.Checks;
import java.util.Objects;

/**
 * Where a provider's credential comes from: the config's {@code options.apiKey}, an environment
 * variable, the credential store, or nowhere.
 */
public sealed interface CredentialSource
        permits CredentialSource.Config, CredentialSource.EnvironmentVariable, CredentialSource.Store,
                CredentialSource.None {

    /** The kinds of source, highest precedence first. */
    enum Kind {
        /** {@code provider.<id>.options.apiKey} in the configuration. */
        CONFIG,
        /** One of the provider's environment variables, such as {@code OPENROUTER_API_KEY}. */
        ENVIRONMENT,
        /** The credential store written by {@code creor auth login} and the settings page. */
        STORE,
        /** No source holds a credential. */
        NONE
    }

    /** The source's kind. */
    Kind kind();

    /** The source in words, for messages: {@code environment variable OPENROUTER_API_KEY}. */
    String describe();

    /**
     * The configuration, at the origin of the {@code options.apiKey} value.
     *
     * @param origin where the value was written, as config reports it, such as
     *               {@code creor.json:7:18} or {@code CREOR_CONFIG_CONTENT}
     */
    record Config(String origin) implements CredentialSource {
        /** Checks the origin is given. */
        public Config {
            Checks.requireText(origin, "origin");
        }

        @Override
        public Kind kind() {
            return Kind.CONFIG;
        }

        @Override
        public String describe() {
            return "options.apiKey at " + origin;
        }
    }

    /**
     * An environment variable.
     *
     * @param name the variable's name, such as {@code OPENROUTER_API_KEY}
     */
    record EnvironmentVariable(String name) implements CredentialSource {
        /** Checks the name is given. */
        public EnvironmentVariable {
            Checks.requireText(name, "name");
        }

        @Override
        public Kind kind() {
            return Kind.ENVIRONMENT;
        }

        @Override
        public String describe() {
            return "environment variable " + name;
        }
    }

    /**
     * The credential store.
     *
     * @param location where the store is; for {@link FileCredentialStore} its path
     */
    record Store(String location) implements CredentialSource {
        /** Checks the location is given. */
        public Store {
            Checks.requireText(location, "location");
        }

        @Override
        public Kind kind() {
            return Kind.STORE;
        }

        @Override
        public String describe() {
            return "credential store " + location;
        }
    }

    /** No source: the provider has no credential. */
    record None() implements CredentialSource {
        @Override
        public Kind kind() {
            return Kind.NONE;
        }

        @Override
        public String describe() {
            return "no credential";
        }
    }

}
