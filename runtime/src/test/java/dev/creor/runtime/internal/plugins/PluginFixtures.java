package dev.creor.runtime.internal.plugins;

import com.fasterxml.jackson.core.JsonFactory;
import dev.creor.core.CreorException;
import dev.creor.spi.ProviderFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sources of the plugin classes the discovery tests pack into jars: good factories and
 * factories broken in every way discovery must report. All live in {@code com.example.plugins},
 * except the classes that stand for libraries.
 */
final class PluginFixtures {
    static final String PACKAGE = "com.example.plugins.";

    private PluginFixtures() {
    }

    /** A provider answering a fixed text; every good factory creates one. */
    private static final String FIXED_PROVIDER = """
            package com.example.plugins;

            import dev.creor.core.*;
            import dev.creor.core.catalog.*;
            import dev.creor.core.chat.*;
            import dev.creor.spi.*;
            import java.util.List;
            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.CompletionStage;
            import java.util.concurrent.Flow;

            public final class FixedProvider implements Provider {
                private final String id;
                private final String answer;

                public FixedProvider(String id, String answer) {
                    this.id = id;
                    this.answer = answer;
                }

                public ChatModel chatModel() {
                    return new ChatModel() {
                        public CompletionStage<ChatResponse> chat(ChatRequest request) {
                            return CompletableFuture.completedFuture(new ChatResponse(answer, "", List.of(),
                                    ResponseMetadata.builder(request.model()).finishReason(FinishReason.STOP).build()));
                        }

                        public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
                            throw new UnsupportedOperationException("not needed by the discovery tests");
                        }
                    };
                }

                public ModelCatalog catalog() {
                    return () -> CompletableFuture.completedFuture(List.of(
                            ModelInfo.builder(new ModelRef(id, "fixed")).build()));
                }

                public void close() {
                    // Tests that abandon a blocked create() check that the provider it made at last is closed.
                    if (System.getProperties().get("creor.test.closed." + id) instanceof java.util.concurrent.CountDownLatch closed) {
                        closed.countDown();
                    }
                }
            }
            """;

    /**
     * Blocks its caller, ignoring interrupts as stuck code does, until the test that set the
     * latch under {@link #RELEASE} in the system properties counts it down; forever without one.
     */
    private static final String BLOCK = """
            package com.example.plugins;

            import java.util.concurrent.CountDownLatch;

            public final class Block {
                public static void untilReleased() {
                    Object latch = System.getProperties().get("creor.test.release");
                    CountDownLatch release = latch instanceof CountDownLatch given ? given : new CountDownLatch(1);
                    while (true) {
                        try {
                            release.await();
                            return;
                        } catch (InterruptedException ignored) {
                            // Stuck code does not stop because the host asks it to.
                        }
                    }
                }
            }
            """;

    /** The system property under which a test leaves the latch that releases {@code Block}. */
    static final String RELEASE = "creor.test.release";

    /** A provider that breaks in every port, by model id where a port takes a request. */
    private static final String THROWING_PROVIDER = """
            package com.example.plugins;

            import dev.creor.core.*;
            import dev.creor.core.catalog.*;
            import dev.creor.core.chat.*;
            import dev.creor.spi.*;
            import java.util.List;
            import java.util.Optional;
            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.CompletionStage;
            import java.util.concurrent.Flow;

            public final class ThrowingProvider implements Provider {
                static int recurse(int depth) {
                    return recurse(depth + 1) + 1;
                }

                public ChatModel chatModel() {
                    return new ChatModel() {
                        public CompletionStage<ChatResponse> chat(ChatRequest request) {
                            switch (request.model().model()) {
                                case "overflow": recurse(0); return null;
                                case "out-of-memory": throw new OutOfMemoryError("simulated: the plugin ran out of memory");
                                case "failed-future": return CompletableFuture.failedFuture(new StackOverflowError());
                                default: throw new NoClassDefFoundError("org/example/lib/Gone");
                            }
                        }

                        public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
                            switch (request.model().model()) {
                                case "subscribe":
                                    return subscriber -> { recurse(0); };
                                case "request":
                                    return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
                                        public void request(long n) {
                                            throw new NoClassDefFoundError("org/example/lib/Gone");
                                        }

                                        public void cancel() {
                                            throw new IllegalStateException("cancel exploded");
                                        }
                                    });
                                default:
                                    recurse(0);
                                    return null;
                            }
                        }
                    };
                }

                public ModelCatalog catalog() {
                    throw new OutOfMemoryError("simulated: the catalog ran out of memory");
                }

                public Optional<KeyInspector> keyInspector() {
                    return Optional.of(key -> { recurse(0); return null; });
                }

                public void close() {
                    recurse(0);
                }
            }
            """;

