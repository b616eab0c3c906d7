package dev.creor.runtime.internal.plugins;

import dev.creor.spi.ProviderFactory;
import java.lang.reflect.InvocationTargetException;

/** Turns what plugin code threw into a short explanation for a person, without a stack trace. */
final class Failures {
    /** What to do about a plugin that does not fit this Creor's SPI. */
    private static final String REBUILD = "rebuild it against creor-provider-spi "
            + ProviderFactory.spiArtifactVersion() + " (SPI " + ProviderFactory.spiVersion()
            + "), or get a build of it made for this Creor";

    private Failures() {
    }

    /**
     * The failure as {@code SimpleName: message}, looking through the wrappers that reflection
     * and class initialisation put around it, with an explanation for linkage errors.
     */
    static String describe(Throwable failure) {
        Throwable error = unwrap(failure);
        if (error instanceof LinkageError linkage) {
            return describeLinkage(linkage);
        }
        String message = error.getMessage();
        return message == null || message.isBlank() ? name(error) : name(error) + ": " + message;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable error = failure;
        while ((error instanceof InvocationTargetException || error instanceof ExceptionInInitializerError)
                && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    private static String describeLinkage(LinkageError error) {
        String detail = error.getMessage() == null ? "" : error.getMessage();
        if (error instanceof RefusedPluginClassError) {
            return detail;
        }
        if (error instanceof UnsupportedClassVersionError) {
            return "it was compiled for a newer Java than this one (Java " + Runtime.version().feature()
                    + "): " + detail + "; compile the plugin with --release " + Runtime.version().feature()
                    + " or run Creor on a newer Java";
        }
        if (error instanceof NoClassDefFoundError && detail.startsWith("Could not initialize class ")) {
            return "its class " + detail.substring("Could not initialize class ".length())
                    + " failed to initialise earlier";
        }
        if (error instanceof NoClassDefFoundError) {
            String missing = detail.replace('/', '.');
            if (PluginClassLoader.isHostClass(missing)) {
                return "it was built for another SPI: it needs " + missing + ", which this Creor does not "
                        + "have; " + REBUILD;
            }
            return "it needs class " + missing + ", which is neither in the plugin jar nor in Creor; "
                    + "bundle the plugin's dependencies into its jar (e.g. with the maven-shade-plugin)";
        }
        if (error instanceof ClassFormatError) {
            return "its class files are invalid (" + name(error) + ": " + detail + "); rebuild the jar";
        }
        if (detail.contains("dev.creor.core.") || detail.contains("dev.creor.spi.")
                || detail.contains("dev/creor/core/") || detail.contains("dev/creor/spi/")) {
            return "it was built for another SPI (" + name(error) + ": " + detail + "); " + REBUILD;
        }
        return "it does not fit the classes Creor gives it (" + name(error) + ": " + detail + "); it was built "
                + "against other versions of the libraries it shares with Creor: bundle them into the jar, or "
                + "rebuild it against this Creor's versions";
    }

    private static String name(Throwable error) {
        return error.getClass().getSimpleName().isEmpty() ? error.getClass().getName() : error.getClass().getSimpleName();
    }
}
