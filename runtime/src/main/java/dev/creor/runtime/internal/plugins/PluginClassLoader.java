package dev.creor.runtime.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

/**
 * The class loader of one plugin jar.
 *
 * <p>It looks for a class in this order: the JDK (the platform class loader); the host, for
 * {@code dev.creor.core} and {@code dev.creor.spi} and their subpackages, so that the plugin
 * and Creor share the types they talk through; the plugin jar; and last the host again, so a
 * plugin that declares a host library as provided (such as Vert.x, to share the host's
 * instance through {@code ProviderContext.sharedResource}) can use it. Because the jar comes
 * before the host for every other class, a plugin that bundles its own Jackson or HTTP client
 * gets its own version, whatever the host uses.
 *
 * <p>Resources follow the same order, except that {@code META-INF/services/dev.creor.*} files
 * come from the jar only: otherwise the host's own provider factories would show up again
 * as the plugin's.
 *
 * <p>The jar's classes are defined from bytes this loader reads itself, so that it can refuse a
 * class before any of its code runs: one whose class file inflates beyond
 * {@value #CLASS_FILE_LIMIT} bytes (a zip bomb), and one that refers to {@code System.exit},
 * {@code Runtime.exit} or {@code Runtime.halt} (see {@link ExitCallScan}): a provider reports
 * failures as errors, and ending the JVM would end Creor with the plugin's exit code.
 * The refusal is a {@link RefusedPluginClassError} naming the class and the jar.
 *
 * <p>The loader's name is {@code plugin:} and the jar's path, so a stack frame of plugin code
 * tells which jar it came from ({@link #jarOf(StackTraceElement)}).
 */
final class PluginClassLoader extends URLClassLoader {
    /** The most a class file may inflate to; the largest real ones are a few hundred kilobytes. */
    static final int CLASS_FILE_LIMIT = 8 * 1024 * 1024;
    private static final String NAME_PREFIX = "plugin:";
    private static final List<String> HOST_PACKAGES = List.of("dev.creor.core.", "dev.creor.spi.");
    private static final List<String> HOST_RESOURCES = List.of("dev/creor/core/", "dev/creor/spi/");
    private static final String OWN_SERVICE_FILES = "META-INF/services/dev.creor.";

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader host;
    private final Path jar;
    private final CodeSource codeSource;
    private final JarFile classes;

    /**
     * Opens the jar.
     *
     * @throws IOException when the jar cannot be opened; check its manifest with
     *                     {@link PluginJarContents} first, which opening it reads whole
     */
    PluginClassLoader(Path jar, ClassLoader host) throws IOException {
        super(NAME_PREFIX + jar, new URL[] {toUrl(jar)}, ClassLoader.getPlatformClassLoader());
        this.host = Objects.requireNonNull(host, "host is null");
        this.jar = jar;
        this.codeSource = new CodeSource(toUrl(jar), (CodeSigner[]) null);
        this.classes = new JarFile(jar.toFile(), false, ZipFile.OPEN_READ, JarFile.runtimeVersion());
    }

    /** The plugin jar whose class loader defined the frame's class, if a plugin class loader did. */
    static Optional<Path> jarOf(StackTraceElement frame) {
        String loader = frame.getClassLoaderName();
        return loader != null && loader.startsWith(NAME_PREFIX)
                ? Optional.of(Path.of(loader.substring(NAME_PREFIX.length()))) : Optional.empty();
    }

    /** Whether the class always comes from the host, whatever the jar holds. */
    static boolean isHostClass(String className) {
        return HOST_PACKAGES.stream().anyMatch(className::startsWith);
    }

    /** Whether a jar entry, by name, is a class the host always supplies instead. */
    static boolean isHostResource(String resourceName) {
        return HOST_RESOURCES.stream().anyMatch(resourceName::startsWith);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = isHostClass(name) ? host.loadClass(name) : loadChildFirst(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private Class<?> loadChildFirst(String name) throws ClassNotFoundException {
        try {
            return getParent().loadClass(name);
        } catch (ClassNotFoundException notInTheJdk) {
            // Expected for every class that is not the JDK's.
        }
        try {
            return findClass(name);
        } catch (ClassNotFoundException notInTheJar) {
            return host.loadClass(name);
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String path = name.replace('.', '/') + ".class";
        byte[] bytes;
        try {
            JarEntry entry = classes.getJarEntry(path);
            if (entry == null) {
                throw new ClassNotFoundException(name);
            }
            bytes = read(classes, entry, name);
        } catch (IOException | IllegalStateException unreadable) {
            // IllegalStateException: the loader was closed.
            throw new ClassNotFoundException(name + " cannot be read from " + jar + ": " + unreadable, unreadable);
        }
        Optional<String> exitCall = ExitCallScan.exitCallIn(bytes);
        if (exitCall.isPresent()) {
            throw new RefusedPluginClassError("its class " + name + " calls " + exitCall.get()
                    + ", which would end Creor itself, so Creor refuses to load it: a provider reports failures as "
                    + "errors and leaves the process alone");
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, codeSource);
    }

    private byte[] read(JarFile jarFile, JarEntry entry, String className) throws IOException {
        try (InputStream in = jarFile.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(CLASS_FILE_LIMIT + 1);
            if (bytes.length > CLASS_FILE_LIMIT) {
                throw new RefusedPluginClassError("its class " + className + " inflates to more "
                        + "than " + CLASS_FILE_LIMIT / (1024 * 1024) + " MB, so Creor refuses to load it: no real class "
                        + "file is that large; rebuild the jar");
            }
            return bytes;
        }
    }

    /** Defines the class's package once, with the jar manifest's attributes, as URLClassLoader would. */
    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String packageName = className.substring(0, dot);
        if (getDefinedPackage(packageName) != null) {
            return;
        }
        Manifest manifest = null;
        try {
            manifest = classes.getManifest();
        } catch (IOException unreadable) {
            // The package gets no attributes; the classes load all the same.
        }
        try {
            if (manifest != null) {
                definePackage(packageName, manifest, codeSource.getLocation());
            } else {
                definePackage(packageName, null, null, null, null, null, null, null);
            }
        } catch (IllegalArgumentException definedMeanwhile) {
            // Another thread defined it first (the loader is parallel capable): that one stands.
        }
    }

    @Override
    public void close() throws IOException {
        try {
            classes.close();
        } finally {
            super.close();
        }
    }

    @Override
    public URL getResource(String name) {
        if (isHostResource(name)) {
            return host.getResource(name);
        }
        URL own = findResource(name);
        if (own != null || name.startsWith(OWN_SERVICE_FILES)) {
            return own;
        }
        return host.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isHostResource(name)) {
            return host.getResources(name);
        }
        if (name.startsWith(OWN_SERVICE_FILES)) {
            return findResources(name);
        }
        List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
        urls.addAll(Collections.list(host.getResources(name)));
        return Collections.enumeration(urls);
    }

    @Override
    public String toString() {
        return "PluginClassLoader[" + getURLs()[0] + "]";
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }
}
