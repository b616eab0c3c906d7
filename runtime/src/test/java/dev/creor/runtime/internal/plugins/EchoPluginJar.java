package dev.creor.runtime.internal.plugins;

import dev.creor.core.CreorException;
import dev.creor.spi.ProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the echo example's plugin jar from its sources in {@code examples/provider-echo}, the
 * way its own build would (the manifest declares this Creor's SPI version), without the runtime
 * depending on that module.
 */
public final class EchoPluginJar {
    /** The example module, from the app module's directory (where tests run). */
    static final Path MODULE = Path.of("").toAbsolutePath().getParent().resolve("examples/provider-echo");

    private EchoPluginJar() {
    }

    /** Compiles the echo sources in {@code work} and writes the jar to {@code jar}. */
    public static Path build(Path work, Path jar) {
        return build(work, jar, String.valueOf(ProviderFactory.spiVersion()));
    }

    /**
     * Like {@link #build(Path, Path)}, but the manifest declares {@code spiVersion}, e.g. a
     * version newer than this Creor speaks.
     */
    public static Path build(Path work, Path jar, String spiVersion) {
        if (!Files.isDirectory(MODULE.resolve("src/main/java"))) {
            throw new IllegalStateException("the echo example's sources are not at " + MODULE);
        }
        Path classes = PluginJars.compileTree(work.resolve("echo-classes"), MODULE.resolve("src/main/java"),
                List.of(PluginJars.locationOf(CreorException.class), PluginJars.locationOf(ProviderFactory.class)));
        return PluginJars.jar(jar)
                .declaringSpiVersion(spiVersion)
                .classes(classes, name -> true)
                .tree(MODULE.resolve("src/main/resources"))
                .write();
    }
}
