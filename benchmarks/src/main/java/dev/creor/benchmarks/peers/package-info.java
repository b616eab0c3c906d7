/**
 * Other Java clients of OpenAI-compatible chat APIs, measured in the same harness, against the same
 * sandbox, in the same run as Creor: each built as its documentation shows for OpenRouter (a base URL
 * and a key), with nothing changed but the connection limit, which every client gets from the harness.
 */
package dev.creor.benchmarks.peers;
