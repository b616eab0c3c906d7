package dev.creor.runtime.internal.plugins;

import dev.creor.core.CreorException;
import dev.creor.spi.ProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the echo example's plugin jar from its sources in {@code examples/provider-echo}, the
 * way its own build would, without the app depending on that module.
 */
public final class EchoPluginJar {
    /** The example module, from the app module's directory (where tests run). */
    static final Path MODULE = Path.of("").toAbsolutePath().getParent().resolve("examples/provider-echo");

    private EchoPluginJar() {
    }

    /** Compiles the echo sources in {@code work} and writes the jar to {@code jar}. */
    public static Path build(Path work, Path jar) {
        if (!Files.isDirectory(MODULE.resolve("src/main/java"))) {
            throw new IllegalStateException("the echo example's sources are not at " + MODULE);
        }
        Path classes = PluginJars.compileTree(work.resolve("echo-classes"), MODULE.resolve("src/main/java"),
                List.of(PluginJars.locationOf(CreorException.class), PluginJars.locationOf(ProviderFactory.class)));
        return PluginJars.jar(jar)
                .classes(classes, name -> true)
                .tree(MODULE.resolve("src/main/resources"))
                .write();
    }
}
