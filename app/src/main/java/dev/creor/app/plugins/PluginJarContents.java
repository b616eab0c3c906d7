package dev.creor.app.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What discovery reads from a plugin jar before any class of it is loaded: the factory class
 * names its service file lists, and the Creor classes it bundles by mistake.
 *
 * <p>Every entry that discovery, or the JDK's own jar handling, reads whole is measured first,
 * by inflating it and counting, never by trusting the size the zip claims: the service file
 * ({@value #SERVICE_FILE_LIMIT} bytes at most) and the entries directly in {@code META-INF/}
 * such as the manifest and signature files ({@value #METADATA_ENTRY_LIMIT} bytes at most each).
 * A zip bomb there (a few MB that inflate to gigabytes) is refused instead of filling the heap.
 * Class files are measured when they are loaded (see {@link PluginClassLoader}).
 *
 * <p>It is read with {@link ZipFile}, not {@code JarFile}: a {@code JarFile} reads the
 * manifest and signature files whole, before anything could measure them.
 */
final class PluginJarContents {
    /** The most a service file may inflate to: thousands of class names. */
    static final int SERVICE_FILE_LIMIT = 64 * 1024;
    /** The most a manifest, signature file or other top-level {@code META-INF/} entry may inflate to. */
    static final int METADATA_ENTRY_LIMIT = 8 * 1024 * 1024;

    private final boolean hasServiceFile;
    private final List<String> factoryClassNames;
    private final List<String> bundledHostClasses;

    private PluginJarContents(boolean hasServiceFile, List<String> factoryClassNames, List<String> bundledHostClasses) {
        this.hasServiceFile = hasServiceFile;
        this.factoryClassNames = List.copyOf(factoryClassNames);
        this.bundledHostClasses = List.copyOf(bundledHostClasses);
    }

    /**
     * Reads the jar.
     *
     * @throws OversizedEntryException when an entry inflates beyond its limit
     * @throws java.util.zip.ZipException when it is not a zip file
     * @throws IOException when it cannot be read
     */
    static PluginJarContents read(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> hostClasses = new ArrayList<>();
            ZipEntry serviceFile = null;
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.equals(ProviderFactoryLoader.SERVICE_FILE)) {
                    serviceFile = entry;
                } else if (isReadWholeByTheJdk(name)) {
                    measure(zip, entry, METADATA_ENTRY_LIMIT);
                } else if (name.endsWith(".class") && PluginClassLoader.isHostResource(name)) {
                    hostClasses.add(name);
                }
            }
            hostClasses.sort(null);
            if (serviceFile == null) {
                return new PluginJarContents(false, List.of(), hostClasses);
            }
            try (InputStream in = zip.getInputStream(serviceFile)) {
                return new PluginJarContents(true, ProviderFactoryLoader.classNamesIn(in, serviceFile.getName()),
                        hostClasses);
            }
        }
    }

    /** Whether the jar has {@code META-INF/services/dev.creor.spi.ProviderFactory}. */
    boolean hasServiceFile() {
        return hasServiceFile;
    }

    /** The class names the service file lists, in order; empty without a service file. */
    List<String> factoryClassNames() {
        return factoryClassNames;
    }

    /** The {@code dev/creor/core} and {@code dev/creor/spi} class files the jar bundles, sorted. */
    List<String> bundledHostClasses() {
        return bundledHostClasses;
    }

    /**
     * The manifest, the signature files and the jar index, which {@code JarFile} and
     * {@code URLClassLoader} read whole: every entry directly in {@code META-INF/}.
     */
    private static boolean isReadWholeByTheJdk(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.startsWith("META-INF/") && upper.indexOf('/', "META-INF/".length()) < 0
                && upper.length() > "META-INF/".length();
    }

    /** Inflates the entry into nothing, counting, and stops as soon as it passes the limit. */
    private static void measure(ZipFile zip, ZipEntry entry, int limit) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            if (inflatesBeyond(in, limit)) {
                throw new OversizedEntryException(entry.getName(), limit);
            }
        }
    }

    /** Whether the stream holds more than {@code limit} bytes; reads at most one buffer beyond it. */
    private static boolean inflatesBeyond(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int read; (read = in.read(buffer)) >= 0; ) {
            total += read;
            if (total > limit) {
                return true;
            }
        }
        return false;
    }

    /** An entry that inflates to more than discovery is willing to read. */
    static final class OversizedEntryException extends IOException {
        private final String entry;
        private final long limit;

        OversizedEntryException(String entry, long limit) {
            super(entry + " inflates to more than " + limit + " bytes");
            this.entry = Objects.requireNonNull(entry, "entry is null");
            this.limit = limit;
        }

        /** The entry's name. */
        String entry() {
            return entry;
        }

        /** The limit it passed, in bytes. */
        long limit() {
            return limit;
        }
    }
}
