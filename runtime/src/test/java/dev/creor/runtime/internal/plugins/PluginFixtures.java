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
        sources.put(PACKAGE + "FutureSpiFactory", rawFactory("FutureSpiFactory", "\"future\"",
                "return ProviderDescriptor.builder(\"Future\").spiVersion(ProviderDescriptor.CURRENT_SPI_VERSION + 1)"
                        + ".requiresCredential(false).build();", ""));
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
                + ".spiVersion(ProviderDescriptor.CURRENT_SPI_VERSION).requiresCredential(false)"
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
