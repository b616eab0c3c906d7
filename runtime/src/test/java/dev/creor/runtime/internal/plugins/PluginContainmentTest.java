package dev.creor.runtime.internal.plugins;

import static dev.creor.runtime.internal.plugins.PluginFixtures.PACKAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creor.core.CreorException;
import dev.creor.core.Environment;
import dev.creor.core.ErrorCode;
import dev.creor.core.ModelRef;
import dev.creor.core.Scheduler;
import dev.creor.core.Secret;
import dev.creor.core.chat.ChatEvent;
import dev.creor.core.chat.ChatRequest;
import dev.creor.core.chat.Message;
import dev.creor.runtime.internal.plugins.PluginProblem.Severity;
import dev.creor.spi.Provider;
import dev.creor.spi.ProviderContext;
import dev.creor.spi.ProviderFactory;
import dev.creor.spi.ProviderSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14, item 3: one broken plugin never stops the others or the command. Each test is an
 * attack that got through before: an error the JVM throws, a call that never returns, a zip
 * bomb, a class that would end the JVM, a plugin built for another SPI.
 */
class PluginContainmentTest {
    /** Short, so blocked calls are given up on quickly; long enough for a loaded machine to load a class. */
    private static final Duration LIMIT = Duration.ofMillis(1500);

    @TempDir
    static Path build;
    private static HostilePluginJars jars;
    private static Path classes;
    private static ScheduledExecutorService timers;

