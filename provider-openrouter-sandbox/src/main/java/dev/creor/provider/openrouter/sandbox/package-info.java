/**
 * An OpenRouter-compatible server on loopback with deterministic, scriptable answers.
 *
 * <p>{@link dev.creor.provider.openrouter.sandbox.OpenRouterSandbox} is the server;
 * {@link dev.creor.provider.openrouter.sandbox.SandboxBehaviour} says how it answers a request;
 * {@link dev.creor.provider.openrouter.sandbox.RecordedRequest} is what it recorded of one. Tests,
 * benchmarks, {@code creor sandbox} and the offline {@code creor demo} use it instead of the
 * network. The user guide is {@code docs/sandbox.md}.
 */
package dev.creor.provider.openrouter.sandbox;
