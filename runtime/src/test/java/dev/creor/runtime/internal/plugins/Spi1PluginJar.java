package dev.creor.runtime.internal.plugins;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds a real plugin jar built for SPI 1, the way its author's build made it: the provider in
 * {@code runtime/src/test/spi-1/plugin}, compiled against the SPI 1 sources kept beside it (see
 * the README there), in a jar whose manifest declares no SPI version. Its provider id is
 * {@value #PROVIDER_ID}.
 */
public final class Spi1PluginJar {
    /** The id the old plugin's factory would claim, were it loaded. */
    public static final String PROVIDER_ID = "legacy";

    /** The fixture, from the directory of a module beside runtime (where tests run). */
    static final Path FIXTURE = Path.of("").toAbsolutePath().getParent().resolve("runtime/src/test/spi-1");

    private Spi1PluginJar() {
    }

    /** Compiles the old plugin in {@code work} and writes its jar to {@code jar}. */
    public static Path build(Path work, Path jar) {
        return build(work, PluginJars.jar(jar).declaringNoSpiVersion());
    }

    /**
     * The same classes in a jar whose manifest claims {@code version}, as a careless rebuild
     * might: what the linkage backstop is for.
     */
    static Path buildClaiming(Path work, Path jar, String version) {
        return build(work, PluginJars.jar(jar).declaringSpiVersion(version));
    }

    private static Path build(Path work, PluginJars.Builder jar) {
        if (!Files.isDirectory(FIXTURE.resolve("sources/dev/creor/spi"))) {
            throw new IllegalStateException("the SPI 1 fixture is not at " + FIXTURE);
        }
        Path classes = PluginJars.compileTreeAgainstSources(work.resolve("spi-1-classes"), FIXTURE.resolve("plugin"),
                FIXTURE.resolve("sources"));
        return jar.classes(classes, name -> name.startsWith("com.example.legacy."))
                .service("com.example.legacy.LegacyProviderFactory")
                .write();
    }
}