    @TempDir
    Path home;
    @TempDir
    Path plugins;
    /** Released after each test, so plugin threads blocked on purpose end with it. */
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void compileFixtures() {
        jars = HostilePluginJars.compiledIn(build);
        classes = build.resolve("fixture-classes");
        timers = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopTimers() {
        timers.shutdownNow();
    }

    @BeforeEach
    void blockedPluginCodeWaitsForThisTest() {
        System.getProperties().put(PluginFixtures.RELEASE, release);
    }

    @AfterEach
    void releaseBlockedPluginCode() {
        release.countDown();
        System.getProperties().remove(PluginFixtures.RELEASE);
    }

    // ---- discovery ----------------------------------------------------------------------------

    static Stream<Arguments> factoriesThatThrowErrors() {
        String refused = "which would end Creor itself, so Creor refuses to load it: a provider reports failures as "
                + "errors and leaves the process alone";
        String unloadable = "plugin jar {jar}: a class that META-INF/services/dev.creor.spi.ProviderFactory names "
                + "cannot be loaded: ";
        return Stream.of(
                Arguments.of("OverflowingConstructorFactory", "provider factory " + PACKAGE
                        + "OverflowingConstructorFactory in plugin jar {jar} could not be created: StackOverflowError"),
                Arguments.of("OutOfMemoryConstructorFactory", "provider factory " + PACKAGE
                        + "OutOfMemoryConstructorFactory in plugin jar {jar} could not be created: OutOfMemoryError: "
                        + "Requested array size exceeds VM limit"),
                Arguments.of("MissingClassConstructorFactory", "provider factory " + PACKAGE
                        + "MissingClassConstructorFactory in plugin jar {jar} could not be created: it needs class "
                        + "org.example.lib.Helper, which is neither in the plugin jar nor in Creor; bundle the plugin's "
                        + "dependencies into its jar (e.g. with the maven-shade-plugin)"),
                Arguments.of("OverflowingDescriptorFactory", "provider \"overflowing-descriptor\" (" + PACKAGE
                        + "OverflowingDescriptorFactory in plugin jar {jar}) failed in descriptor(): StackOverflowError"),
                Arguments.of("OutOfMemoryIdFactory", "provider factory " + PACKAGE + "OutOfMemoryIdFactory in plugin jar "
                        + "{jar} failed in id(): OutOfMemoryError: simulated: id ran out of memory"),
                Arguments.of("RemovedSpiMethodFactory", "provider \"removed-spi-method\" (" + PACKAGE
                        + "RemovedSpiMethodFactory in plugin jar {jar}) failed in descriptor(): it was built for another "
                        + "SPI (NoSuchMethodError: 'java.lang.String dev.creor.core.internal.Suggestions.removedInThisCreor()'"
                        + "); rebuild it against creor-provider-spi " + ProviderFactory.spiArtifactVersion() + " (SPI "
                        + ProviderFactory.spiVersion() + "), or get a build of it made for this Creor"),
                Arguments.of("ExitingConstructorFactory", unloadable + "its class " + PACKAGE
                        + "ExitingConstructorFactory calls System.exit, " + refused),
                Arguments.of("HaltingCreateFactory", unloadable + "its class " + PACKAGE
                        + "HaltingCreateFactory calls Runtime.halt, " + refused),
                Arguments.of("ExitReferenceFactory", unloadable + "its class " + PACKAGE
                        + "ExitReferenceFactory calls System.exit, " + refused));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("factoriesThatThrowErrors")
    void aFactoryThatThrowsAnErrorIsAProblemOfItsJarAndTheOthersLoad(String factory, String expected) {
        goodJar();
        Path jar = jars.jar(plugins.resolve("hostile.jar"), factory);

        try (DiscoveredProviders discovered = discover(LIMIT)) {
            assertThat(discovered.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.severity()).isEqualTo(Severity.ERROR);
                assertThat(problem.origin()).isEqualTo(Origin.jar(jar));
                assertThat(problem.message()).isEqualTo(expected.replace("{jar}", jar.toString()));
            });
            assertThat(discovered.require("good").descriptor().displayName()).isEqualTo("Good");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "BlockingConstructorFactory, creating a provider factory",
        "BlockingDescriptorFactory, " + PACKAGE + "BlockingDescriptorFactory.descriptor()",
    })
    void aFactoryThatNeverReturnsIsSkippedAfterTheTimeLimitAndTheOthersLoad(String factory, String call) {
        goodJar();
        Path jar = jars.jar(plugins.resolve("hostile.jar"), "SecondFactory", factory);

        long started = System.nanoTime();
        try (DiscoveredProviders discovered = discover(LIMIT)) {
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("discovery gave up on the blocked call instead of waiting for it").isLessThan(Duration.ofSeconds(30));
            assertThat(discovered.problems()).singleElement().satisfies(problem -> {
                assertThat(problem.origin()).isEqualTo(Origin.jar(jar));
                assertThat(problem.message()).startsWith("plugin jar " + jar + " did not answer within 1500 ms: "
                                + call + " is still running (in " + PACKAGE + "Block.untilReleased(Block.java:")
                        .endsWith("), so the jar is skipped (and with it \"second\"); a factory's constructor, id() and "
                                + "descriptor() must return at once (CREOR_PLUGIN_TIMEOUT_MS sets the limit in "
                                + "milliseconds)");
            });
            assertThat(discovered.provider("good")).isPresent();
            assertThat(discovered.provider("second")).as("nothing of a stuck jar is used").isEmpty();
        }
    }

    @Test
    void aServiceFileThatInflatesBeyondItsLimitIsRefusedBeforeItIsRead() throws IOException {
        goodJar();
        Path bomb = HostilePluginJars.serviceFileBomb(plugins.resolve("bomb.jar"));
        assertThat(Files.size(bomb)).as("a zip bomb: small on disk").isLessThan(4096);

        try (DiscoveredProviders discovered = discover(LIMIT)) {
            assertThat(discovered.problems()).extracting(PluginProblem::message).containsExactly("plugin jar " + bomb
                    + " is refused: its entry META-INF/services/dev.creor.spi.ProviderFactory inflates to more than "
                    + "64 KB, far more than a real jar holds there, so Creor reads no further (a zip bomb, or a broken "
                    + "build): rebuild the jar, or remove it");
            assertThat(discovered.provider("good")).isPresent();
        }
    }

