package dev.creor.runtime.internal.plugins;

import dev.creor.spi.ProviderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What discovery reads from a plugin jar before any class of it is loaded: the SPI version its
 * manifest declares, the factory class names its service file lists, and the Creor classes it
 * bundles by mistake.
 *
 * <p>Every entry that discovery, or the JDK's own jar handling, reads whole is measured first,
 * by inflating it and counting, never by trusting the size the zip claims: the service file
 * ({@value #SERVICE_FILE_LIMIT} bytes at most) and the entries directly in {@code META-INF/}
 * such as the manifest and signature files ({@value #METADATA_ENTRY_LIMIT} bytes at most each,
 * {@value #METADATA_TOTAL_LIMIT} together).
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
    /** The most all of them together may inflate to: thousands of small bombs cost time, not memory. */
    static final int METADATA_TOTAL_LIMIT = 32 * 1024 * 1024;

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private final Optional<String> declaredSpiVersion;
    private final boolean hasServiceFile;
    private final List<String> factoryClassNames;
    private final List<String> bundledHostClasses;

    private PluginJarContents(Optional<String> declaredSpiVersion, boolean hasServiceFile,
                              List<String> factoryClassNames, List<String> bundledHostClasses) {
        this.declaredSpiVersion = declaredSpiVersion;
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
            Optional<String> declaredSpiVersion = Optional.empty();
            long metadata = 0;
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (name.equals(ProviderFactoryLoader.SERVICE_FILE)) {
                    serviceFile = entry;
                } else if (isReadWholeByTheJdk(name)) {
                    if (name.equalsIgnoreCase(MANIFEST)) {
                        byte[] manifest = readBounded(zip, entry, METADATA_ENTRY_LIMIT);
                        metadata += manifest.length;
                        declaredSpiVersion = spiVersionIn(manifest);
                    } else {
                        metadata += measure(zip, entry, METADATA_ENTRY_LIMIT);
                    }
                    if (metadata > METADATA_TOTAL_LIMIT) {
                        throw new OversizedEntryException("the entries directly in its META-INF/ together inflate",
                                METADATA_TOTAL_LIMIT);
                    }
                } else if (name.endsWith(".class") && PluginClassLoader.isHostResource(name)) {
                    hostClasses.add(name);
                }
            }
            hostClasses.sort(null);
            if (serviceFile == null) {
                return new PluginJarContents(declaredSpiVersion, false, List.of(), hostClasses);
            }
            try (InputStream in = zip.getInputStream(serviceFile)) {
                return new PluginJarContents(declaredSpiVersion, true, ProviderFactoryLoader.classNamesIn(in,
                        "its entry " + serviceFile.getName() + " inflates"), hostClasses);
            }
        }
    }

    /**
     * The text of the manifest's {@value ProviderFactory#SPI_VERSION_ATTRIBUTE} main attribute,
     * stripped; empty when the jar has no manifest or the manifest declares no version.
     */
    Optional<String> declaredSpiVersion() {
        return declaredSpiVersion;
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

    /**
     * The declared SPI version of a manifest; a manifest the JDK cannot parse declares none, and
     * the JDK's own jar handling reports it when the class loader opens the jar.
     */
    private static Optional<String> spiVersionIn(byte[] manifest) {
        try {
            String declared = new Manifest(new ByteArrayInputStream(manifest)).getMainAttributes()
                    .getValue(ProviderFactory.SPI_VERSION_ATTRIBUTE);
            return Optional.ofNullable(declared).map(String::strip);
        } catch (IOException | RuntimeException unparsable) {
            return Optional.empty();
        }
    }

    /** Inflates the entry into memory, refusing it as soon as it passes the limit. */
    private static byte[] readBounded(ZipFile zip, ZipEntry entry, int limit) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new OversizedEntryException("its entry " + entry.getName() + " inflates", limit);
            }
            return bytes;
        }
    }

    /**
     * Inflates the entry into nothing, counting, and stops as soon as it passes the limit.
     *
     * @return how many bytes it inflates to
     */
    private static long measure(ZipFile zip, ZipEntry entry, int limit) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        try (InputStream in = zip.getInputStream(entry)) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                total += read;
                if (total > limit) {
                    throw new OversizedEntryException("its entry " + entry.getName() + " inflates", limit);
                }
            }
        }
        return total;
    }

    /** An entry, or entries, that inflate to more than discovery is willing to read. */
    static final class OversizedEntryException extends IOException {
        private final String whatInflates;
        private final long limit;

        /**
         * @param whatInflates what passed the limit, as the start of a sentence, e.g.
         *                     {@code its entry META-INF/MANIFEST.MF inflates}
         * @param limit        the limit, in bytes
         */
        OversizedEntryException(String whatInflates, long limit) {
            super(whatInflates + " to more than " + limit + " bytes");
            this.whatInflates = Objects.requireNonNull(whatInflates, "whatInflates is null");
            this.limit = limit;
        }

        /** What passed the limit, e.g. {@code its entry META-INF/MANIFEST.MF inflates}. */
        String whatInflates() {
            return whatInflates;
        }

        /** The limit it passed, in bytes. */
        long limit() {
            return limit;
        }
    }
}
