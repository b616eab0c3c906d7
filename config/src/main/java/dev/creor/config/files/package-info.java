/**
 * Files Creor must be able to trust: {@link dev.creor.config.files.FileOwnership} (is a file or
 * folder the user's own: owned by the user or root and writable by nobody else) and
 * {@link dev.creor.config.files.PrivateFile} (a file only its owner may read, read without
 * following links and replaced atomically under a lock). The config loader, the trust store,
 * the credential store and plugin loading share them, so that each applies the same rules.
 */
package dev.creor.config.files;