    @Test
    void aManifestOrClassFileThatInflatesBeyondItsLimitIsRefused() {
        byte[] nineMegabytes = new byte[9 * 1024 * 1024];
        Path manifestBomb = PluginJars.jar(plugins.resolve("manifest-bomb.jar"))
                .classes(classes, PACKAGE + "SecondFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "SecondFactory")
                .bytes("META-INF/SIGNER.SF", nineMegabytes)
                .write();
        Path classBomb = PluginJars.jar(plugins.resolve("class-bomb.jar"))
                .classes(classes, PACKAGE + "FixedProvider")
                .service(PACKAGE + "HugeFactory")
                .bytes("com/example/plugins/HugeFactory.class", nineMegabytes)
                .write();

        try (DiscoveredProviders discovered = discover(LIMIT)) {
            assertThat(discovered.problems()).extracting(PluginProblem::message).containsExactly(
                    "plugin jar " + classBomb + ": a class that META-INF/services/dev.creor.spi.ProviderFactory names "
                            + "cannot be loaded: its class " + PACKAGE + "HugeFactory inflates to more than 8 MB, so "
                            + "Creor refuses to load it: no real class file is that large; rebuild the jar",
                    "plugin jar " + manifestBomb + " is refused: its entry META-INF/SIGNER.SF inflates to more than 8 MB, "
                            + "far more than a real jar holds there, so Creor reads no further (a zip bomb, or a broken "
                            + "build): rebuild the jar, or remove it");
        }
    }

    @Test
    void manyMetadataEntriesEachWithinTheLimitAreRefusedTogether() {
        byte[] sevenMegabytes = new byte[7 * 1024 * 1024];
        PluginJars.Builder builder = PluginJars.jar(plugins.resolve("many-entries.jar"))
                .classes(classes, PACKAGE + "SecondFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "SecondFactory");
        for (int i = 0; i < 5; i++) {
            builder.bytes("META-INF/NOTICE-" + i + ".txt", sevenMegabytes);
        }
        Path jar = builder.write();

        try (DiscoveredProviders discovered = discover(LIMIT)) {
            assertThat(discovered.problems()).extracting(PluginProblem::message).containsExactly("plugin jar " + jar
                    + " is refused: the entries directly in its META-INF/ together inflate to more than 32 MB, far more "
                    + "than a real jar holds there, so Creor reads no further (a zip bomb, or a broken build): rebuild "
                    + "the jar, or remove it");
        }
    }

    // ---- creating the provider ------------------------------------------------------------------

    static Stream<Arguments> createsThatThrowErrors() {
        return Stream.of(
                Arguments.of("OverflowingCreateFactory", "overflowing-create", "StackOverflowError"),
                Arguments.of("MissingClassCreateFactory", "missing-class-create", "it needs class org.example.lib.Helper, "
                        + "which is neither in the plugin jar nor in Creor; bundle the plugin's dependencies into its jar "
                        + "(e.g. with the maven-shade-plugin)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createsThatThrowErrors")
    void aCreateThatThrowsAnErrorIsAPluginErrorNamingTheJar(String factory, String id, String reason) {
        Path jar = jars.jar(plugins.resolve("hostile.jar"), factory);

        try (DiscoveredProviders discovered = discover(LIMIT)) {
            assertThatThrownBy(() -> create(discovered, id)).isInstanceOfSatisfying(CreorException.class, error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.PLUGIN_INVALID);
                assertThat(error.getMessage()).isEqualTo("provider \"" + id + "\" (" + PACKAGE + factory + ", " + jar
                        + ") failed to start: " + reason);
            });
        }
    }

    @Test
    void aCreateThatNeverReturnsFailsAfterTheTimeLimitAndWhatItReturnsLateIsClosed() throws Exception {
        Path jar = jars.jar(plugins.resolve("hostile.jar"), "BlockingCreateFactory");

        try (DiscoveredProviders discovered = discover(LIMIT)) {
            assertThatThrownBy(() -> create(discovered, "blocking-create"))
                    .isInstanceOfSatisfying(CreorException.class, error -> {
                        assertThat(error.code()).isEqualTo(ErrorCode.PLUGIN_INVALID);
                        assertThat(error.getMessage()).startsWith("provider \"blocking-create\" (" + PACKAGE
                                        + "BlockingCreateFactory, " + jar + ") failed to start: create(...) did not "
                                        + "return within 1500 ms (it is stuck in " + PACKAGE + "Block.untilReleased(")
                                .endsWith("); creating a provider must not block (CREOR_PLUGIN_TIMEOUT_MS sets the "
                                        + "limit in milliseconds)");
                    });

            CountDownLatch closed = new CountDownLatch(1);
            System.getProperties().put("creor.test.closed.blocking-create", closed);
            try {
                release.countDown();
                assertThat(closed.await(10, TimeUnit.SECONDS)).as("the provider create() returned late was closed").isTrue();
            } finally {
                System.getProperties().remove("creor.test.closed.blocking-create");
            }
        }
    }

    // ---- the created provider's ports -------------------------------------------------------------

    @Test
    void everyPortOfAProviderThatThrowsErrorsFailsAsACreorExceptionNamingTheJar() throws Exception {
        Path jar = jars.jar(plugins.resolve("hostile.jar"), "ThrowingPortsFactory");
        String provider = "provider \"throwing-ports\" (" + PACKAGE + "ThrowingPortsFactory, " + jar + ")";

        try (DiscoveredProviders discovered = discover(LIMIT);
             Provider ports = create(discovered, "throwing-ports")) {
            assertThat(chatFailure(ports, "overflow")).satisfies(error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
                assertThat(error.getMessage()).isEqualTo(provider + " failed in chat(): StackOverflowError");
                assertThat(error.hint()).hasValue("this is a defect of the provider: report it to its authors, or switch "
                        + "the provider off with disabled_providers");
            });
            assertThat(chatFailure(ports, "out-of-memory").getMessage())
                    .isEqualTo(provider + " failed in chat(): OutOfMemoryError: simulated: the plugin ran out of memory");
            assertThat(chatFailure(ports, "failed-future").getMessage())
                    .isEqualTo(provider + " failed in chat(): StackOverflowError");
            assertThat(chatFailure(ports, "missing-class")).satisfies(error -> {
                assertThat(error.code()).isEqualTo(ErrorCode.PLUGIN_INVALID);
                assertThat(error.getMessage()).isEqualTo(provider + " failed in chat(): it needs class "
                        + "org.example.lib.Gone, which is neither in the plugin jar nor in Creor; bundle the plugin's "
                        + "dependencies into its jar (e.g. with the maven-shade-plugin)");
            });

            assertThat(streamFailure(ports, "stream").getMessage())
                    .isEqualTo(provider + " failed in stream(): StackOverflowError");
            assertThat(streamFailure(ports, "subscribe").getMessage())
                    .isEqualTo(provider + " failed in a stream's subscribe(): StackOverflowError");
            assertThat(streamFailure(ports, "request").getMessage()).isEqualTo(provider + " failed in a stream's "
                    + "request(): it needs class org.example.lib.Gone, which is neither in the plugin jar nor in Creor; "
                    + "bundle the plugin's dependencies into its jar (e.g. with the maven-shade-plugin)");

            assertThat(failureOf(ports.catalog().models()).getMessage())
                    .isEqualTo(provider + " failed in catalog(): OutOfMemoryError: simulated: the catalog ran out of memory");
            assertThat(failureOf(ports.keyInspector().orElseThrow().inspect(Secret.of("sk-test-key"))).getMessage())
                    .isEqualTo(provider + " failed in keyInspector().inspect(): StackOverflowError");
        }
    }

    @Test
    void aProviderWhoseChatModelCallsSystemExitFailsItsRequestsInsteadOfEndingTheJvm() {
        Path jar = jars.jar(plugins.resolve("hostile.jar"), "ExitingChatFactory");

        try (DiscoveredProviders discovered = discover(LIMIT);
             Provider exiting = create(discovered, "exiting-chat")) {
            CreorException error = failureOf(exiting.chatModel().chat(request("any")));

            assertThat(error.code()).isEqualTo(ErrorCode.PLUGIN_INVALID);
            assertThat(error.getMessage()).isEqualTo("provider \"exiting-chat\" (" + PACKAGE + "ExitingChatFactory, "
                    + jar + ") failed in chatModel(): its class " + PACKAGE + "ExitingProvider$1 calls System.exit, "
                    + "which would end Creor itself, so Creor refuses to load it: a provider reports failures as errors "
                    + "and leaves the process alone");
        }
    }

    @Test
    void aProviderBuiltForAnotherSpiFailsItsCallsWithTheRebuildAdvice() throws Exception {
        Path oldSpi = PluginFixtures.compileOldSpiProvider(build.resolve("old-spi-classes"));
        Path jar = PluginJars.jar(plugins.resolve("old-spi.jar"))
                .classes(oldSpi, PACKAGE + "OldSpiFactory", PACKAGE + "OldSpiProvider")
                .service(PACKAGE + "OldSpiFactory")
                .write();

        try (DiscoveredProviders discovered = discover(LIMIT);
             Provider provider = create(discovered, "old-spi")) {
            CreorException error = failureOf(provider.catalog().models());

            assertThat(error.code()).isEqualTo(ErrorCode.PLUGIN_INVALID);
            assertThat(error.getMessage()).startsWith("provider \"old-spi\" (" + PACKAGE + "OldSpiFactory, " + jar
                            + ") failed in catalog(): it was built for another SPI (AbstractMethodError: ")
                    .contains("catalog()")
                    .endsWith("); rebuild it against creor-provider-spi " + ProviderFactory.spiArtifactVersion()
                            + " (SPI " + ProviderFactory.spiVersion() + "), or get a build of it made for this Creor");
        }
    }

    @Test
    void aCloseThatThrowsOrNeverReturnsNeitherThrowsNorBlocks() {
        jars.jar(plugins.resolve("hostile.jar"), "ThrowingPortsFactory", "BlockingCloseFactory");

        try (DiscoveredProviders discovered = discover(LIMIT)) {
            Provider throwing = create(discovered, "throwing-ports");
            Provider blocking = create(discovered, "blocking-close");

            throwing.close();
            long started = System.nanoTime();
            blocking.close();
            blocking.close();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("the blocked close() was given up on once, not waited for twice").isLessThan(Duration.ofSeconds(30));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void goodJar() {
        PluginJars.jar(plugins.resolve("a-good.jar"))
                .classes(classes, PACKAGE + "GoodFactory", PACKAGE + "FixedProvider")
                .service(PACKAGE + "GoodFactory")
                .write();
    }

    private DiscoveredProviders discover(Duration limit) {
        return ProviderDiscovery.builder(Environment.of(Map.of("CREOR_PLUGIN_PATH", plugins.toString())), home)
                .hostClassLoader(ProviderDiscoveryTest.WITHOUT_BUILT_INS)
                .callTimeLimit(limit)
                .build()
                .discover();
    }

    private Provider create(DiscoveredProviders discovered, String id) {
        return discovered.require(id).create(ProviderSettings.builder(id).build(),
                ProviderContext.builder(Scheduler.using(timers, Clock.systemUTC()), Runnable::run, home.resolve("cache"))
                        .build());
    }

    private static CreorException chatFailure(Provider provider, String model) {
        return failureOf(provider.chatModel().chat(request(model)));
    }

    private static CreorException failureOf(java.util.concurrent.CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            assertThat(failed.getCause()).isInstanceOf(CreorException.class);
            return (CreorException) failed.getCause();
        } catch (Exception other) {
            throw new AssertionError(other);
        }
        throw new AssertionError("the stage did not fail");
    }

    /** Subscribes, asks for one event at a time, and returns the failure the stream ends with. */
    private static CreorException streamFailure(Provider provider, String model) throws Exception {
        List<ChatEvent> events = new ArrayList<>();
        CompletableFuture<List<ChatEvent>> done = new CompletableFuture<>();
        provider.chatModel().stream(request(model)).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(ChatEvent event) {
                events.add(event);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(events);
            }
        });
        List<ChatEvent> received = done.get(10, TimeUnit.SECONDS);
        assertThat(received).singleElement().isInstanceOf(ChatEvent.Failed.class);
        return ((ChatEvent.Failed) received.get(0)).error();
    }

    private static ChatRequest request(String model) {
        return ChatRequest.builder().model(new ModelRef("throwing-ports", model)).addMessage(Message.user("hello"))
                .build();
    }
}