    /** A provider whose close() never returns. */
    private static final String BLOCKING_CLOSE_PROVIDER = """
            package com.example.plugins;

            import dev.creor.spi.*;

            public final class BlockingCloseProvider implements Provider {
                private final Provider fixed = new FixedProvider("blocking-close", "Blocking close answer");

                public dev.creor.core.chat.ChatModel chatModel() {
                    return fixed.chatModel();
                }

                public dev.creor.core.catalog.ModelCatalog catalog() {
                    return fixed.catalog();
                }

                public void close() {
                    Block.untilReleased();
                }
            }
            """;

    /** A provider that ends the JVM when asked, through reflection (so no class names the exit). */
    private static final String REFLECTIVE_EXIT_PROVIDER = """
            package com.example.plugins;

            import dev.creor.core.*;
            import dev.creor.core.catalog.*;
            import dev.creor.core.chat.*;
            import dev.creor.spi.*;
            import java.util.concurrent.CompletionStage;
            import java.util.concurrent.Flow;

            public final class ReflectiveExitProvider implements Provider {
                public ChatModel chatModel() {
                    return new ChatModel() {
                        public CompletionStage<ChatResponse> chat(ChatRequest request) {
                            ReflectiveExit.now();
                            return null;
                        }

                        public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
                            ReflectiveExit.now();
                            return null;
                        }
                    };
                }

                public ModelCatalog catalog() {
                    return new FixedProvider("reflective-exit-chat", "").catalog();
                }

                public void close() {
                }
            }
            """;

    private static final String REFLECTIVE_EXIT = """
            package com.example.plugins;

            public final class ReflectiveExit {
                /** Runtime.getRuntime().exit(0), by name, as a library that hides it might. */
                public static void now() {
                    try {
                        Runtime.class.getMethod("exit", int.class).invoke(Runtime.getRuntime(), 0);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            """;

    /** A provider whose class calls System.exit directly: refused when it is loaded. */
    private static final String EXITING_PROVIDER = """
            package com.example.plugins;

            import dev.creor.core.*;
            import dev.creor.core.catalog.*;
            import dev.creor.core.chat.*;
            import dev.creor.spi.*;
            import java.util.concurrent.CompletionStage;
            import java.util.concurrent.Flow;

            public final class ExitingProvider implements Provider {
                public ChatModel chatModel() {
                    return new ChatModel() {
                        public CompletionStage<ChatResponse> chat(ChatRequest request) {
                            System.exit(0);
                            return null;
                        }

                        public Flow.Publisher<ChatEvent> stream(ChatRequest request) {
                            System.exit(0);
                            return null;
                        }
                    };
                }

                public ModelCatalog catalog() {
                    return new FixedProvider("exit-chat", "").catalog();
                }

                public void close() {
                }
            }
            """;

