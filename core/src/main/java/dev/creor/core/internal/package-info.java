/**
 * Helpers that Creor's own modules share: argument checks, JSON-like value handling,
 * did-you-mean suggestions, duration wording, collecting a stream into an answer. Public for
 * those modules only; not an API: embedders and plugins must not use it, and it changes without
 * notice.
 */
package dev.creor.core.internal;
