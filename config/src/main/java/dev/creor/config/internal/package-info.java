/**
 * The machinery behind {@code dev.creor.config}: the JSONC reader with positions, substitution,
 * merging, schema composition and the translation of schema violations. Not an API: it may
 * change in any release.
 */
package dev.creor.config.internal;
