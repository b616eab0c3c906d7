package dev.creor.runtime.internal.plugins;

import dev.creor.spi.ProviderFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars at test time: compiles Java sources with the system compiler against
 * chosen class-path entries, then packs chosen classes and resources into a jar.
 */
final class PluginJars {
    private PluginJars() {
    }

    /** Where the class was loaded from: a classes directory or a jar. */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException error) {
            throw new IllegalStateException(error);
        }
    }

    /**
     * Compiles the sources (fully qualified class name to source text) into {@code output},
     * with the given class path; fails with the compiler's messages when they do not compile.
     */
    static Path compile(Path output, Map<String, String> sources, List<Path> classPath) {
        List<JavaFileObject> units = sources.entrySet().stream()
                .map(entry -> (JavaFileObject) new Source(entry.getKey(), entry.getValue()))
                .toList();
        return compileUnits(output, units, List.of("-classpath", joined(classPath)));
    }

    private static String joined(List<Path> classPath) {
        return classPath.stream().map(Path::toString).collect(Collectors.joining(System.getProperty("path.separator")));
    }

    /** Compiles every {@code .java} file under {@code sourceRoot} into {@code output}. */
    static Path compileTree(Path output, Path sourceRoot, List<Path> classPath) {
        return compileTreeWith(output, sourceRoot, List.of("-classpath", joined(classPath)));
    }

    /**
     * Compiles every {@code .java} file under {@code sourceRoot} into {@code output} against the
     * sources of another API (e.g. an old SPI), whose own classes are not written.
     */
    static Path compileTreeAgainstSources(Path output, Path sourceRoot, Path apiSources) {
        // An explicit class path keeps the test's own (today's SPI) out: javac would prefer its newer classes.
        return compileTreeWith(output, sourceRoot, List.of("-classpath", output.toString(), "-sourcepath",
                apiSources.toString(), "-implicit:none"));
    }

    private static Path compileTreeWith(Path output, Path sourceRoot, List<String> pathOptions) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (Stream<Path> files = Files.walk(sourceRoot);
             var fileManager = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            List<JavaFileObject> units = new ArrayList<>();
            fileManager.getJavaFileObjectsFromPaths(files.filter(file -> file.toString().endsWith(".java")).toList())
                    .forEach(units::add);
            return compileUnits(output, units, pathOptions);
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }

    private static Path compileUnits(Path output, List<JavaFileObject> units, List<String> pathOptions) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try {
            Files.createDirectories(output);
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
        List<String> options = new ArrayList<>(List.of("--release", "17", "-proc:none", "-nowarn", "-d",
                output.toString()));
        options.addAll(pathOptions);
        StringWriter messages = new StringWriter();
        Boolean compiled = compiler.getTask(messages, null, null, options, null, units).call();
        if (!compiled) {
            throw new IllegalStateException("fixture sources do not compile:\n" + messages);
        }
        return output;
    }

    /** Starts a jar. */
    static Builder jar(Path file) {
        return new Builder(file);
    }

    /**
     * Collects entries, then writes the jar. Its manifest declares this Creor's SPI version, as
     * a plugin built against this SPI does, unless told otherwise.
     */
    static final class Builder {
        private final Path file;
        private final Map<String, byte[]> entries = new LinkedHashMap<>();
        private Optional<String> spiVersion = Optional.of(String.valueOf(ProviderFactory.spiVersion()));

        private Builder(Path file) {
            this.file = file;
        }

        /** Adds the class files under {@code classes} whose class names pass the filter (inner classes included). */
        Builder classes(Path classes, Predicate<String> classNames) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path classFile : files.filter(path -> path.toString().endsWith(".class")).sorted().toList()) {
                    String entry = classes.relativize(classFile).toString().replace('\\', '/');
                    String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                    int inner = className.indexOf('$');
                    if (classNames.test(inner < 0 ? className : className.substring(0, inner))) {
                        entries.put(entry, Files.readAllBytes(classFile));
                    }
                }
            } catch (IOException error) {
                throw new UncheckedIOException(error);
            }
            return this;
        }

        /** Adds the named classes (and their inner classes) from {@code classes}. */
        Builder classes(Path classes, String... classNames) {
            List<String> wanted = List.of(classNames);
            return classes(classes, wanted::contains);
        }

        /** Adds every file under {@code root}, e.g. a resources directory. */
        Builder tree(Path root) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                    entries.put(root.relativize(path).toString().replace('\\', '/'), Files.readAllBytes(path));
                }
            } catch (IOException error) {
                throw new UncheckedIOException(error);
            }
            return this;
        }

        /** Adds {@code META-INF/services/dev.creor.spi.ProviderFactory} listing the given lines. */
        Builder service(String... lines) {
            return text(ProviderFactoryLoader.SERVICE_FILE, String.join("\n", lines) + "\n");
        }

        /** Adds a text entry. */
        Builder text(String name, String content) {
            entries.put(name, content.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** Declares this text as the manifest's {@code Creor-SPI-Version}. */
        Builder declaringSpiVersion(String version) {
            this.spiVersion = Optional.of(version);
            return this;
        }

        /** Declares no SPI version, as jars built before SPI 2 did. */
        Builder declaringNoSpiVersion() {
            this.spiVersion = Optional.empty();
            return this;
        }

        /** Adds an entry with the given bytes. */
        Builder bytes(String name, byte[] content) {
            entries.put(name, content.clone());
            return this;
        }

        /** Writes the jar, replacing any file there, and returns its path. */
        Path write() {
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            spiVersion.ifPresent(version -> manifest.getMainAttributes()
                    .putValue(ProviderFactory.SPI_VERSION_ATTRIBUTE, version));
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                try (OutputStream out = Files.newOutputStream(file);
                     JarOutputStream jar = new JarOutputStream(out, manifest)) {
                    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                        jar.putNextEntry(new JarEntry(entry.getKey()));
                        jar.write(entry.getValue());
                        jar.closeEntry();
                    }
                }
            } catch (IOException error) {
                throw new UncheckedIOException(error);
            }
            return file;
        }
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String className, String text) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
