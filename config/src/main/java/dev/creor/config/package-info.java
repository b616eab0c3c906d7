/**
 * Creor's configuration: {@code creor.json} / {@code creor.jsonc} files and the other sources,
 * layered, substituted and validated against a JSON Schema composed at run time with each
 * provider's fragment.
 *
 * <p>Start with {@link dev.creor.config.ConfigLoader}. It returns a
 * {@link dev.creor.config.LoadedConfig}: a {@link dev.creor.config.ValidationReport} listing
 * every {@link dev.creor.config.ConfigProblem} located in the source that supplied the value,
 * a {@link dev.creor.config.Provenance} saying where each value came from, and, when valid, the
 * typed {@link dev.creor.config.CreorConfig}. Secrets are {@link dev.creor.core.Secret}s and
 * never appear in a rendering, a message or a {@code toString()}.
 *
 * <p>Every public type is immutable, and no method accepts or returns {@code null}.
 */
package dev.creor.config;
