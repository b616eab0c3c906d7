package dev.creor.runtime.internal.wiring;

import dev.creor.core.CredentialStore;
import dev.creor.core.Environment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a Creor runtime is built from: where it runs, what it may read, and what the
 * embedding program or command line adds on top of the config files.
 */
public final class RuntimeOptions {
    private final Path workingDirectory;
    private final Path homeDirectory;
    private final Map<String, String> environment;
    private final String extraConfig;
    private final List<ConfigFlag> flags;
    private final List<Path> pluginDirectories;
    private final CredentialStore credentialStore;
    private final Clock clock;
    private final String userAgent;
    private final boolean trustProjectConfig;
    private final String trustAdvice;

    private RuntimeOptions(Builder builder) {
        this.workingDirectory = builder.workingDirectory.toAbsolutePath().normalize();
        this.homeDirectory = builder.homeDirectory.toAbsolutePath().normalize();
        this.environment = Map.copyOf(builder.environment);
        this.extraConfig = builder.extraConfig;
        this.flags = List.copyOf(builder.flags);
        this.pluginDirectories = List.copyOf(builder.pluginDirectories);
        this.credentialStore = builder.credentialStore;
        this.clock = builder.clock;
        this.userAgent = builder.userAgent;
        this.trustProjectConfig = builder.trustProjectConfig;
        this.trustAdvice = builder.trustAdvice;
    }

    /** Starts options for a runtime in the given directories. */
    public static Builder builder(Path workingDirectory, Path homeDirectory) {
        return new Builder(workingDirectory, homeDirectory);
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    public Path homeDirectory() {
        return homeDirectory;
    }

    public Map<String, String> environmentVariables() {
        return environment;
    }

    /**
     * The environment as the library reads it; extra plugin directories are appended to
     * {@code CREOR_PLUGIN_PATH}, which is how discovery learns about them.
     */
    public Environment environment() {
        if (pluginDirectories.isEmpty()) {
            return Environment.of(environment);
        }
        Map<String, String> extended = new java.util.HashMap<>(environment);
        List<String> path = new ArrayList<>();
        Optional.ofNullable(environment.get("CREOR_PLUGIN_PATH")).filter(value -> !value.isEmpty()).ifPresent(path::add);
        pluginDirectories.forEach(directory -> path.add(directory.toAbsolutePath().toString()));
        extended.put("CREOR_PLUGIN_PATH", String.join(java.io.File.pathSeparator, path));
        return Environment.of(extended);
    }

    /** Config text layered above the files and {@code CREOR_CONFIG_CONTENT}, below flags. */
    public Optional<String> extraConfig() {
        return Optional.ofNullable(extraConfig);
    }

    public List<ConfigFlag> flags() {
        return flags;
    }

    public Optional<CredentialStore> credentialStore() {
        return Optional.ofNullable(credentialStore);
    }

    public Clock clock() {
        return clock;
    }

    /** What providers send as {@code User-Agent}, e.g. {@code creor/0.1.0}. */
    public String userAgent() {
        return userAgent;
    }

    /**
     * Whether the project config files found from the working directory are trusted whatever
     * {@code trust.json} says: an embedding program that runs in a folder of its own says so.
     */
    public boolean trustProjectConfig() {
        return trustProjectConfig;
    }

    /** What a message about a key refused from an untrusted project file tells the user to do. */
    public String trustAdvice() {
        return trustAdvice;
    }

    /**
     * A config value from the command line (or the embedding program), the highest layer.
     *
     * @param label   how messages name it, e.g. {@code --model}
     * @param pointer where it goes, e.g. {@code /model}
     * @param value   a JSON-like value
     */
    public record ConfigFlag(String label, String pointer, Object value) {
        public ConfigFlag {
            Objects.requireNonNull(label, "label is null");
            Objects.requireNonNull(pointer, "pointer is null");
            Objects.requireNonNull(value, "value is null");
        }
    }

    /** Builds {@link RuntimeOptions}. */
    public static final class Builder {
        private final Path workingDirectory;
        private final Path homeDirectory;
        private Map<String, String> environment = Map.of();
        private String extraConfig;
        private final List<ConfigFlag> flags = new ArrayList<>();
        private final List<Path> pluginDirectories = new ArrayList<>();
        private CredentialStore credentialStore;
        private Clock clock = Clock.systemUTC();
        private String userAgent = "creor";
        private boolean trustProjectConfig;
        private String trustAdvice = dev.creor.config.ConfigLoader.DEFAULT_TRUST_ADVICE;

        private Builder(Path workingDirectory, Path homeDirectory) {
            this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory is null");
            this.homeDirectory = Objects.requireNonNull(homeDirectory, "homeDirectory is null");
        }

        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        public Builder extraConfig(String json) {
            this.extraConfig = Objects.requireNonNull(json, "json is null");
            return this;
        }

        public Builder flag(String label, String pointer, Object value) {
            flags.add(new ConfigFlag(label, pointer, value));
            return this;
        }

        public Builder pluginDirectories(List<Path> directories) {
            pluginDirectories.addAll(List.copyOf(directories));
            return this;
        }

        public Builder credentialStore(CredentialStore store) {
            this.credentialStore = Objects.requireNonNull(store, "store is null");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock is null");
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent, "userAgent is null");
            return this;
        }

        public Builder trustProjectConfig(boolean trust) {
            this.trustProjectConfig = trust;
            return this;
        }

        public Builder trustAdvice(String advice) {
            this.trustAdvice = Objects.requireNonNull(advice, "advice is null");
            return this;
        }

        public RuntimeOptions build() {
            return new RuntimeOptions(this);
        }
    }
}
