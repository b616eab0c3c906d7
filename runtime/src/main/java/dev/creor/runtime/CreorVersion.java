package dev.creor.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of Creor, as recorded at build time. */
public final class CreorVersion {
    private static final String VERSION = load();

    private CreorVersion() {
    }

    /** The version, e.g. {@code 0.1.0}. */
    public static String version() {
        return VERSION;
    }

    /** The {@code User-Agent} Creor sends, e.g. {@code creor/0.1.0}. */
    public static String userAgent() {
        return "creor/" + VERSION;
    }

    private static String load() {
        try (InputStream in = CreorVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the build");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
