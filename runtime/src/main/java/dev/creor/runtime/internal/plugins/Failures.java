package dev.creor.runtime.internal.plugins;

import java.lang.reflect.InvocationTargetException;

/** Turns what plugin code threw into a short explanation for a person, without a stack trace. */
final class Failures {
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
        String name = error.getClass().getSimpleName().isEmpty() ? error.getClass().getName()
                : error.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
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
                return "it needs " + missing + ", which this Creor does not have; it was built for a newer Creor: "
                        + "upgrade Creor or use a build of the plugin made for this one";
            }
            return "it needs class " + missing + ", which is neither in the plugin jar nor in Creor; "
                    + "bundle the plugin's dependencies into its jar (e.g. with the maven-shade-plugin)";
        }
        return "it does not fit this Creor's provider SPI (" + error.getClass().getSimpleName() + ": " + detail
                + "); it was built for another Creor version: use a build of the plugin made for this one";
    }
}
