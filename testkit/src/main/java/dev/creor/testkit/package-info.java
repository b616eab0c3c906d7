/**
 * The provider contract as a test suite, for provider authors.
 *
 * <p>Extend {@link dev.creor.testkit.ProviderContractTest} in a provider module's tests (with
 * this module at test scope) and supply the factory, {@link dev.creor.testkit.Scenario}s a
 * backend answers in known ways and, when the backend counts them, its
 * {@link dev.creor.testkit.OpenConnections}. {@link dev.creor.testkit.RecordingSubscriber}
 * serves a provider's own streaming tests.
 *
 * <p>For tests that drive a real program: {@link dev.creor.testkit.Subprocess} runs one under a
 * time limit and captures what it printed, and {@link dev.creor.testkit.NodeScript} runs a Node.js
 * script whose packages (an official SDK, say) {@code npm ci} installs from its lockfile when they are missing.
 */
package dev.creor.testkit;
