/**
 * The kit's HTTP transport on Vert.x: one exchange under the three time limits
 * ({@link dev.creor.provider.kit.transport.HttpExchange}), SSE framing
 * ({@link dev.creor.provider.kit.transport.SseEventParser}), the back-pressured chat-event
 * publisher ({@link dev.creor.provider.kit.transport.ChatEventPublisher}) and the streamed answer's
 * session that feeds it ({@link dev.creor.provider.kit.transport.SseChatSession}), which the kit's
 * session and the adapter's extend. Public for the kit and
 * the built-in OpenRouter adapter only, which words its own errors
 * ({@link dev.creor.provider.kit.transport.TransportErrors}); not an API, and no plugin sees it
 * (an ArchUnit rule in cli checks who uses it).
 */
package dev.creor.provider.kit.transport;
