/**
 * The OpenRouter adapter's implementation: the wire format and its mapping to Creor's types,
 * the incremental SSE parser, the HTTP transport with its time limits, the demand-driven stream
 * publisher, error mapping, the model catalog with its disk cache, and key inspection.
 *
 * <p>Not API: anything here may change without notice. Only
 * {@link dev.creor.provider.openrouter.internal.OpenRouterProvider} is public, for the factory.
 */
package dev.creor.provider.openrouter.internal;
