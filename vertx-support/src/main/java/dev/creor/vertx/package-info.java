/**
 * What Creor's Vert.x servers share (the OpenRouter sandbox, the settings page, the gateway):
 * {@link dev.creor.vertx.IdleConnections}, the guard that closes connections which hold a server
 * without asking it anything. It depends on Vert.x and the JDK alone, no other part of Creor, so
 * that the sandbox, which is built on core only, can use it as well as the programs on the runtime.
 */
package dev.creor.vertx;
