/**
 * {@code creor serve}: an OpenAI-compatible HTTP gateway in front of a {@link dev.creor.runtime.Creor}
 * runtime, so that tools speaking the chat-completions API get Creor's agents, whitelists,
 * fallbacks and circuit breakers. Requests go through the runtime's public facade only.
 */
package dev.creor.serve;
