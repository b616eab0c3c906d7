/**
 * The model router: one {@link dev.creor.core.chat.ChatModel} in front of every provider, which
 * resolves each request's model and fallbacks to providers, enforces their model filters,
 * retries with back-off and {@code Retry-After}, falls back from model to model, keeps a
 * circuit breaker per model, limits concurrency per provider, and reports the route each
 * request took.
 *
 * <p>Start with {@link dev.creor.core.routing.ModelRouter}. The policies
 * ({@link dev.creor.core.routing.RetryPolicy}, {@link dev.creor.core.routing.CircuitBreakerPolicy},
 * {@link dev.creor.core.routing.ConcurrencyLimit}) are immutable values, set per provider on a
 * {@link dev.creor.core.routing.RouteTarget}.
 */
package dev.creor.core.routing;