    /** Every fixture source, by class name. */
    static Map<String, String> sources() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put(PACKAGE + "FixedProvider", FIXED_PROVIDER);
        sources.put(PACKAGE + "GoodFactory", factory("GoodFactory", "\"good\"", "Good", ""));
        sources.put(PACKAGE + "OtherGoodFactory", factory("OtherGoodFactory", "\"good\"", "Another good", ""));
        sources.put(PACKAGE + "SecondFactory", factory("SecondFactory", "\"second\"", "Second", ""));
        sources.put(PACKAGE + "ThirdFactory", factory("ThirdFactory", "\"third\"", "Third", ""));
        sources.put(PACKAGE + "BuiltInGoodFactory", factory("BuiltInGoodFactory", "\"good\"", "Built-in good", ""));
        sources.put(PACKAGE + "BuiltInFactory", factory("BuiltInFactory", "\"built-in-one\"", "Built-in one", ""));
        sources.put(PACKAGE + "ThrowingConstructorFactory", factory("ThrowingConstructorFactory", "\"boom\"", "Boom",
                "public ThrowingConstructorFactory() { throw new IllegalStateException(\"constructor exploded\"); }"));
        sources.put(PACKAGE + "ThrowingStaticInitFactory", factory("ThrowingStaticInitFactory", "\"boom\"", "Boom",
                "static { if (Boolean.TRUE) { throw new IllegalStateException(\"static initialiser exploded\"); } }"));
        sources.put(PACKAGE + "ThrowingIdFactory", factory("ThrowingIdFactory",
                "thrower()", "Boom", "private static String thrower() { throw new IllegalStateException(\"id exploded\"); }"));
        sources.put(PACKAGE + "NullIdFactory", factory("NullIdFactory", "null", "Null", ""));
        sources.put(PACKAGE + "InvalidIdFactory", factory("InvalidIdFactory", "\"Bad_Id\"", "Bad", ""));
        sources.put(PACKAGE + "ThrowingDescriptorFactory", rawFactory("ThrowingDescriptorFactory", "\"broken-descriptor\"",
                "throw new UnsupportedOperationException(\"descriptor exploded\");", ""));
        sources.put(PACKAGE + "NullDescriptorFactory", rawFactory("NullDescriptorFactory", "\"null-descriptor\"",
                "return null;", ""));
        sources.put(PACKAGE + "BadSchemaFactory", rawFactory("BadSchemaFactory", "\"bad-schema\"",
                "return ProviderDescriptor.builder(\"Bad schema\").requiresCredential(false)"
                        + ".configSchema(\"{\\\"type\\\": \\\"object\\\",}\").build();", ""));
        sources.put(PACKAGE + "ArraySchemaFactory", rawFactory("ArraySchemaFactory", "\"array-schema\"",
                "return ProviderDescriptor.builder(\"Array schema\").requiresCredential(false)"
                        + ".configSchema(\"[]\").build();", ""));
        sources.put(PACKAGE + "NoDefaultConstructorFactory", factory("NoDefaultConstructorFactory", "\"no-default\"",
                "No default", "public NoDefaultConstructorFactory(String needed) { }"));
        sources.put(PACKAGE + "NotAFactory", """
                package com.example.plugins;

                public class NotAFactory {
                }
                """);
        sources.put(PACKAGE + "NewerSpiFactory", rawFactory("NewerSpiFactory", "\"newer-spi\"",
                "return ProviderDescriptor.builder(dev.creor.spi.FutureFeature.name()).build();", ""));
        sources.put("dev.creor.spi.FutureFeature", """
                package dev.creor.spi;

                public final class FutureFeature {
                    public static String name() {
                        return "from a future SPI";
                    }
                }
                """);
        sources.put(PACKAGE + "NeedsLibraryFactory", rawFactory("NeedsLibraryFactory", "\"needs-library\"",
                "return ProviderDescriptor.builder(org.example.lib.Helper.name()).build();", ""));
        sources.put("org.example.lib.Helper", """
                package org.example.lib;

                public final class Helper {
                    public static String name() {
                        return "helper";
                    }
                }
                """);
        sources.put(PACKAGE + "ExtendsLibraryFactory", """
                package com.example.plugins;

                public class ExtendsLibraryFactory extends org.example.lib.BaseFactory {
                    public String id() {
                        return "extends-library";
                    }
                }
                """);
        sources.put("org.example.lib.BaseFactory", """
                package org.example.lib;

                import dev.creor.spi.*;

                public abstract class BaseFactory implements ProviderFactory {
                    public ProviderDescriptor descriptor() {
                        return ProviderDescriptor.builder("Base").build();
                    }

                    public Provider create(ProviderSettings settings, ProviderContext context) {
                        throw new UnsupportedOperationException();
                    }
                }
                """);
        sources.put(PACKAGE + "FailingCreateFactory", factory("FailingCreateFactory", "\"failing-create\"",
                "Failing create", "", "throw new IllegalStateException(\"create exploded\");"));
        sources.put(PACKAGE + "NullCreateFactory", factory("NullCreateFactory", "\"null-create\"", "Null create", "",
                "return null;"));
        sources.put(PACKAGE + "ThrowingCatalogFactory", factory("ThrowingCatalogFactory", "\"throwing-catalog\"",
                "Throwing catalog", "", "Provider fixed = new FixedProvider(id(), \"Throwing catalog answer\");"
                        + " return new Provider() {"
                        + " public ChatModel chatModel() { return fixed.chatModel(); }"
                        + " public ModelCatalog catalog() { throw new IllegalStateException(\"catalog exploded\"); }"
                        + " public void close() { } };"));
        sources.put(PACKAGE + "ConfigRejectingFactory", factory("ConfigRejectingFactory", "\"rejecting\"", "Rejecting", "",
                "throw CreorException.of(ErrorCode.CONFIG_INVALID, \"provider.rejecting.options.colour must be a colour\");"));

