/**
 * The OpenRouter provider: {@link dev.creor.provider.openrouter.OpenRouterProviderFactory}.
 *
 * <p>Everything else of the adapter (wire format, SSE parsing, HTTP, errors, catalog) lives in
 * {@code dev.creor.provider.openrouter.internal}, which is not API.
 */
package dev.creor.provider.openrouter;
