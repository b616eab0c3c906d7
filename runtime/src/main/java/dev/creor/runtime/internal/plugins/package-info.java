/**
 * Discovery of provider plugins: the {@link dev.creor.spi.ProviderFactory}s on the class path
 * and in plugin jars, each jar isolated in its own class loader.
 *
 * <p>{@link dev.creor.runtime.internal.plugins.ProviderDiscovery} looks, checks and filters;
 * {@link dev.creor.runtime.internal.plugins.DiscoveredProviders} is the result: the
 * {@link dev.creor.runtime.internal.plugins.DiscoveredProvider}s to use and every
 * {@link dev.creor.runtime.internal.plugins.PluginProblem}, each with its
 * {@link dev.creor.runtime.internal.plugins.Origin}.
 *
 * <p>A plugin jar's class loader takes the JDK's classes from the JDK, {@code dev.creor.core}
 * and {@code dev.creor.spi} (and their subpackages) always from Creor, and every other class
 * from the jar first, then from Creor. A plugin may therefore bring its own version of any
 * library, and it talks to Creor through exactly the same SPI classes.
 */
package dev.creor.runtime.internal.plugins;
