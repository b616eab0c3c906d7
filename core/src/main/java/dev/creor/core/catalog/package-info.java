/**
 * The models a provider offers ({@link dev.creor.core.catalog.ModelCatalog} of
 * {@link dev.creor.core.catalog.ModelInfo}: context window, prices, capabilities) and which of
 * them a user allows ({@link dev.creor.core.catalog.ModelFilter}: whitelist and blacklist globs).
 */
package dev.creor.core.catalog;
