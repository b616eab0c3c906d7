package dev.creor.runtime.internal.plugins;

/**
 * A class of a plugin jar that Creor refuses to define: one that would end the JVM
 * ({@code System.exit}, {@code Runtime.exit}, {@code Runtime.halt}), or a class file too large
 * to be one. Thrown by {@link PluginClassLoader} instead of the class, so none of its code
 * runs; like any {@link LinkageError}, whoever loads the class gets it, and the JVM gives the
 * same error to every later attempt.
 */
final class RefusedPluginClassError extends LinkageError {
    private static final long serialVersionUID = 1L;

    RefusedPluginClassError(String message) {
        super(message);
    }
}
