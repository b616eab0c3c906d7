package dev.creor.runtime.internal.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

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
 */
final class PluginClassLoader extends URLClassLoader {
    private static final List<String> HOST_PACKAGES = List.of("dev.creor.core.", "dev.creor.spi.");
    private static final List<String> HOST_RESOURCES = List.of("dev/creor/core/", "dev/creor/spi/");
    private static final String OWN_SERVICE_FILES = "META-INF/services/dev.creor.";

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader host;

    PluginClassLoader(Path jar, ClassLoader host) {
        super("plugin:" + jar.getFileName(), new URL[] {toUrl(jar)}, ClassLoader.getPlatformClassLoader());
        this.host = Objects.requireNonNull(host, "host is null");
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
