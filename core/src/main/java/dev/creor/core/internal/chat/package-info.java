/**
 * Stream helpers Creor's own modules share, such as assembling a streamed answer into one
 * {@link dev.creor.core.chat.ChatResponse}. Public for those modules only, like
 * {@link dev.creor.core.internal}: not an API, and it changes without notice.
 */
package dev.creor.core.internal.chat;
