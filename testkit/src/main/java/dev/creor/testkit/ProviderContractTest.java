package dev.creor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.creor.core.CreorException;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Scheduler;
import dev.creor.core.Secret;
import dev.creor.core.catalog.ModelInfo;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.ChatResponse;
import dev.creor.core.chat.FinishReason;
import dev.creor.core.chat.Message;
import dev.creor.core.chat.ResponseMetadata;
import dev.creor.core.chat.Role;
import dev.creor.core.chat.ToolCall;
import dev.creor.core.chat.Usage;
import dev.creor.core.internal.chat.ChatResponseCollector;
import dev.creor.provider.kit.VertxProviderKit;
import dev.creor.spi.Capability;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderDescriptor;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.everit.json.schema.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every Creor provider keeps, as an abstract JUnit 5 test suite.
 *
 * <p>A provider module extends it in its tests and supplies the factory under test, scenarios
 * that a running backend (the real service, or a fake one on loopback) answers in known ways,
 * and, when the backend can count them, its open connections:
 *
 * <pre>{@code
 * class EchoProviderContractTest extends ProviderContractTest {
 *     protected ProviderFactory factory() { return new EchoProviderFactory(); }
 *     protected Scenario chatScenario() {
 *         return Scenario.of(defaultSettings(), request("echo/any", "hello contract")).expectingText("hello contract");
 *     }
 *     protected Scenario longStreamScenario() { ... a request answered by many deltas ... }
 *     protected Optional<Scenario> rejectedCredentialScenario() { ... }
 *     protected Optional<Scenario> rateLimitedScenario(Duration retryAfter) { ... }
 *     protected Optional<Scenario> rateLimitedWithoutRetryAfterScenario() { ... }
 *     protected Optional<Scenario> unavailableScenario() { ... }
 * }
 * }</pre>
 *
 * <p>The suite checks, each in its own test: that the id and descriptor are sane and the factory
 * is listed for {@link ServiceLoader}; that the plugin jar declares the SPI version (when the suite
 * runs from the jar); that the config schema is a valid draft-07 object schema
 * accepting the test settings; that a whole answer has text and usage; that a stream, consumed
 * one event at a time, delivers its deltas in order, then exactly one
 * {@link ChatEvent.Completed}, then {@code onComplete}, never exceeding the demand; that a stream
 * accepts one subscriber and rejects a non-positive request; that cancelling stops delivery and
 * closes the connection; that a rejected credential, a rate limit and an unavailable backend
 * map to {@link ErrorCode#AUTH_INVALID}, {@link ErrorCode#RATE_LIMITED} (with the
 * {@code Retry-After} when the backend sends one) and {@link ErrorCode#PROVIDER_UNAVAILABLE},
 * as whole answers and as streams; that the model catalog is not empty and its references carry
 * the provider id; that a key inspector is offered exactly when the descriptor says
 * {@link Capability#KEY_INFO}; and that {@link Provider#close()} stops every thread the provider
 * started and may be called twice.
 *
 * <p>Each test creates its own provider, with a {@link ProviderContext} whose scheduler and
 * blocking executor the suite runs and shuts down, and closes it afterwards. An error scenario
 * a provider cannot produce is returned empty: its test is then skipped, and says why.
 */
public abstract class ProviderContractTest {
    /** The {@code Retry-After} the suite asks {@link #rateLimitedScenario(Duration)} to send. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(7);

    /** How many events the stream of {@link #longStreamScenario()} must at least deliver. */
    public static final int LONG_STREAM_MINIMUM_EVENTS = 5;

    private static final byte[] TINY_PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] TINY_PDF = "%PDF-1.4\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Pattern VALID_ID = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern CONVENTIONAL_VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final String SUITE_THREAD_PREFIX = "creor-testkit-";
    // Netty starts a Vert.x instance's acceptor loop, which a client never uses, only to shut it down: one of a
    // Vert.x that an earlier test closed may still be starting while this test runs. A provider that starts a
    // Vert.x of its own is still caught, by its event-loop threads.
    private static final List<String> RUNTIME_THREAD_PREFIXES = List.of(SUITE_THREAD_PREFIX, "vert.x-acceptor-thread-",
            "ForkJoinPool.commonPool-worker-", "Common-Cleaner", "process reaper", "Attach Listener",
            "Signal Dispatcher", "Notification Thread", "Reference Handler", "Finalizer", "JFR ");

    /** Event loops of the suite's Vert.x, all started before a test looks at threads. */
    private static final int EVENT_LOOPS = 2;
    /**
     * How long starting and closing the suite's own Vert.x may take: the suite's business, not
     * the provider's, so not {@link #timeout()} (a subclass may shorten that to fail fast), and
     * generous because a loaded build machine is slow to start threads.
     */
    private static final Duration VERTX_LIFECYCLE = Duration.ofSeconds(60);

    private final List<Provider> providers = new ArrayList<>();
    private Vertx vertx;
    private Set<Thread> threadsBeforeVertx;
    private ScheduledExecutorService timers;
    private ExecutorService blocking;
    private Path cacheDirectory;

    /** For subclasses. */
    protected ProviderContractTest() {
    }

    // ---- what a provider module supplies ----------------------------------------------------

    /** The factory under test, as {@link ServiceLoader} would create it. */
    protected abstract ProviderFactory factory();

    /**
     * Settings and a request that the backend answers normally, with text and usage. Give the
     * exact answer with {@link Scenario#expectingText} when the backend is deterministic.
     */
    protected abstract Scenario chatScenario();

    /**
     * Settings and a request whose stream delivers at least
     * {@value #LONG_STREAM_MINIMUM_EVENTS} events and stays open until they are consumed, so
     * that the suite can cancel it in the middle.
     */
    protected abstract Scenario longStreamScenario();

    /**
     * Settings and a request that the backend rejects for the credential, as with HTTP 401.
     * Empty when the provider has no credential to reject; then it must not
     * {@linkplain ProviderDescriptor#requiresCredential() require} one.
     */
    protected abstract Optional<Scenario> rejectedCredentialScenario();

    /**
     * Settings and a request that the backend answers with a rate limit (HTTP 429) and a
     * {@code Retry-After} of {@code retryAfter}. Empty when the backend cannot be made to.
     */
    protected abstract Optional<Scenario> rateLimitedScenario(Duration retryAfter);

    /**
     * Settings and a request that the backend answers with a rate limit without saying how long
     * to wait. Empty when the backend cannot be made to.
     */
    protected abstract Optional<Scenario> rateLimitedWithoutRetryAfterScenario();

    /**
     * Settings and a request that the backend answers as unavailable (HTTP 503, or a server
     * error). Empty when the backend cannot be made to.
     */
    protected abstract Optional<Scenario> unavailableScenario();

    /**
     * Settings and a request whose answer calls at least one tool (the request declares the
     * tools), answered alike every time. Empty, the default, when the backend cannot be made to;
     * then the tool-call checks are skipped.
     */
    protected Optional<Scenario> toolCallScenario() {
        return Optional.empty();
    }

    /**
     * Settings and a request whose answer carries reasoning details ({@link Message.Reasoning#details()}),
     * answered alike every time. Empty, the default, when the backend returns none; then the
     * reasoning checks are skipped.
     */
    protected Optional<Scenario> reasoningScenario() {
        return Optional.empty();
    }

    /** The backend's count of open connections, when it keeps one; empty by default. */
    protected Optional<OpenConnections> openConnections() {
        return Optional.empty();
    }

    /** Settings for the provider under test with every default: no options, no credential. */
    protected ProviderSettings defaultSettings() {
        return ProviderSettings.builder(factory().id()).build();
    }

    /** A request of one user message to a model written {@code provider/model}, e.g. {@code request("echo/any", "hi")}. */
    protected static ChatRequest request(String model, String prompt) {
        return ChatRequest.builder().model(ModelRef.parse(model)).addMessage(Message.user(prompt)).build();
    }

    /**
     * The context each provider is created with. The preset has the suite's scheduler, blocking
     * executor, a fresh cache directory and a {@link ProviderContext#kit() provider kit} on the
     * suite's own Vert.x (closed after each test, so a provider on the kit needs no cleanup of
     * its own beyond its pooled connections); override to add, say, a
     * {@link ProviderContext.Builder#sharedResource shared resource}.
     */
    protected ProviderContext context(ProviderContext.Builder preset) {
        return preset.build();
    }

    /** How long to wait for any one answer, event or connection change; 10 seconds by default. */
    protected Duration timeout() {
        return Duration.ofSeconds(10);
    }

    /**
     * Creates a provider with the given settings and the suite's context; the suite closes it
     * after the test. For a subclass's own tests.
     */
    protected final Provider provider(ProviderSettings settings) {
        Provider provider = factory().create(settings, context(ProviderContext.builder(
                        Scheduler.using(timers, Clock.systemUTC()), blocking, cacheDirectory)
                .userAgent("creor-testkit")
                .kit(new VertxProviderKit(vertx, "creor-testkit", Clock.systemUTC()))
                .logger(System.getLogger("dev.creor.testkit.provider"))));
        assertThat(provider).as("the Provider that ProviderFactory.create returned").isNotNull();
        providers.add(provider);
        return provider;
    }

    @BeforeEach
    final void startContractSuiteExecutors() throws IOException {
        timers = Executors.newSingleThreadScheduledExecutor(threads("timer"));
        blocking = Executors.newCachedThreadPool(threads("blocking"));
        cacheDirectory = Files.createTempDirectory("creor-testkit-cache-");
        threadsBeforeVertx = Set.copyOf(Thread.getAllStackTraces().keySet());
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(EVENT_LOOPS).setWorkerPoolSize(1));
        // The host's event loops run before any provider exists: start them now, so that the thread check
        // below counts only threads a provider starts itself.
        // Each verticle instance gets the next event loop, round robin: twice as many reach every loop.
        Set<String> loops = ConcurrentHashMap.newKeySet();
        try {
            vertx.deployVerticle(() -> new AbstractVerticle() {
                @Override
                public void start() {
                    loops.add(Thread.currentThread().getName());
                }
            }, new DeploymentOptions().setInstances(2 * EVENT_LOOPS)).toCompletionStage().toCompletableFuture()
                    .get(VERTX_LIFECYCLE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while starting the suite's Vert.x", interrupted);
        } catch (ExecutionException | TimeoutException notStarted) {
            throw new AssertionError("the suite's Vert.x event loops did not start within " + VERTX_LIFECYCLE, notStarted);
        }
        assertThat(loops).as("the suite's Vert.x event loops, started before any provider").hasSize(EVENT_LOOPS);
    }

    @AfterEach
    final void stopContractSuiteExecutors() throws IOException {
        try {
            for (Provider provider : providers) {
                provider.close();
            }
        } finally {
            providers.clear();
            closeVertx();
            timers.shutdownNow();
            blocking.shutdownNow();
            deleteTree(cacheDirectory);
        }
    }

    // ---- the factory and its descriptor -----------------------------------------------------

    /** The id is lower-case letters, digits and dashes starting with a letter, and never changes. */
    @Test
    public final void idIsValidAndStable() {
        String id = factory().id();
        assertThat(id).as("ProviderFactory.id()").isNotNull();
        assertThat(VALID_ID.matcher(id).matches())
                .withFailMessage("id \"%s\" is invalid: a provider id is lower-case letters, digits and dashes, "
                        + "starting with a letter", id)
                .isTrue();
        assertThat(factory().id()).as("id() called again").isEqualTo(id);
        assertThat(chatScenario().settings().providerId()).as("the provider id of chatScenario()'s settings")
                .isEqualTo(id);
    }

    /**
     * The descriptor has a trimmed display name, conventional
     * environment-variable names, absolute http(s) URLs, and a credential requirement that
     * fits its environment variables and key prefix.
     */
    @Test
    public final void descriptorIsConsistent() {
        ProviderDescriptor descriptor = factory().descriptor();
        assertThat(descriptor).as("ProviderFactory.descriptor()").isNotNull();
        assertThat(descriptor.displayName()).as("the display name, trimmed").isEqualTo(descriptor.displayName().strip());
        for (String variable : descriptor.credentialEnvironmentVariables()) {
            assertThat(CONVENTIONAL_VARIABLE.matcher(variable).matches())
                    .withFailMessage("credential environment variable \"%s\" is not upper case with underscores, "
                            + "as users expect (e.g. ECHO_API_KEY)", variable)
                    .isTrue();
        }
        if (descriptor.requiresCredential()) {
            assertThat(descriptor.credentialEnvironmentVariables())
                    .withFailMessage("the descriptor requires a credential but names no environment variable for "
                            + "it; name one, so users can set the credential without a config file")
                    .isNotEmpty();
        }
        if (descriptor.keyPrefix().isPresent()) {
            assertThat(descriptor.requiresCredential() || !descriptor.credentialEnvironmentVariables().isEmpty())
                    .withFailMessage("the descriptor gives a key prefix but neither requires a credential nor names "
                            + "an environment variable for one")
                    .isTrue();
        }
        descriptor.defaultBaseUrl().ifPresent(url -> assertHttpUrl(url, "defaultBaseUrl"));
        descriptor.documentationUrl().ifPresent(url -> assertHttpUrl(url, "documentationUrl"));
    }

    /**
     * The jar the factory was loaded from declares, in its manifest, the SPI version it was
     * compiled against ({@value ProviderFactory#SPI_VERSION_ATTRIBUTE}), without which Creor
     * takes it for a plugin built for SPI 1 and refuses it. Only a jar has a manifest: run from a
     * classes directory, as Maven's {@code test} phase does, this test is skipped and says so; run
     * the suite again from the packaged jar, as the failsafe plugin does in {@code verify}, to
     * check it (docs/writing-a-provider.md shows how).
     */
    @Test
    public final void jarDeclaresItsSpiVersion() {
        Path location = codeSource(factory().getClass());
        Assumptions.assumeTrue(Files.isRegularFile(location), () -> "the factory was loaded from " + location
                + ", not from a jar, so there is no manifest to check yet; run this suite from the packaged jar "
                + "(e.g. a failsafe *IT that extends your contract test) to check its "
                + ProviderFactory.SPI_VERSION_ATTRIBUTE);
        Optional<String> problem = PluginManifest.spiVersionProblem(location);
        assertThat(problem).withFailMessage("%s", problem.orElse("")).isEmpty();
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException unknown) {
            throw new AssertionError("cannot tell where " + type.getName() + " was loaded from", unknown);
        }
    }

    /**
     * The factory is a public class with a public no-argument constructor, listed in
     * {@code META-INF/services/dev.creor.spi.ProviderFactory}, so that Creor can find it.
     */
    @Test
    public final void factoryIsListedForServiceLoader() {
        Class<? extends ProviderFactory> type = factory().getClass();
        assertThat(Modifier.isPublic(type.getModifiers()))
                .withFailMessage("%s is not public; ServiceLoader can only create public classes", type.getName())
                .isTrue();
        try {
            assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).isTrue();
        } catch (NoSuchMethodException missing) {
            fail(type.getName() + " has no public no-argument constructor, which ServiceLoader needs");
        }
        boolean listed;
        try {
            listed = ServiceLoader.load(ProviderFactory.class, type.getClassLoader()).stream()
                    .anyMatch(provider -> provider.type() == type);
        } catch (ServiceConfigurationError broken) {
            throw new AssertionError("a META-INF/services/dev.creor.spi.ProviderFactory file on the class path is "
                    + "broken: " + broken.getMessage(), broken);
        }
        assertThat(listed)
                .withFailMessage("%s is not listed in META-INF/services/dev.creor.spi.ProviderFactory, so Creor "
                        + "will not find it; add a line with its fully qualified name to "
                        + "src/main/resources/META-INF/services/dev.creor.spi.ProviderFactory", type.getName())
                .isTrue();
    }

    /**
     * The config schema is a strict JSON object, a valid and self-contained draft-07 schema of
     * {@code "type": "object"}, and accepts the options of {@link #chatScenario()}.
     */
    @Test
    public final void configSchemaIsAValidDraft07SchemaAcceptingTheTestOptions() {
        Schema schema = ConfigSchemaCheck.load(factory().descriptor().configSchema());
        Map<String, Object> section = new LinkedHashMap<>();
        Map<String, Object> options = chatScenario().settings().options();
        if (!options.isEmpty()) {
            section.put("options", options);
        }
        ConfigSchemaCheck.rejection(schema, section).ifPresent(reason -> fail("the config schema rejects the "
                + "options of chatScenario(), which the provider works with: " + reason));
    }

    // ---- answers ----------------------------------------------------------------------------

    /** A whole answer has text (the expected text, when given), a normal finish, usage and the provider's id. */
    @Test
    public final void chatAnswersWithTextAndUsage() {
        Scenario scenario = chatScenario();
        ChatResponse response = await(provider(scenario.settings()).chatModel().chat(scenario.request()), "chat()");
        assertText(response.text(), scenario, "chat()");
        assertThat(response.finishReason()).as("the finish reason of chat()").isNotEqualTo(FinishReason.ERROR);
        assertMetadata(response.metadata(), "chat()");
    }

    /**
     * Every kind of content part is either sent or refused as {@link ErrorCode#INVALID_REQUEST}
     * with a message naming the kind of part, never dropped without a word: images (bytes and
     * URL), a PDF file, a cache breakpoint, an earlier tool call with its result, and an earlier
     * turn's reasoning.
     */
    @Test
    public final void eachKindOfContentPartIsSentOrRefusedNamingThePart() {
        Scenario scenario = chatScenario();
        Provider provider = provider(scenario.settings());
        ToolCall call = new ToolCall("call_contract_1", "lookup", "{\"q\":\"contract\"}");
        List<Map.Entry<String, List<Message>>> variants = new ArrayList<>();
        variants.add(Map.entry("image", List.of(Message.builder(Role.USER).text("What is in this image?")
                .image(Message.Media.bytes(TINY_PNG, "image/png")).build())));
        variants.add(Map.entry("image", List.of(Message.builder(Role.USER).text("What is in this image?")
                .image(Message.Media.url(URI.create("https://example.com/contract.png"))).build())));
        variants.add(Map.entry("file", List.of(Message.builder(Role.USER).text("Summarise this file.")
                .file(Message.Media.bytes(TINY_PDF, "application/pdf"), "contract.pdf").build())));
        variants.add(Map.entry("cache", List.of(Message.builder(Role.USER).text(Scenario.DEFAULT_PROMPT)
                .cacheBreakpoint(Message.CacheBreakpoint.FIVE_MINUTES).build())));
        variants.add(Map.entry("tool", List.of(Message.user("Look it up."), Message.assistant("", List.of(call)),
                Message.tool(call.id(), "{\"found\":true}"), Message.user(Scenario.DEFAULT_PROMPT))));
        variants.add(Map.entry("reasoning", List.of(Message.user("First?"), Message.builder(Role.ASSISTANT).text("One.")
                        .reasoning(new Message.Reasoning("Counting.", "", List.of("{\"type\":\"reasoning.text\","
                                + "\"text\":\"Counting.\",\"index\":0}"))).build(),
                Message.user(Scenario.DEFAULT_PROMPT))));
        for (Map.Entry<String, List<Message>> variant : variants) {
            List<Message> messages = new ArrayList<>(scenario.request().messages());
            messages.addAll(variant.getValue());
            ChatRequest request = scenario.request().toBuilder().messages(messages).build();
            String what = "chat() with a " + variant.getKey() + " part";
            try {
                ChatResponse response = provider.chatModel().chat(request).toCompletableFuture()
                        .get(timeout().toMillis(), TimeUnit.MILLISECONDS);
                assertThat(response.finishReason()).as("the finish reason of " + what).isNotEqualTo(FinishReason.ERROR);
            } catch (ExecutionException | CompletionException failed) {
                Throwable cause = failed.getCause() == null ? failed : failed.getCause();
                assertThat(cause).as(what + " failed; a part a provider cannot send must fail as a CreorException")
                        .isInstanceOf(CreorException.class);
                CreorException error = (CreorException) cause;
                assertThat(error.code()).as(what + " failed: " + error.describe()).isEqualTo(ErrorCode.INVALID_REQUEST);
                assertThat(error.getMessage()).as("the refusal of " + what + " names the part").contains(variant.getKey());
            } catch (TimeoutException late) {
                throw new AssertionError(what + " did not complete within " + timeout(), late);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, interrupted);
            }
        }
    }

    /** A provider accepts its own answer, as an assistant message, as the next turn's history. */
    @Test
    public final void anAnswerGoesBackAsTheNextTurn() {
        Scenario scenario = chatScenario();
        Provider provider = provider(scenario.settings());
        ChatResponse first = await(provider.chatModel().chat(scenario.request()), "chat()");
        assertThat(first.message().role()).as("the role of the answer's message").isEqualTo(Role.ASSISTANT);
        assertThat(first.message().text()).as("the answer's message holds its text").isEqualTo(first.text());

        ChatRequest next = scenario.request().toBuilder().addMessage(first.message())
                .addMessage(Message.user(Scenario.DEFAULT_PROMPT)).build();
        ChatResponse second = await(provider.chatModel().chat(next), "chat() with the first answer as history");
        assertThat(second.finishReason()).isNotEqualTo(FinishReason.ERROR);
    }

    /**
     * Tool-call deltas carry indexes from 0 and assemble into the calls of the whole answer, and
     * the answer followed by a result for each call is accepted as the next turn (see
     * {@link #toolCallScenario()}).
     */
    @Test
    public final void toolCallDeltasAssembleIntoTheWholeAnswersCallsAndTheLoopGoesOn() {
        Scenario scenario = toolCallScenario().orElse(null);
        Assumptions.assumeTrue(scenario != null, "the provider offers no tool-call scenario");
        Provider provider = provider(scenario.settings());
        ChatResponse whole = await(provider.chatModel().chat(scenario.request()), "chat()");
        assertThat(whole.toolCalls()).as("the tool calls of chat()").isNotEmpty();
        assertThat(whole.finishReason()).as("the finish reason of an answer that called tools")
                .isEqualTo(FinishReason.TOOL_CALLS);

        RecordingSubscriber<ChatEvent> subscriber = new RecordingSubscriber<>();
        provider.chatModel().stream(scenario.request()).subscribe(subscriber);
        subscriber.request(Long.MAX_VALUE);
        subscriber.awaitTermination(timeout());
        List<ChatEvent> events = subscriber.events();
        for (ChatEvent event : events) {
            if (event instanceof ChatEvent.ToolCallDelta delta) {
                assertThat(delta.index()).as("a tool-call delta's index").isBetween(0, whole.toolCalls().size() - 1);
            }
        }
        ChatResponseCollector collector = new ChatResponseCollector();
        events.forEach(collector::accept);
        ChatResponse streamed = collector.response().orElseThrow(() -> new AssertionError(
                "the stream of the tool-call scenario did not complete: " + events));
        assertThat(streamed.toolCalls()).as("the streamed calls, by name and arguments")
                .extracting(ToolCall::name, ToolCall::arguments)
                .isEqualTo(whole.toolCalls().stream().map(c -> Tuple.tuple(c.name(), c.arguments())).toList());

        ChatRequest.Builder next = scenario.request().toBuilder().addMessage(whole.message());
        for (ToolCall call : whole.toolCalls()) {
            next.addMessage(Message.tool(call.id(), "{\"ok\":true}"));
        }
        await(provider.chatModel().chat(next.build()), "chat() with the tool results");
    }

    /**
     * Reasoning details assemble from a stream exactly as a whole answer gives them, and go back
     * in the next turn without the provider refusing them (see {@link #reasoningScenario()}).
     */
    @Test
    public final void reasoningDetailsAssembleExactlyAndGoBackInTheNextTurn() {
        Scenario scenario = reasoningScenario().orElse(null);
        Assumptions.assumeTrue(scenario != null, "the provider offers no reasoning scenario");
        Provider provider = provider(scenario.settings());
        ChatResponse whole = await(provider.chatModel().chat(scenario.request()), "chat()");
        List<String> details = whole.message().reasoning().map(Message.Reasoning::details).orElse(List.of());
        assertThat(details).as("the reasoning details of chat()").isNotEmpty();

        ChatResponse streamed = await(ChatResponseCollector.collect(provider.chatModel().stream(scenario.request())),
                "stream()");
        assertThat(streamed.message().reasoning().map(Message.Reasoning::details).orElse(List.of()))
                .as("the reasoning details assembled from stream(), character for character").isEqualTo(details);

        ChatRequest next = scenario.request().toBuilder().addMessage(whole.message())
                .addMessage(Message.user(Scenario.DEFAULT_PROMPT)).build();
        await(provider.chatModel().chat(next), "chat() with the reasoning sent back");
    }

    /**
     * Consumed one event at a time, a stream delivers its deltas in order (making up the
     * expected text, when given), then exactly one {@link ChatEvent.Completed} with usage, then
     * {@code onComplete}, never exceeding the demand and never signalling two events at once.
     */
    @Test
    public final void streamDeliversDeltasInOrderThenOneCompletedThenOnComplete() {
        Scenario scenario = chatScenario();
        RecordingSubscriber<ChatEvent> subscriber = new RecordingSubscriber<>();
        provider(scenario.settings()).chatModel().stream(scenario.request()).subscribe(subscriber);

        List<ChatEvent> events = consumeOneByOne(subscriber);

        ChatEvent last = events.get(events.size() - 1);
        if (last instanceof ChatEvent.Failed failed) {
            fail("the stream of chatScenario() failed: " + failed.error().describe(), failed.error());
        }
        assertThat(last).as("the last event").isInstanceOf(ChatEvent.Completed.class);
        StringBuilder text = new StringBuilder();
        int textDeltas = 0;
        for (ChatEvent event : events.subList(0, events.size() - 1)) {
            assertThat(event).as("an event before the end").isInstanceOfAny(ChatEvent.TextDelta.class,
                    ChatEvent.ReasoningDelta.class, ChatEvent.ToolCallDelta.class);
            if (event instanceof ChatEvent.TextDelta delta) {
                text.append(delta.text());
                textDeltas++;
            }
        }
        assertThat(textDeltas).as("text deltas before Completed").isPositive();
        assertText(text.toString(), scenario, "the stream's text deltas, joined in order,");
        assertMetadata(((ChatEvent.Completed) last).metadata(), "the stream's Completed event");
    }

    /**
     * A stream accepts a single subscriber: a second one is told so with {@code onError}, and
     * receives no event.
     */
    @Test
    public final void aStreamAcceptsOneSubscriberOnly() {
        Scenario scenario = chatScenario();
        var publisher = provider(scenario.settings()).chatModel().stream(scenario.request());
        RecordingSubscriber<ChatEvent> first = new RecordingSubscriber<>();
        RecordingSubscriber<ChatEvent> second = new RecordingSubscriber<>();
        publisher.subscribe(first);
        publisher.subscribe(second);

        try {
            second.awaitTermination(timeout());
        } catch (IllegalStateException late) {
            throw new AssertionError("a second subscriber of one stream got no onError within " + timeout()
                    + "; ChatModel.stream accepts a single subscriber and must refuse any other with onError", late);
        }
        assertThat(second.error()).as("onError for the second subscriber of one stream").isPresent();
        assertThat(second.events()).as("events delivered to the second subscriber").isEmpty();
        assertThat(second.violations()).as("Reactive Streams rules broken towards the second subscriber").isEmpty();
        first.cancel();
    }

    /** Requesting zero events ends the stream with {@code onError(IllegalArgumentException)} (rule 3.9). */
    @Test
    public final void aStreamRejectsANonPositiveRequest() {
        Scenario scenario = chatScenario();
        RecordingSubscriber<ChatEvent> subscriber = new RecordingSubscriber<>();
        provider(scenario.settings()).chatModel().stream(scenario.request()).subscribe(subscriber);

        subscriber.request(0);

        try {
            subscriber.awaitTermination(timeout());
        } catch (IllegalStateException late) {
            throw new AssertionError("request(0) did not end the stream within " + timeout() + "; it must end it with "
                    + "onError(IllegalArgumentException) (Reactive Streams rule 3.9)", late);
        }
        assertThat(subscriber.error()).as("the stream's onError after request(0)")
                .containsInstanceOf(IllegalArgumentException.class);
        assertThat(subscriber.violations()).as("Reactive Streams rules broken").isEmpty();
    }

    /**
     * Cancelling a stream in the middle stops delivery, ignores later requests and closes the
     * stream's connection (checked when the backend counts its connections).
     */
    @Test
    public final void cancellingAStreamStopsDeliveryAndClosesItsConnection() {
        Scenario scenario = longStreamScenario();
        Optional<OpenConnections> connections = openConnections();
        connections.ifPresent(counter -> awaitConnections(counter, 0, "before the stream, with no provider open"));
        RecordingSubscriber<ChatEvent> subscriber = new RecordingSubscriber<>();
        provider(scenario.settings()).chatModel().stream(scenario.request()).subscribe(subscriber);

        subscriber.request(1);
        awaitEvents(subscriber, 1);
        subscriber.request(1);
        List<ChatEvent> received = awaitEvents(subscriber, 2);
        assertThat(received).as("the first two events of longStreamScenario(), which must go on for at least "
                        + LONG_STREAM_MINIMUM_EVENTS + " events")
                .noneMatch(event -> event instanceof ChatEvent.Completed || event instanceof ChatEvent.Failed);
        connections.ifPresent(counter -> assertThat(counter.count())
                .withFailMessage("no connection to the backend is open in the middle of a stream; a stream must "
                        + "read as it is consumed, not buffer the whole answer")
                .isPositive());

        subscriber.cancel();
        connections.ifPresent(counter -> awaitConnections(counter, 0, "after the stream was cancelled"));
        subscriber.request(10);

        assertThat(subscriber.violations()).as("Reactive Streams rules broken around cancel()").isEmpty();
        assertThat(subscriber.events()).as("events after cancel()").hasSize(2);
        assertThat(subscriber.error()).as("onError after cancel()").isEmpty();
    }

    // ---- failures ---------------------------------------------------------------------------

    /** A rejected credential is {@link ErrorCode#AUTH_INVALID}, not retryable, and no message shows it. */
    @Test
    public final void aRejectedCredentialIsAuthInvalidAndNotRetryable() {
        Optional<Scenario> scenario = rejectedCredentialScenario();
        if (scenario.isEmpty()) {
            assertThat(factory().descriptor().requiresCredential())
                    .withFailMessage("the provider requires a credential, so rejectedCredentialScenario() must say how "
                            + "its backend rejects one")
                    .isFalse();
            Assumptions.abort("rejectedCredentialScenario() is empty: the provider has no credential to reject");
        }
        for (CreorException error : failures(scenario.get(), ErrorCode.AUTH_INVALID)) {
            assertThat(error.retryable()).as("retryable(), for a rejected credential").isFalse();
            Optional<Secret> credential = scenario.get().settings().credential();
            if (credential.isPresent()) {
                String everything = error.describe() + " " + error;
                assertThat(everything).as("the error's message, hint and text").doesNotContain(credential.get().reveal());
            }
        }
    }

    /** A rate limit is {@link ErrorCode#RATE_LIMITED}, retryable, with the {@code Retry-After} the backend sent. */
    @Test
    public final void aRateLimitIsRetryableAfterTheTimeTheBackendAskedFor() {
        Scenario scenario = assumePresent(rateLimitedScenario(RETRY_AFTER), "rateLimitedScenario");
        for (CreorException error : failures(scenario, ErrorCode.RATE_LIMITED)) {
            assertThat(error.retryable()).as("retryable(), for a rate limit").isTrue();
            assertThat(error.retryAfter()).as("retryAfter(), when the backend sent Retry-After: "
                    + RETRY_AFTER.toSeconds()).contains(RETRY_AFTER);
        }
    }

    /** A rate limit without {@code Retry-After} is {@link ErrorCode#RATE_LIMITED}, retryable, with no wait. */
    @Test
    public final void aRateLimitWithoutRetryAfterIsRetryable() {
        Scenario scenario = assumePresent(rateLimitedWithoutRetryAfterScenario(), "rateLimitedWithoutRetryAfterScenario");
        for (CreorException error : failures(scenario, ErrorCode.RATE_LIMITED)) {
            assertThat(error.retryable()).as("retryable(), for a rate limit").isTrue();
            assertThat(error.retryAfter()).as("retryAfter(), when the backend sent none").isEmpty();
        }
    }

    /** An unavailable backend is {@link ErrorCode#PROVIDER_UNAVAILABLE} and retryable. */
    @Test
    public final void anUnavailableBackendIsRetryable() {
        Scenario scenario = assumePresent(unavailableScenario(), "unavailableScenario");
        for (CreorException error : failures(scenario, ErrorCode.PROVIDER_UNAVAILABLE)) {
            assertThat(error.retryable()).as("retryable(), for an unavailable backend").isTrue();
        }
    }

    // ---- the catalog and the rest of the provider -------------------------------------------

    /** The catalog lists models, each once, each under the provider's id, and finds them by id. */
    @Test
    public final void modelListingIsNonEmptyAndCarriesTheProviderId() {
        String id = factory().id();
        Provider provider = provider(chatScenario().settings());
        List<ModelInfo> models = await(provider.catalog().models(), "catalog().models()");
        assertThat(models).as("catalog().models()").isNotEmpty();
        assertThat(models).as("the models' references").allSatisfy(model -> assertThat(model.ref().provider())
                .as("the provider part of " + model.ref()).isEqualTo(id));
        assertThat(models.stream().map(ModelInfo::ref).distinct().count()).as("distinct model references")
                .isEqualTo(models.size());
        String first = models.get(0).ref().model();
        assertThat(await(provider.catalog().find(first), "catalog().find(\"" + first + "\")"))
                .as("catalog().find(\"" + first + "\")").isPresent();
    }

    /** A key inspector is offered exactly when the descriptor declares {@link Capability#KEY_INFO}. */
    @Test
    public final void keyInspectorIsOfferedExactlyWhenTheDescriptorSaysKeyInfo() {
        boolean declared = factory().descriptor().has(Capability.KEY_INFO);
        assertThat(provider(chatScenario().settings()).keyInspector().isPresent())
                .withFailMessage(declared ? "the descriptor declares KEY_INFO but keyInspector() is empty"
                        : "keyInspector() is present but the descriptor does not declare KEY_INFO")
                .isEqualTo(declared);
    }

    /**
     * After answering, streaming and listing models, {@link Provider#close()} stops every thread
     * the provider started and closes its connections; a second {@code close()} does no harm.
     */
    @Test
    public final void closeStopsEveryThreadTheProviderStartedAndMayBeRepeated() {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        Scenario scenario = chatScenario();
        Provider provider = provider(scenario.settings());
        await(provider.chatModel().chat(scenario.request()), "chat()");
        RecordingSubscriber<ChatEvent> subscriber = new RecordingSubscriber<>();
        provider.chatModel().stream(scenario.request()).subscribe(subscriber);
        consumeOneByOne(subscriber);
        await(provider.catalog().models(), "catalog().models()");

        provider.close();
        provider.close();

        long deadline = System.nanoTime() + timeout().toNanos();
        List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread))
                .filter(thread -> RUNTIME_THREAD_PREFIXES.stream().noneMatch(thread.getName()::startsWith))
                .sorted(Comparator.comparing(Thread::getName))
                .toList();
        for (Thread thread : started) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                thread.join(Math.max(1, remaining));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the provider's threads", interrupted);
            }
        }
        List<String> survivors = started.stream().filter(Thread::isAlive)
                .map(thread -> thread.getName() + " (" + thread.getState() + (thread.isDaemon() ? ", daemon" : "") + ")")
                .toList();
        assertThat(survivors).withFailMessage("close() returned, but these threads the provider started were still "
                + "running %s later: %s; stop them in close(), or run the work on the context's scheduler and "
                + "blocking executor", timeout(), survivors).isEmpty();
        openConnections().ifPresent(counter -> awaitConnections(counter, 0, "after close()"));
    }

    // ---- helpers ----------------------------------------------------------------------------

    /**
     * Closes the suite's Vert.x and waits for its threads to end: Netty starts an event loop that
     * never ran (the acceptor's) just to shut it down, and that thread must not outlive this test
     * into the next one's thread check.
     */
    private void closeVertx() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(VERTX_LIFECYCLE.toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + VERTX_LIFECYCLE.toNanos();
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (!threadsBeforeVertx.contains(thread) && thread.getName().startsWith("vert.x-")) {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException notClosed) {
            throw new AssertionError("the suite's Vert.x did not close within " + VERTX_LIFECYCLE, notClosed);
        }
    }

    private List<ChatEvent> consumeOneByOne(RecordingSubscriber<ChatEvent> subscriber) {
        int count = 0;
        while (true) {
            subscriber.request(1);
            List<ChatEvent> events;
            try {
                events = subscriber.awaitEvents(count + 1, timeout());
            } catch (IllegalStateException stopped) {
                throw new AssertionError(streamEndedEarly(subscriber, stopped), stopped);
            }
            ChatEvent event = events.get(count++);
            if (event instanceof ChatEvent.Completed || event instanceof ChatEvent.Failed) {
                break;
            }
        }
        try {
            subscriber.awaitTermination(timeout());
        } catch (IllegalStateException late) {
            throw new AssertionError("the stream delivered its " + subscriber.events().get(count - 1).getClass()
                    .getSimpleName() + " event but did not call onComplete within " + timeout() + "; onComplete "
                    + "must follow the Completed or Failed event (it needs no demand), and nothing may come between",
                    late);
        }
        assertThat(subscriber.error()).withFailMessage("the stream ended with onError(%s) after its last event; it "
                + "must end with onComplete", subscriber.error().orElse(null)).isEmpty();
        assertThat(subscriber.violations()).as("Reactive Streams rules broken").isEmpty();
        return subscriber.events();
    }

    private String streamEndedEarly(RecordingSubscriber<ChatEvent> subscriber, IllegalStateException stopped) {
        Optional<Throwable> error = subscriber.error();
        if (error.isPresent()) {
            return "the stream ended with onError(" + error.get() + ") after " + subscriber.events().size()
                    + " events; a failure must be a ChatEvent.Failed event followed by onComplete";
        }
        if (subscriber.isCompleted()) {
            return "the stream ended with onComplete after " + subscriber.events().size() + " events, without a "
                    + "Completed or Failed event";
        }
        return stopped.getMessage() + "; does the stream deliver the next event when one more is requested?";
    }

    private List<ChatEvent> awaitEvents(RecordingSubscriber<ChatEvent> subscriber, int count) {
        try {
            return subscriber.awaitEvents(count, timeout());
        } catch (IllegalStateException stopped) {
            throw new AssertionError(streamEndedEarly(subscriber, stopped), stopped);
        }
    }

    /** The failure of the scenario as a whole answer and as a stream; both must have the code. */
    private List<CreorException> failures(Scenario scenario, ErrorCode code) {
        Provider provider = provider(scenario.settings());
        CreorException fromChat = awaitFailure(provider.chatModel().chat(scenario.request()), "chat()");
        assertThat(fromChat.code()).withFailMessage("chat() failed with %s, not %s: %s", fromChat.code(), code,
                fromChat.describe()).isEqualTo(code);

        RecordingSubscriber<ChatEvent> subscriber = new RecordingSubscriber<>();
        provider.chatModel().stream(scenario.request()).subscribe(subscriber);
        List<ChatEvent> events = consumeOneByOne(subscriber);
        ChatEvent last = events.get(events.size() - 1);
        assertThat(last).withFailMessage("the stream ended with %s, not with a Failed event of %s", last, code)
                .isInstanceOf(ChatEvent.Failed.class);
        CreorException fromStream = ((ChatEvent.Failed) last).error();
        assertThat(fromStream.code()).withFailMessage("the stream failed with %s, not %s: %s", fromStream.code(),
                code, fromStream.describe()).isEqualTo(code);
        return List.of(fromChat, fromStream);
    }

    private <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException failed) {
            Throwable cause = failed.getCause() == null ? failed : failed.getCause();
            String description = cause instanceof CreorException error ? error.describe() : cause.toString();
            throw new AssertionError(what + " failed: " + description, cause);
        } catch (TimeoutException late) {
            throw new AssertionError(what + " did not complete within " + timeout(), late);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, interrupted);
        }
    }

    private CreorException awaitFailure(CompletionStage<?> stage, String what) {
        Object result;
        try {
            result = stage.toCompletableFuture().get(timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException failed) {
            Throwable cause = failed.getCause() == null ? failed : failed.getCause();
            if (cause instanceof CreorException error) {
                return error;
            }
            throw new AssertionError(what + " failed with " + cause + ", not with a CreorException", cause);
        } catch (TimeoutException late) {
            throw new AssertionError(what + " did not complete within " + timeout(), late);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, interrupted);
        }
        throw new AssertionError(what + " succeeded (" + result + ") where the backend was set up to fail");
    }

    private void assertText(String text, Scenario scenario, String what) {
        if (scenario.expectedText().isPresent()) {
            assertThat(text).as("the text of " + what).isEqualTo(scenario.expectedText().get());
        } else {
            assertThat(text).as("the text of " + what).isNotBlank();
        }
    }

    private void assertMetadata(ResponseMetadata metadata, String what) {
        Usage usage = metadata.usage();
        assertThat(usage.promptTokens()).as("the prompt tokens in the usage of " + what).isPositive();
        assertThat(usage.completionTokens()).as("the completion tokens in the usage of " + what).isPositive();
        ModelRef served = metadata.servedModel();
        assertThat(served.provider()).as("the provider of the served model of " + what).isEqualTo(factory().id());
    }

    private void awaitConnections(OpenConnections counter, int expected, String when) {
        try {
            counter.awaitCount(expected, timeout());
        } catch (RuntimeException late) {
            throw new AssertionError(expected + " open connections expected " + when + ", but " + counter.count()
                    + " stayed open: " + late.getMessage(), late);
        }
    }

    private static void assertHttpUrl(URI url, String name) {
        assertThat(url.isAbsolute() && url.getHost() != null
                && ("https".equals(url.getScheme()) || "http".equals(url.getScheme())))
                .withFailMessage("%s %s is not an absolute http(s) URL with a host", name, url)
                .isTrue();
    }

    private static Scenario assumePresent(Optional<Scenario> scenario, String hook) {
        Assumptions.assumeTrue(scenario.isPresent(), hook + "() is empty: the backend cannot be made to fail this way");
        return scenario.get();
    }

    private static ThreadFactory threads(String purpose) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, SUITE_THREAD_PREFIX + purpose + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException error) {
            throw error.getCause();
        }
    }
}
