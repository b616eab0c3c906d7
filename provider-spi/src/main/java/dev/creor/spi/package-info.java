/**
 * The contract a provider implements to plug into Creor.
 *
 * <p>A provider jar contains a {@link dev.creor.spi.ProviderFactory} listed in
 * {@code META-INF/services/dev.creor.spi.ProviderFactory}. Creor discovers it, validates the
 * provider's config section against {@link dev.creor.spi.ProviderDescriptor#configSchema()},
 * resolves its credential and calls {@link dev.creor.spi.ProviderFactory#create} with
 * {@link dev.creor.spi.ProviderSettings} and a {@link dev.creor.spi.ProviderContext}. The
 * returned {@link dev.creor.spi.Provider} offers a {@link dev.creor.core.chat.ChatModel} and a
 * {@link dev.creor.core.catalog.ModelCatalog}.
 *
 * <p>This package depends on {@code dev.creor.core} and the JDK only; a plugin brings any
 * other library it needs, isolated in its own class loader.
 */
package dev.creor.spi;
