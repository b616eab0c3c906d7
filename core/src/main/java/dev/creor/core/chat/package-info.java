/**
 * A conversation with a language model: the {@link dev.creor.core.chat.ChatModel} port that every
 * provider implements, the request ({@link dev.creor.core.chat.ChatRequest} of
 * {@link dev.creor.core.chat.Message}s, tools and sampling options), the whole answer
 * ({@link dev.creor.core.chat.ChatResponse}) or the stream of {@link dev.creor.core.chat.ChatEvent}s,
 * and what came with it: usage, cost, the model that served it and the route it took
 * ({@link dev.creor.core.chat.ResponseMetadata}, {@link dev.creor.core.RouteReport}).
 */
package dev.creor.core.chat;
