/**
 * Credentials: the file store behind {@link dev.creor.core.CredentialStore}
 * ({@link dev.creor.runtime.internal.credentials.FileCredentialStore}), the resolution of the key in effect
 * for a provider and where it came from ({@link dev.creor.runtime.internal.credentials.CredentialResolver}),
 * and the logic of {@code creor auth login|list|logout}
 * ({@link dev.creor.runtime.internal.credentials.AuthService}, {@link dev.creor.runtime.internal.credentials.KeyReader}).
 *
 * <p>No key value ever appears in an exception message, a log record, a {@code toString()} or
 * a result of this package; results show keys only as {@link dev.creor.core.Secret#masked()}.
 */
package dev.creor.runtime.internal.credentials;
