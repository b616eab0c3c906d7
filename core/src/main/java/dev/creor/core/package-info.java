/**
 * Creor's domain: requests, answers and stream events, model references and catalogs,
 * credentials, errors, and the ports ({@link dev.creor.core.ChatModel},
 * {@link dev.creor.core.ModelCatalog}, {@link dev.creor.core.CredentialStore},
 * {@link dev.creor.core.Environment}, {@link dev.creor.core.Scheduler}) the other modules
 * implement.
 *
 * <p>This package depends on the JDK only. Every public type is immutable unless its
 * documentation says otherwise, and no method accepts or returns {@code null}.
 */
package dev.creor.core;
