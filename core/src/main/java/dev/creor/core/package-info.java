/**
 * Creor's domain, at its root: what every other package of core and every module shares —
 * errors ({@link dev.creor.core.CreorException} with a stable {@link dev.creor.core.ErrorCode}),
 * model references ({@link dev.creor.core.ModelRef}), secrets ({@link dev.creor.core.Secret}), and
 * the ports to the world outside ({@link dev.creor.core.CredentialStore},
 * {@link dev.creor.core.Environment}, {@link dev.creor.core.Scheduler}).
 *
 * <p>The rest of the domain lives in packages named by concept: {@link dev.creor.core.chat} (the
 * conversation, the {@code ChatModel} port, answers and stream events), {@link dev.creor.core.catalog}
 * (the models a provider offers and which of them a user allows) and {@link dev.creor.core.routing}
 * (the model router). {@code dev.creor.core.internal} holds helpers that are public for Creor's own
 * modules only; embedders and plugins must not use it.
 *
 * <p>Core depends on the JDK only. Every public type is immutable unless its documentation says
 * otherwise, and no method accepts or returns {@code null}.
 */
package dev.creor.core;
