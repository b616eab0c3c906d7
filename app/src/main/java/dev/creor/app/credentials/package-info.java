/**
 * Credentials: the file store behind {@link dev.creor.core.CredentialStore}
 * ({@link dev.creor.app.credentials.FileCredentialStore}), the resolution of the key in effect
 * for a provider and where it came from ({@link dev.creor.app.credentials.CredentialResolver}),
 * and the logic of {@code creor auth login|list|logout}
 * ({@link dev.creor.app.credentials.AuthService}, {@link dev.creor.app.credentials.KeyReader}).
 *
 * <p>No key value ever appears in an exception message, a log record, a {@code toString()} or
 * a result of this package; results show keys only as {@link dev.creor.core.Secret#masked()}.
 */
package dev.creor.app.credentials;
