package dev.creor.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.runtime.CreorCredentials;
import dev.creor.runtime.internal.credentials.AuthService;
import dev.creor.runtime.internal.credentials.CredentialResolver;
import dev.creor.runtime.internal.credentials.FileCredentialStore;
import dev.creor.runtime.internal.credentials.KeyInspectors;
import dev.creor.spi.KeyInfo;
import dev.creor.spi.KeyInspector;
import dev.creor.spi.ProviderDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A settings backend as Creor wires it, over real files in a temporary home: the credential
 * store, the global config file, two providers (OpenRouter with a key check and a catalog, and
 * a local provider that needs no key), and {@link FileBackedSettingsSources}, which read the agents and
 * whitelists back from the global config file, as the config module will.
 */
final class SettingsFixture implements AutoCloseable {
    /** The key the fake OpenRouter key check accepts. */
    static final String GOOD_KEY = "sk-or-v1-" + "5e77a9b1".repeat(8);
    /** A well-formed key the fake key check rejects. */
    static final String REJECTED_KEY = "sk-or-v1-" + "0ddba11c".repeat(8);
    static final KeyInfo GOOD_KEY_INFO = KeyInfo.builder()
            .label("Creor laptop")
            .limit(new BigDecimal("20"))
            .limitRemaining(new BigDecimal("12.5"))
            .limitReset("monthly")
            .usage(new BigDecimal("7.5"))
            .build();
    static final ProviderDescriptor OPENROUTER = ProviderDescriptor.builder("OpenRouter")
            .credentialEnvironmentVariables(List.of("OPENROUTER_API_KEY"))
            .keyPrefix("sk-or-")
            .build();
    static final ProviderDescriptor LOCAL = ProviderDescriptor.builder("Local echo").requiresCredential(false).build();

    final Path home;
    final Path authFile;
    final GlobalConfigFile config;
    final FileBackedSettingsSources sources;
    final Map<String, String> environment = new ConcurrentHashMap<>();
    final List<Secret> inspected = new ArrayList<>();
    volatile boolean providerReachable = true;
    /** Key checks answer once this completes: a test can make the provider slow. */
    volatile CompletableFuture<Void> providerAnswers = CompletableFuture.completedFuture(null);
    /** Counted down by every key check as it starts. */
    final CountDownLatch keyChecksStarted = new CountDownLatch(1);
    private final ExecutorService blocking = Executors.newCachedThreadPool();

    SettingsFixture(Path home) {
        this.home = home;
        this.authFile = home.resolve("data/creor/auth.json");
        this.config = new GlobalConfigFile(home.resolve("config/creor"));
        this.sources = new FileBackedSettingsSources(config, Map.of("openrouter", catalog()));
    }

    static List<ModelInfo> catalog() {
        return List.of(
                model("anthropic/claude-sonnet-4", "Anthropic: Claude Sonnet 4", 200_000, "3", "15"),
                model("anthropic/claude-opus-4", "Anthropic: Claude Opus 4", 200_000, "15", "75"),
                model("openai/gpt-4o", "OpenAI: GPT-4o", 128_000, "2.5", "10"),
                model("openai/o3", "OpenAI: o3", 200_000, "2", "8"),
                model("google/gemini-2.5-flash", "Google: Gemini 2.5 Flash", 1_048_576, "0.3", "2.5"),
                model("meta-llama/llama-3.3-70b-instruct:free", "Meta: Llama 3.3 70B Instruct (free)", 131_072, "0", "0"),
                model("openrouter/auto", "Auto Router", 2_000_000, "0", "0"));
    }

    private static ModelInfo model(String id, String name, long context, String input, String output) {
        return ModelInfo.builder(new ModelRef("openrouter", id)).name(name).contextLength(context)
                .inputPricePerMillion(new BigDecimal(input)).outputPricePerMillion(new BigDecimal(output)).build();
    }

    DefaultSettingsBackend backend() {
        FileCredentialStore store = new FileCredentialStore(authFile);
        // Reads the map on every lookup, so a test can export a variable while the server runs.
        Environment live = name -> Optional.ofNullable(environment.get(name)).filter(value -> !value.isEmpty());
        CredentialResolver resolver = new CredentialResolver(live, store,
                providerId -> Optional.empty());
        KeyInspectors inspectors = providerId -> providerId.equals("openrouter")
                ? Optional.of(inspector())
                : Optional.empty();
        AuthService auth = new AuthService(resolver, Map.of("openrouter", OPENROUTER, "local", LOCAL), inspectors,
                blocking);
        return new DefaultSettingsBackend(credentials(auth, resolver, inspectors), config, sources, blocking);
    }

    /**
     * The runtime's keys over the fake providers, without a runtime: a Creor runtime hands out
     * its {@link CreorCredentials} only for its discovered providers, and this fixture's provider
     * has a key check the test steers, so the constructor the runtime uses is called directly.
     */
    private static CreorCredentials credentials(AuthService auth, CredentialResolver resolver,
            KeyInspectors inspectors) {
        try {
            Constructor<CreorCredentials> constructor = CreorCredentials.class.getDeclaredConstructor(
                    AuthService.class, CredentialResolver.class, KeyInspectors.class, Consumer.class);
            constructor.setAccessible(true);
            Consumer<String> everyInstalledProviderIsEnabled = providerId -> { };
            return constructor.newInstance(auth, resolver, inspectors, everyInstalledProviderIsEnabled);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("CreorCredentials changed its constructor", e);
        }
    }

    private KeyInspector inspector() {
        return key -> {
            synchronized (inspected) {
                inspected.add(key);
            }
            keyChecksStarted.countDown();
            // Completes on another thread, as a real HTTP client does.
            return providerAnswers.thenApplyAsync(answered -> {
                if (!providerReachable) {
                    throw CreorException.builder(ErrorCode.PROVIDER_UNAVAILABLE, "OpenRouter answered 503")
                            .httpStatus(503).build();
                }
                if (!key.reveal().equals(GOOD_KEY)) {
                    throw CreorException.builder(ErrorCode.AUTH_INVALID, "No auth credentials found")
                            .httpStatus(401).build();
                }
                return GOOD_KEY_INFO;
            });
        };
    }

    Path configFile() {
        return config.path();
    }

    void writeConfig(String text) throws IOException {
        Files.createDirectories(config.directory());
        Files.writeString(config.path(), text);
    }

    /** The config file's bytes, or an empty array when it does not exist. */
    byte[] configBytes() throws IOException {
        return Files.exists(configFile()) ? Files.readAllBytes(configFile()) : new byte[0];
    }

    static void assertNoKeyIn(String text) {
        assertThat(text).doesNotContain("5e77a9b15e77a9b1").doesNotContain("0ddba11c0ddba11c");
    }

    @Override
    public void close() {
        blocking.shutdownNow();
    }
}