        hostile(sources);

        // Isolation: a plugin bringing its own version of a library the host also has ...
        sources.put(PACKAGE + "OwnJacksonFactory", rawFactory("OwnJacksonFactory", "\"own-jackson\"",
                "return ProviderDescriptor.builder(\"Jackson \" + com.fasterxml.jackson.core.json.PackageVersion.plugin())"
                        + ".requiresCredential(false).build();", ""));
        sources.put("com.fasterxml.jackson.core.json.PackageVersion", """
                package com.fasterxml.jackson.core.json;

                public final class PackageVersion {
                    public static String plugin() {
                        return "9.9.9-plugin";
                    }
                }
                """);
        // ... and one using the host's copy of a library it does not bring.
        sources.put(PACKAGE + "HostJacksonFactory", rawFactory("HostJacksonFactory", "\"host-jackson\"",
                "return ProviderDescriptor.builder(\"Jackson \" + new com.fasterxml.jackson.core.JsonFactory().version())"
                        + ".requiresCredential(false).build();", ""));
        return sources;
    }

    /**
     * Plugins that break the way hostile or badly broken code does: errors the JVM throws
     * (stack overflow, out of memory, a missing class), calls that never return, and exits.
     */
    private static void hostile(Map<String, String> sources) {
        sources.put(PACKAGE + "Block", BLOCK);
        sources.put(PACKAGE + "ThrowingProvider", THROWING_PROVIDER);
        sources.put(PACKAGE + "BlockingCloseProvider", BLOCKING_CLOSE_PROVIDER);
        sources.put(PACKAGE + "ReflectiveExitProvider", REFLECTIVE_EXIT_PROVIDER);
        sources.put(PACKAGE + "ReflectiveExit", REFLECTIVE_EXIT);
        sources.put(PACKAGE + "ExitingProvider", EXITING_PROVIDER);
        String recurse = "private static int recurse(int depth) { return recurse(depth + 1) + 1; }";
        sources.put(PACKAGE + "OverflowingConstructorFactory", factory("OverflowingConstructorFactory",
                "\"overflowing-constructor\"", "Overflowing constructor",
                recurse + " public OverflowingConstructorFactory() { recurse(0); }"));
        sources.put(PACKAGE + "OutOfMemoryConstructorFactory", factory("OutOfMemoryConstructorFactory",
                "\"out-of-memory-constructor\"", "Out of memory", "public OutOfMemoryConstructorFactory() {"
                        + " long[] tooLarge = new long[Integer.MAX_VALUE]; tooLarge[0] = 1; }"));
        sources.put(PACKAGE + "MissingClassConstructorFactory", factory("MissingClassConstructorFactory",
                "\"missing-class-constructor\"", "Missing class",
                "public MissingClassConstructorFactory() { org.example.lib.Helper.name(); }"));
        sources.put(PACKAGE + "OverflowingDescriptorFactory", rawFactory("OverflowingDescriptorFactory",
                "\"overflowing-descriptor\"", "recurse(0); return null;", recurse));
        sources.put(PACKAGE + "OutOfMemoryIdFactory", factory("OutOfMemoryIdFactory", "thrower()", "Out of memory id",
                "private static String thrower() { throw new OutOfMemoryError(\"simulated: id ran out of memory\"); }"));
        sources.put(PACKAGE + "BlockingConstructorFactory", factory("BlockingConstructorFactory",
                "\"blocking-constructor\"", "Blocking constructor",
                "public BlockingConstructorFactory() { Block.untilReleased(); }"));
        sources.put(PACKAGE + "BlockingDescriptorFactory", rawFactory("BlockingDescriptorFactory",
                "\"blocking-descriptor\"", "Block.untilReleased(); return null;", ""));
        sources.put(PACKAGE + "BlockingCreateFactory", factory("BlockingCreateFactory", "\"blocking-create\"",
                "Blocking create", "", "Block.untilReleased(); return new FixedProvider(id(), \"late\");"));
        sources.put(PACKAGE + "OverflowingCreateFactory", factory("OverflowingCreateFactory", "\"overflowing-create\"",
                "Overflowing create", recurse, "recurse(0); return null;"));
        sources.put(PACKAGE + "MissingClassCreateFactory", factory("MissingClassCreateFactory",
                "\"missing-class-create\"", "Missing class create", "",
                "org.example.lib.Helper.name(); return null;"));
        sources.put(PACKAGE + "ThrowingPortsFactory", factory("ThrowingPortsFactory", "\"throwing-ports\"",
                "Throwing ports", "", "return new ThrowingProvider();"));
        sources.put(PACKAGE + "BlockingCloseFactory", factory("BlockingCloseFactory", "\"blocking-close\"",
                "Blocking close", "", "return new BlockingCloseProvider();"));
        sources.put(PACKAGE + "ExitingConstructorFactory", factory("ExitingConstructorFactory",
                "\"exiting-constructor\"", "Exiting constructor", "public ExitingConstructorFactory() { System.exit(0); }"));
        sources.put(PACKAGE + "HaltingCreateFactory", factory("HaltingCreateFactory", "\"halting-create\"",
                "Halting create", "", "Runtime.getRuntime().halt(0); return null;"));
        sources.put(PACKAGE + "ExitReferenceFactory", factory("ExitReferenceFactory", "\"exit-reference\"",
                "Exit reference", "", "java.util.function.IntConsumer end = System::exit; end.accept(0); return null;"));
        sources.put(PACKAGE + "ExitingChatFactory", factory("ExitingChatFactory", "\"exiting-chat\"", "Exiting chat",
                "", "return new ExitingProvider();"));
        sources.put(PACKAGE + "ReflectiveExitConstructorFactory", factory("ReflectiveExitConstructorFactory",
                "\"reflective-exit-constructor\"", "Reflective exit",
                "public ReflectiveExitConstructorFactory() { ReflectiveExit.now(); }"));
        sources.put(PACKAGE + "ReflectiveExitChatFactory", factory("ReflectiveExitChatFactory",
                "\"reflective-exit-chat\"", "Reflective exit chat", "", "return new ReflectiveExitProvider();"));
        // Built for another SPI: it calls a core method this Creor does not have (see the stub below).
        sources.put(PACKAGE + "RemovedSpiMethodFactory", rawFactory("RemovedSpiMethodFactory", "\"removed-spi-method\"",
                "return ProviderDescriptor.builder(dev.creor.core.internal.Suggestions.removedInThisCreor()).build();", ""));
        sources.put("dev.creor.core.internal.Suggestions", """
                package dev.creor.core.internal;

                public final class Suggestions {
                    public static String removedInThisCreor() {
                        return "from another SPI";
                    }
                }
                """);
    }

    /**
     * A provider built against an older SPI whose {@code Provider} had no {@code catalog()}:
     * compiled on its own, against a stub of that interface, into {@code output}.
     */
    static Path compileOldSpiProvider(Path output) {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("dev.creor.spi.Provider", """
                package dev.creor.spi;

                public interface Provider extends AutoCloseable {
                    dev.creor.core.chat.ChatModel chatModel();

                    void close();
                }
                """);
        sources.put(PACKAGE + "OldSpiProvider", """
                package com.example.plugins;

                public final class OldSpiProvider implements dev.creor.spi.Provider {
                    public dev.creor.core.chat.ChatModel chatModel() {
                        throw new UnsupportedOperationException("not needed");
                    }

                    public void close() {
                    }
                }
                """);
        sources.put(PACKAGE + "OldSpiFactory", factory("OldSpiFactory", "\"old-spi\"", "Old SPI", "",
                "return new OldSpiProvider();"));
        return PluginJars.compile(output, sources, List.of(PluginJars.locationOf(CreorException.class),
                PluginJars.locationOf(ProviderFactory.class)));
    }

    /** Compiles every fixture against core, the SPI and Jackson into {@code output}. */
    static Path compileAll(Path output) {
        return PluginJars.compile(output, sources(), List.of(PluginJars.locationOf(CreorException.class),
                PluginJars.locationOf(ProviderFactory.class), PluginJars.locationOf(JsonFactory.class)));
    }

    private static String factory(String name, String idExpression, String displayName, String members) {
        return factory(name, idExpression, displayName, members,
                "return new FixedProvider(id(), \"" + displayName + " answer\");");
    }

    private static String factory(String name, String idExpression, String displayName, String members,
                                  String createBody) {
        return rawFactory(name, idExpression, "return ProviderDescriptor.builder(\"" + displayName + "\")"
                + ".requiresCredential(false)"
                + ".configSchema(\"{\\\"type\\\":\\\"object\\\",\\\"properties\\\":{\\\"options\\\":{\\\"type\\\":\\\"object\\\"}}}\")"
                + ".build();", members, createBody);
    }

    private static String rawFactory(String name, String idExpression, String descriptorBody, String members) {
        return rawFactory(name, idExpression, descriptorBody, members,
                "return new FixedProvider(id(), \"" + name + " answer\");");
    }

    private static String rawFactory(String name, String idExpression, String descriptorBody, String members,
                                     String createBody) {
        return """
                package com.example.plugins;

                import dev.creor.core.*;
                import dev.creor.core.catalog.*;
                import dev.creor.core.chat.*;
                import dev.creor.spi.*;

                public class %s implements ProviderFactory {
                    %s

                    public String id() {
                        return %s;
                    }

                    public ProviderDescriptor descriptor() {
                        %s
                    }

                    public Provider create(ProviderSettings settings, ProviderContext context) {
                        if (Thread.currentThread().getContextClassLoader() != getClass().getClassLoader()) {
                            throw new IllegalStateException("the context class loader is not the plugin's");
                        }
                        %s
                    }
                }
                """.formatted(name, members, idExpression, descriptorBody, createBody);
    }
}
