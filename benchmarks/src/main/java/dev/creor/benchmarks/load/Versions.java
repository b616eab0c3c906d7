package dev.creor.benchmarks.load;

import java.security.CodeSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The version of the library a class was loaded from, read off its jar's name ({@code okhttp-4.12.0.jar}). */
public final class Versions {
    private static final Pattern VERSIONED_JAR = Pattern.compile(".*?-(\\d[^/]*?)\\.jar$");

    private Versions() {
    }

    /** The version in the name of the jar that holds {@code type}, or {@code ?} when it has none. */
    public static String of(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "?";
        }
        Matcher matcher = VERSIONED_JAR.matcher(source.getLocation().getPath());
        return matcher.matches() ? matcher.group(1) : "?";
    }
}
